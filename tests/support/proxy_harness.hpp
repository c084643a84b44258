#pragma once
// An in-process ProxyServer on 127.0.0.1:<free port> with its own data dir, CA and flow
// store, and a way to read back what it recorded.
//
// Thread safety: use from the test thread; the proxy serves on its own threads.

#include "ca/certificate_authority.hpp"
#include "engine/proxy_options.hpp"
#include "engine/proxy_server.hpp"
#include "store/flow.hpp"
#include "store/flow_writer.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace flowscope::test {

class ProxyHarness {
public:
    // Loopback, a free port, two engine threads; everything else as the product defaults.
    static engine::ProxyOptions defaultOptions();

    explicit ProxyHarness(engine::ProxyOptions options = defaultOptions());
    ~ProxyHarness();
    ProxyHarness(const ProxyHarness&) = delete;
    ProxyHarness& operator=(const ProxyHarness&) = delete;

    std::uint16_t port() const { return m_address.port; }
    const std::filesystem::path& dataDir() const { return m_dataDir.path(); }
    std::filesystem::path storeFile() const { return m_dataDir.path() / "flows.sqlite"; }
    std::filesystem::path caPath() const { return m_authority->paths().certPem; }
    engine::ProxyServer& server() { return *m_server; }
    engine::EngineStats stats() const { return m_server->stats(); }

    // Every flow in the store, ordered by id, bodies included. Flows are published when an
    // exchange ends, which can be just after the client has its response: this first waits
    // (up to `timeout`) until the engine has published at least `atLeast` flows, then
    // flushes the writer.
    std::vector<store::Flow> flows(std::size_t atLeast = 0,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // Stops the proxy (drains, joins) and flushes the store; idempotent.
    void stop();

private:
    TempDir m_dataDir;
    std::unique_ptr<ca::CertificateAuthority> m_authority;
    std::unique_ptr<store::FlowWriter> m_writer;
    std::unique_ptr<engine::ProxyServer> m_server;
    engine::ListenAddress m_address;
};

} // namespace flowscope::test
