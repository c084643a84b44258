#pragma once
// Sends one HTTP request through the local Flowscope proxy, the way a user's client would,
// so the engine intercepts and records it as a new flow ("Edit and Resend").
//
//   http://...   one connection to the proxy, the request in absolute-form (RFC 9112 §3.2.2)
//   https://...  CONNECT host:port, then TLS inside the tunnel, verifying the leaf the proxy
//                mints against the Flowscope root CA given here (and the host name), then
//                the request in origin-form.
//
// One connection per request, closed after the response: a resend is rare and must not
// share state with the next one. No Asio or OpenSSL types in this header.

#include "client/request_spec.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>

namespace flowscope::client {

struct SenderConfig {
    // Where the proxy listens. An IP literal (no name lookups here): a wildcard listen
    // address (0.0.0.0, ::) means the loopback one, "localhost" means 127.0.0.1.
    std::string proxyHost = "127.0.0.1";
    std::uint16_t proxyPort = 8888;
    std::string caPem; // the Flowscope root certificate (PEM); needed for https only
    std::chrono::milliseconds timeout = std::chrono::seconds(30); // the whole exchange
    std::size_t maxResponseBody = 16u * 1024u * 1024u;            // kept in SendResult::body; the rest is counted
};

// Thread safety: send(), sendAsync() and cancelAll() may be called from any thread except
// the sender's own (i.e. not from inside a completion callback: send() there would wait for
// itself). Requests run concurrently on one private thread. The destructor cancels what is
// in flight (callbacks still run, with error "cancelled") and joins the thread.
class RequestSender {
public:
    using Callback = std::function<void(SendResult)>;

    explicit RequestSender(SenderConfig config);
    ~RequestSender();
    RequestSender(const RequestSender&) = delete;
    RequestSender& operator=(const RequestSender&) = delete;

    const SenderConfig& config() const { return m_config; }

    // Blocks until the response, an error or the timeout.
    SendResult send(const RequestSpec& spec);
    // Returns at once; `done` runs on the sender thread exactly once. A UI posts the result
    // to its own thread from there.
    void sendAsync(RequestSpec spec, Callback done);
    std::future<SendResult> sendAsync(RequestSpec spec);
    // Ends every request in flight with error "cancelled".
    void cancelAll();

private:
    struct Impl;
    SenderConfig m_config;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::client
