#pragma once
// An origin server for the integration tests on 127.0.0.1:<free port>, plain HTTP or TLS
// with a given certificate. Beast + Asio coroutines on an io_context of its own, run by
// one thread; keep-alive supported. The routes are listed in origin_routes.hpp.
//
// Thread safety: the counters may be read from any thread while the origin serves.

#include "support/test_pki.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flowscope::test {

// A request as the origin read it, for tests that check what exactly arrived.
struct ReceivedRequest {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers; // wire order, original case
    std::string body;                                         // the first kBodyKept bytes
    std::uint64_t bodySize = 0;
    static constexpr std::size_t kBodyKept = 64 * 1024;
};

class TestOrigin {
public:
    // Plain HTTP when `tls` is empty.
    explicit TestOrigin(std::optional<CertFiles> tls = std::nullopt);
    ~TestOrigin(); // stops serving, closes every connection, joins the thread
    TestOrigin(const TestOrigin&) = delete;
    TestOrigin& operator=(const TestOrigin&) = delete;

    std::uint16_t port() const;
    bool isTls() const;
    // "http://127.0.0.1:PORT/path" (https:// for a TLS origin); `host` replaces 127.0.0.1.
    std::string url(std::string_view pathAndQuery, std::string_view host = "127.0.0.1") const;

    std::uint64_t connectionsAccepted() const;
    std::uint64_t requestCount() const;                       // complete requests, every route
    std::uint64_t requestCount(std::string_view route) const; // "/hello", "/bytes" (no query)
    std::uint64_t bytesReceived() const;                      // request bytes read, complete or not
    // The last kRequestsKept complete requests, oldest first (bounded: large-body tests).
    std::vector<ReceivedRequest> receivedRequests() const;
    static constexpr std::size_t kRequestsKept = 32;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::test
