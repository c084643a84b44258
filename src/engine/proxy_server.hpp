#pragma once
// The capture engine's public face: start a proxy on an address, feed flows to a sink,
// stop gracefully. No Asio or OpenSSL types here, so the CLI and the Qt app include it
// cheaply.

#include "engine/proxy_options.hpp"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace flowscope::ca {
class CertificateAuthority;
}
namespace flowscope::store {
class FlowSink;
}

namespace flowscope::engine {

// One readable line: "cannot listen on 127.0.0.1:8888: address already in use".
class EngineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ListenAddress {
    std::string host;
    std::uint16_t port = 0;
    std::string toString() const; // "127.0.0.1:8888", "[::1]:8888"
};

struct EngineStats {
    std::uint64_t connectionsAccepted = 0;
    std::uint64_t activeSessions = 0;
    std::uint64_t flowsPublished = 0;
    std::uint64_t upstreamConnectsOpened = 0;
    std::uint64_t upstreamConnectsReused = 0;
};

// Thread safety: start()/stop() from one controlling thread; stats() from any thread.
// The CertificateAuthority and FlowSink must outlive the server.
class ProxyServer {
public:
    ProxyServer(ProxyOptions options, ca::CertificateAuthority& authority, store::FlowSink& sink);
    ~ProxyServer(); // stop()s if running
    ProxyServer(const ProxyServer&) = delete;
    ProxyServer& operator=(const ProxyServer&) = delete;

    // Binds, then serves on background threads. Throws EngineError (address in use,
    // unloadable --upstream-ca file, invalid listen host).
    ListenAddress start();
    // Stops accepting, lets exchanges in flight finish for up to drainTimeout, closes the
    // rest, joins the threads. Idempotent.
    void stop();

    EngineStats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::engine
