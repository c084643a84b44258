#include "support/proxy_harness.hpp"

#include "store/flow_store.hpp"

#include <thread>

namespace flowscope::test {

engine::ProxyOptions ProxyHarness::defaultOptions() {
    engine::ProxyOptions options;
    options.listenHost = "127.0.0.1";
    options.listenPort = 0;
    options.threads = 2;
    options.drainTimeout = std::chrono::milliseconds(500);
    return options;
}

ProxyHarness::ProxyHarness(engine::ProxyOptions options) : m_dataDir("flowscope-it-proxy") {
    m_authority = ca::CertificateAuthority::loadOrCreate(m_dataDir.path() / "certs");
    m_writer = std::make_unique<store::FlowWriter>(storeFile());
    m_server = std::make_unique<engine::ProxyServer>(std::move(options), *m_authority, *m_writer);
    m_address = m_server->start();
}

ProxyHarness::~ProxyHarness() {
    // The server refers to the writer and the CA: it goes first.
    m_server.reset();
    m_writer.reset();
}

void ProxyHarness::stop() {
    m_server->stop();
    m_writer->flush();
}

std::vector<store::Flow> ProxyHarness::flows(std::size_t atLeast, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (m_server->stats().flowsPublished < atLeast && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    m_writer->flush();
    const store::FlowReader reader(storeFile());
    store::FlowQuery query;
    query.limit = 0; // all
    query.sortKey = store::FlowSortKey::Id;
    std::vector<store::Flow> flows;
    for (const store::FlowSummary& summary : reader.list(query)) {
        if (auto flow = reader.get(summary.id, true))
            flows.push_back(std::move(*flow));
    }
    return flows;
}

} // namespace flowscope::test
