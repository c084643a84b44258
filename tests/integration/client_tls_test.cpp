// A client that does not trust the proxy's CA: the handshake fails on the client side and
// the flow says so (client_tls_rejected), without any upstream traffic.
#include "integration_fixture.hpp"
#include "support/proxy_client.hpp"
#include "support/test_origin.hpp"

#include <gmock/gmock.h>

namespace flowscope::test {
namespace {

using ::testing::HasSubstr;

class ClientTlsTest : public IntegrationTest {
protected:
    static void expectRejectedFlow(ProxyHarness& proxy, std::uint16_t port) {
        const auto flows = proxy.flows(1);
        ASSERT_EQ(flows.size(), 1u);
        const store::Flow& flow = flows[0];
        EXPECT_EQ(flow.errorKind, "client_tls_rejected") << flow.errorMessage;
        EXPECT_THAT(flow.errorMessage, HasSubstr("localhost:" + std::to_string(port)));
        EXPECT_EQ(flow.host, "localhost");
        EXPECT_EQ(flow.port, port);
        EXPECT_EQ(flow.tls.sni, "localhost");
        EXPECT_EQ(flow.scheme, "https");
    }

    TestOrigin origin{pki().valid};
};

TEST_F(ClientTlsTest, CurlWithoutTheProxyCaRejectsTheCertificate) {
    FLOWSCOPE_REQUIRE_CURL();
    engine::ProxyOptions options = ProxyHarness::defaultOptions();
    options.upstreamCaFiles = {pki().caCert};
    ProxyHarness proxy(options);
    // The system store only: curl answers our leaf with an unknown_ca alert.
    const CurlResult result = curlVia(proxy, {origin.url("/hello", "localhost")}, std::nullopt);
    EXPECT_EQ(result.exitCode, 60) << result.describe();
    expectRejectedFlow(proxy, origin.port());
    EXPECT_EQ(origin.connectionsAccepted(), 0u);
}

TEST_F(ClientTlsTest, OwnClientWithAnotherTrustStoreRejectsTheCertificate) {
    ProxyHarness proxy;
    ProxyClient client(proxy.port());
    try {
        client.openTunnel({"localhost", origin.port(), pki().caCert, ""}); // trusts the test CA only
        ADD_FAILURE() << "the handshake succeeded with an untrusted proxy CA";
    } catch (const ClientError& error) {
        EXPECT_THAT(error.what(), HasSubstr("certificate verify failed"));
    }
    expectRejectedFlow(proxy, origin.port());
    EXPECT_EQ(origin.connectionsAccepted(), 0u);
}

} // namespace
} // namespace flowscope::test
