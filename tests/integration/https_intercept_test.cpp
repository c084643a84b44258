// HTTPS through CONNECT with interception: the client trusts the proxy's CA, the proxy
// verifies the origin against the test CA, requests share connections on both sides.
#include "integration_fixture.hpp"
#include "support/origin_content.hpp"
#include "support/proxy_client.hpp"
#include "support/test_origin.hpp"

#include <gmock/gmock.h>

namespace flowscope::test {
namespace {

using ::testing::HasSubstr;

class HttpsInterceptTest : public IntegrationTest {
protected:
    engine::ProxyOptions trustingTestCa() {
        engine::ProxyOptions options = ProxyHarness::defaultOptions();
        options.upstreamCaFiles = {pki().caCert};
        return options;
    }

    void expectInterceptedHello(const store::Flow& flow) const {
        EXPECT_EQ(flow.kind, store::FlowKind::Http);
        EXPECT_EQ(flow.scheme, "https");
        EXPECT_EQ(flow.method, "GET");
        EXPECT_EQ(flow.url, origin.url("/hello", "localhost"));
        EXPECT_EQ(flow.host, "localhost");
        EXPECT_EQ(flow.port, origin.port());
        EXPECT_EQ(flow.status, 200);
        EXPECT_EQ(flow.responseBody.data, kHelloBody);
        EXPECT_EQ(flow.tls.sni, "localhost");
        EXPECT_THAT(flow.tls.upstreamCertSubject, HasSubstr("localhost"));
        EXPECT_THAT(flow.tls.upstreamCertIssuer, HasSubstr("Flowscope Integration Test Root"));
        EXPECT_FALSE(flow.tls.clientVersion.empty());
        EXPECT_FALSE(flow.tls.upstreamVersion.empty());
        EXPECT_TRUE(flow.errorKind.empty()) << flow.errorKind << ": " << flow.errorMessage;
    }

    TestOrigin origin{pki().valid};
    ProxyHarness proxy{trustingTestCa()};
};

TEST_F(HttpsInterceptTest, OwnClientSendsFiveRequestsOnOneConnection) {
    ProxyClient client(proxy.port());
    client.openTunnel({"localhost", origin.port(), proxy.caPath(), ""});
    for (int i = 0; i < 5; ++i) {
        const HttpResponse response = client.get("/hello");
        ASSERT_EQ(response.status, 200);
        EXPECT_EQ(response.body, kHelloBody);
    }

    EXPECT_EQ(client.connectionsOpened(), 1u);
    EXPECT_EQ(origin.connectionsAccepted(), 1u);
    EXPECT_EQ(origin.requestCount("/hello"), 5u);
    const auto stats = proxy.stats();
    EXPECT_EQ(stats.connectionsAccepted, 1u);
    EXPECT_EQ(stats.upstreamConnectsOpened, 1u);
    EXPECT_EQ(stats.upstreamConnectsReused, 4u); // requests 2-5 reuse the session's connection

    const auto flows = proxy.flows(5);
    ASSERT_EQ(flows.size(), 5u); // an intercepted CONNECT records its requests, not a tunnel
    for (const auto& flow : flows)
        expectInterceptedHello(flow);
}

TEST_F(HttpsInterceptTest, CurlSendsFiveRequestsOnOneConnection) {
    FLOWSCOPE_REQUIRE_CURL();
    std::vector<std::string> urls(5, origin.url("/hello", "localhost"));
    const CurlResult result = curlVia(proxy, urls, proxy.caPath());

    ASSERT_EQ(result.exitCode, 0) << result.describe();
    ASSERT_EQ(result.transfers.size(), 5u);
    EXPECT_EQ(result.transfers[0].numConnects, 1);
    for (std::size_t i = 0; i < result.transfers.size(); ++i) {
        EXPECT_EQ(result.transfers[i].httpCode, 200) << i;
        EXPECT_EQ(result.transfers[i].body, kHelloBody) << i;
        if (i > 0) {
            EXPECT_EQ(result.transfers[i].numConnects, 0) << "curl reconnected for transfer " << i;
        }
    }
    EXPECT_EQ(proxy.stats().upstreamConnectsOpened, 1u);
    EXPECT_EQ(origin.connectionsAccepted(), 1u);

    const auto flows = proxy.flows(5);
    ASSERT_EQ(flows.size(), 5u);
    for (const auto& flow : flows) {
        expectInterceptedHello(flow);
        EXPECT_EQ(flow.tls.clientAlpn, "http/1.1"); // curl offers h2 too; we speak HTTP/1.1
    }
}

TEST_F(HttpsInterceptTest, NewClientConnectionsReuseThePooledUpstreamConnection) {
    FLOWSCOPE_REQUIRE_CURL();
    const CurlResult first = curlVia(proxy, {origin.url("/hello", "localhost")}, proxy.caPath());
    ASSERT_EQ(first.exitCode, 0) << first.describe();
    // The first session hands its upstream connection to the pool when its client leaves.
    ASSERT_TRUE(waitForIdleProxy(proxy));
    const CurlResult second = curlVia(proxy, {origin.url("/hello", "localhost")}, proxy.caPath());
    ASSERT_EQ(second.exitCode, 0) << second.describe();

    EXPECT_EQ(first.httpCode(), 200);
    EXPECT_EQ(second.httpCode(), 200);
    const auto stats = proxy.stats();
    EXPECT_EQ(stats.connectionsAccepted, 2u);
    EXPECT_EQ(stats.upstreamConnectsOpened, 1u);
    EXPECT_GE(stats.upstreamConnectsReused, 1u);
    EXPECT_EQ(origin.connectionsAccepted(), 1u);

    const auto flows = proxy.flows(2);
    ASSERT_EQ(flows.size(), 2u);
    for (const auto& flow : flows)
        expectInterceptedHello(flow);
    EXPECT_EQ(flows[1].timing.connectUs, -1); // a pooled connection has no connect phase
}

TEST_F(HttpsInterceptTest, RequestBodyAndEchoThroughTheTunnel) {
    ProxyClient client(proxy.port());
    client.openTunnel({"localhost", origin.port(), proxy.caPath(), ""});
    HttpRequest request;
    request.method = "PUT";
    request.target = "/echo?x=1";
    request.headers = {{"Content-Type", "application/json"}};
    request.body = R"({"put":"through the tunnel"})";
    const HttpResponse response = client.send(request);

    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.body, request.body);
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].url, origin.url("/echo?x=1", "localhost"));
    EXPECT_EQ(flows[0].path, "/echo?x=1");
    EXPECT_EQ(flows[0].requestBody.data, request.body);
    EXPECT_EQ(flows[0].requestContentType, "application/json");
    EXPECT_EQ(flows[0].responseBody.data, request.body);
}

} // namespace
} // namespace flowscope::test
