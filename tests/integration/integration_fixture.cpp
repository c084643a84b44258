#include "integration_fixture.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

namespace flowscope::test {

const std::filesystem::path& IntegrationTest::scratch() const {
    if (!m_scratch)
        m_scratch.emplace("flowscope-it");
    return m_scratch->path();
}

const TestPki& IntegrationTest::pki() {
    if (!m_pki) {
        std::filesystem::create_directories(scratch() / "pki");
        m_pki = createTestPki(scratch() / "pki");
    }
    return *m_pki;
}

CurlResult IntegrationTest::curlVia(const ProxyHarness& proxy, std::vector<std::string> urls,
                                    std::optional<std::filesystem::path> ca, std::vector<std::string> extraArgs) const {
    CurlRequest request;
    request.proxyPort = proxy.port();
    request.caFile = std::move(ca);
    request.urls = std::move(urls);
    request.extraArgs = std::move(extraArgs);
    return curl(request);
}

std::optional<std::string> headerValue(const store::HeaderList& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (std::equal(key.begin(), key.end(), name.begin(), name.end(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            }))
            return value;
    }
    return std::nullopt;
}

const store::Flow* findFlow(const std::vector<store::Flow>& flows,
                            const std::function<bool(const store::Flow&)>& match) {
    const auto it = std::find_if(flows.begin(), flows.end(), match);
    return it == flows.end() ? nullptr : &*it;
}

std::vector<const store::Flow*> flowsOfKind(const std::vector<store::Flow>& flows, store::FlowKind kind) {
    std::vector<const store::Flow*> matching;
    for (const auto& flow : flows) {
        if (flow.kind == kind)
            matching.push_back(&flow);
    }
    return matching;
}

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

bool waitForIdleProxy(const ProxyHarness& proxy, std::chrono::milliseconds timeout) {
    return waitUntil([&] { return proxy.stats().activeSessions == 0; }, timeout);
}

} // namespace flowscope::test
