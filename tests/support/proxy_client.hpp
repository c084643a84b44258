#pragma once
// The tests' own HTTP/1.1 client (Beast, synchronous API, every wait bounded): plain
// absolute-form requests through the proxy, and HTTPS through a CONNECT tunnel with TLS
// verified against a given CA (SNI + host name check). Several requests share one
// kept-alive connection; connectionsOpened() tells how many TCP connections were made.
//
// Thread safety: one ProxyClient per thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flowscope::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

class ClientError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct HttpRequest {
    std::string method = "GET";
    std::string target; // absolute-form for plain proxying, origin-form inside a tunnel
    Headers headers;    // in order; Host is added (from the target or the tunnel) when missing
    std::string body;
    bool chunked = false; // Transfer-Encoding: chunked, the body in chunkSize pieces
    std::size_t chunkSize = 16 * 1024;
};

struct HttpResponse {
    int status = 0;
    std::string reason;
    Headers headers; // wire order
    std::string body;
    bool keepAlive = false;
    std::optional<std::string> header(std::string_view name) const; // first match, any case
    std::size_t headerCount(std::string_view name) const;
};

struct TlsTarget {
    std::string host; // CONNECT host, and the name checked in the certificate
    std::uint16_t port = 0;
    std::filesystem::path caFile; // the only trusted root
    std::string sni;              // empty: host
};

class ProxyClient {
public:
    explicit ProxyClient(std::uint16_t proxyPort, std::chrono::milliseconds timeout = std::chrono::seconds(30));
    ~ProxyClient();
    ProxyClient(const ProxyClient&) = delete;
    ProxyClient& operator=(const ProxyClient&) = delete;

    // Plain connection: (re)connects when needed. In a tunnel: sent through it.
    // Throws ClientError on I/O failure or timeout.
    HttpResponse send(const HttpRequest& request);
    HttpResponse get(const std::string& target);

    // CONNECT host:port (throws unless 200), then the TLS handshake; throws ClientError
    // naming the verification failure. Later send()s go through the tunnel.
    void openTunnel(const TlsTarget& target);

    bool connected() const;
    unsigned connectionsOpened() const;
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::test
