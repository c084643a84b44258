#pragma once
// The base of every integration test: a scratch directory of its own, the test PKI made on
// first use, curl bound to that directory, and small lookups over recorded flows. Each
// test builds its own origins and proxy, so tests share nothing and run in any order.

#include "store/flow.hpp"
#include "support/curl_runner.hpp"
#include "support/proxy_harness.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::test {

class IntegrationTest : public ::testing::Test {
protected:
    // Made on first use: a test that never needs it leaves nothing behind even when it ends
    // without destructors (the crash guard's child process exits with _Exit).
    const std::filesystem::path& scratch() const;
    const TestPki& pki();
    CurlResult curl(const CurlRequest& request) const { return runCurl(request, scratch()); }
    // curl through `proxy` to `urls`, trusting `ca` (none: the system store).
    CurlResult curlVia(const ProxyHarness& proxy, std::vector<std::string> urls,
                       std::optional<std::filesystem::path> ca, std::vector<std::string> extraArgs = {}) const;

private:
    mutable std::optional<TempDir> m_scratch;
    std::optional<TestPki> m_pki;
};

// Skips the current test when the system curl is missing.
#define FLOWSCOPE_REQUIRE_CURL()                                                                                       \
    do {                                                                                                               \
        if (!::flowscope::test::curlAvailable())                                                                       \
            FAIL() << "curl is not installed (packaging/install-deps.sh installs it)";                                 \
    } while (false)

std::optional<std::string> headerValue(const store::HeaderList& headers, std::string_view name);
const store::Flow* findFlow(const std::vector<store::Flow>& flows,
                            const std::function<bool(const store::Flow&)>& match);
std::vector<const store::Flow*> flowsOfKind(const std::vector<store::Flow>& flows, store::FlowKind kind);
// Polls `condition` every few milliseconds until it holds or `timeout` passes.
bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(5));
// Until the proxy has no client session left (the previous client is fully gone).
bool waitForIdleProxy(const ProxyHarness& proxy, std::chrono::milliseconds timeout = std::chrono::seconds(5));

} // namespace flowscope::test
