// --no-decrypt hosts: the CONNECT becomes a raw byte relay, the client sees the real
// origin certificate, and the store gets a tunnel flow with byte counts.
#include "integration_fixture.hpp"
#include "support/origin_content.hpp"
#include "support/test_origin.hpp"

namespace flowscope::test {
namespace {

class NoDecryptTest : public IntegrationTest {
protected:
    engine::ProxyOptions noDecryptLocalhost() {
        engine::ProxyOptions options = ProxyHarness::defaultOptions();
        options.noDecryptHosts = {"localhost"};
        return options;
    }

    TestOrigin origin{pki().valid};
    ProxyHarness proxy{noDecryptLocalhost()};
};

TEST_F(NoDecryptTest, ClientSeesTheOriginCertificateAndATunnelFlowIsRecorded) {
    FLOWSCOPE_REQUIRE_CURL();
    // Trusting only the test CA works: the certificate is the origin's own.
    const CurlResult result = curlVia(proxy, {origin.url("/hello", "localhost")}, pki().caCert);
    ASSERT_EQ(result.exitCode, 0) << result.describe();
    EXPECT_EQ(result.httpCode(), 200);
    EXPECT_EQ(result.body(), kHelloBody);

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    const store::Flow& flow = flows[0];
    EXPECT_EQ(flow.kind, store::FlowKind::Tunnel);
    EXPECT_EQ(flow.method, "CONNECT");
    EXPECT_EQ(flow.host, "localhost");
    EXPECT_EQ(flow.port, origin.port());
    EXPECT_GT(flow.bytesFromClient, 0u);
    EXPECT_GT(flow.bytesToClient, kHelloBody.size()); // a TLS handshake and the response
    EXPECT_TRUE(flow.responseBody.data.empty());      // nothing decrypted
    EXPECT_TRUE(flow.errorKind.empty()) << flow.errorKind << ": " << flow.errorMessage;
    EXPECT_EQ(proxy.stats().upstreamConnectsOpened, 0u); // a tunnel is not a pooled connection
}

TEST_F(NoDecryptTest, TrustingOnlyTheProxyCaFailsBecauseNothingIsIntercepted) {
    FLOWSCOPE_REQUIRE_CURL();
    const CurlResult result = curlVia(proxy, {origin.url("/hello", "localhost")}, proxy.caPath());
    EXPECT_EQ(result.exitCode, 60) << result.describe(); // CURLE_PEER_FAILED_VERIFICATION
    EXPECT_EQ(origin.requestCount(), 0u);

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].kind, store::FlowKind::Tunnel);
    EXPECT_EQ(flows[0].host, "localhost");
    EXPECT_GT(flows[0].bytesFromClient, 0u);
    EXPECT_GT(flows[0].bytesToClient, 0u);
}

TEST_F(NoDecryptTest, OtherHostsAreStillIntercepted) {
    FLOWSCOPE_REQUIRE_CURL();
    // 127.0.0.1 does not match the "localhost" glob: intercepted, so the proxy CA works and
    // the proxy (trusting the test CA) verifies the origin's IP SAN.
    engine::ProxyOptions options = noDecryptLocalhost();
    options.upstreamCaFiles = {pki().caCert};
    ProxyHarness intercepting(options);
    const CurlResult result = curlVia(intercepting, {origin.url("/hello")}, intercepting.caPath());
    ASSERT_EQ(result.exitCode, 0) << result.describe();
    EXPECT_EQ(result.body(), kHelloBody);
    const auto flows = intercepting.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].kind, store::FlowKind::Http);
    EXPECT_EQ(flows[0].url, origin.url("/hello"));
    EXPECT_EQ(flows[0].responseBody.data, kHelloBody);
}

} // namespace
} // namespace flowscope::test
