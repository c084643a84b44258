// Plain HTTP through the proxy: absolute-form requests from the tests' own client and from
// curl, header rewriting towards the origin, keep-alive, chunked bodies both ways.
#include "integration_fixture.hpp"
#include "support/body_pattern.hpp"
#include "support/origin_content.hpp"
#include "support/proxy_client.hpp"
#include "support/test_origin.hpp"

#include <gmock/gmock.h>

namespace flowscope::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PlainHttpTest : public IntegrationTest {
protected:
    TestOrigin origin;
    ProxyHarness proxy;
};

TEST_F(PlainHttpTest, OwnClientGetsTheOriginAnswerAndTheFlowIsRecorded) {
    ProxyClient client(proxy.port());
    const HttpResponse response = client.get(origin.url("/hello"));

    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, kHelloBody);
    EXPECT_EQ(response.header("Content-Type"), "text/plain");

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    const store::Flow& flow = flows[0];
    EXPECT_EQ(flow.kind, store::FlowKind::Http);
    EXPECT_EQ(flow.method, "GET");
    EXPECT_EQ(flow.scheme, "http");
    EXPECT_EQ(flow.url, origin.url("/hello"));
    EXPECT_EQ(flow.host, "127.0.0.1");
    EXPECT_EQ(flow.port, origin.port());
    EXPECT_EQ(flow.path, "/hello");
    EXPECT_EQ(flow.status, 200);
    EXPECT_EQ(flow.responseBody.data, kHelloBody);
    EXPECT_EQ(flow.responseBody.size, kHelloBody.size());
    EXPECT_FALSE(flow.responseBody.truncated);
    EXPECT_EQ(flow.responseContentType, "text/plain");
    EXPECT_TRUE(flow.errorKind.empty()) << flow.errorKind << ": " << flow.errorMessage;
    EXPECT_GT(flow.endedAtUs, 0);
    EXPECT_LE(flow.startedAtUs, flow.endedAtUs);
    EXPECT_EQ(origin.requestCount("/hello"), 1u);
}

TEST_F(PlainHttpTest, CurlGetsTheOriginAnswerAndTheFlowIsRecorded) {
    FLOWSCOPE_REQUIRE_CURL();
    const CurlResult result = curlVia(proxy, {origin.url("/hello")}, std::nullopt);

    ASSERT_EQ(result.exitCode, 0) << result.describe();
    EXPECT_EQ(result.httpCode(), 200);
    EXPECT_EQ(result.body(), kHelloBody);

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].url, origin.url("/hello"));
    EXPECT_EQ(flows[0].status, 200);
    EXPECT_EQ(flows[0].responseBody.data, kHelloBody);
    EXPECT_THAT(headerValue(flows[0].requestHeaders, "User-Agent").value_or(""), HasSubstr("curl/"));
}

TEST_F(PlainHttpTest, HostComesFromTheAbsoluteUrlAndHopByHopFieldsAreRemoved) {
    ProxyClient client(proxy.port());
    HttpRequest request;
    request.target = origin.url("/headers");
    request.headers = {
        {"Host", "stale.example:1234"}, {"Proxy-Connection", "keep-alive"}, {"Connection", "keep-alive, X-Hop-Field"},
        {"X-Hop-Field", "dropped"},     {"Keep-Alive", "timeout=5"},        {"X-End-To-End", "kept"}};
    const HttpResponse response = client.send(request);

    ASSERT_EQ(response.status, 200);
    const std::string& seen = response.body; // the origin's view, "Name: value" per line
    EXPECT_THAT(seen, HasSubstr("Host: 127.0.0.1:" + std::to_string(origin.port()) + "\n"));
    EXPECT_THAT(seen, Not(HasSubstr("stale.example")));
    EXPECT_THAT(seen, Not(HasSubstr("Proxy-Connection")));
    EXPECT_THAT(seen, Not(HasSubstr("X-Hop-Field")));
    EXPECT_THAT(seen, Not(HasSubstr("Keep-Alive")));
    EXPECT_THAT(seen, HasSubstr("X-End-To-End: kept\n"));

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    // The flow records what the client sent.
    EXPECT_EQ(headerValue(flows[0].requestHeaders, "Proxy-Connection"), "keep-alive");
    EXPECT_EQ(flows[0].responseBody.data, seen);
}

TEST_F(PlainHttpTest, KeptAliveClientConnectionReusesOneUpstreamConnection) {
    ProxyClient client(proxy.port());
    for (int i = 0; i < 3; ++i) {
        const HttpResponse response = client.get(origin.url("/hello"));
        EXPECT_EQ(response.status, 200);
        EXPECT_TRUE(response.keepAlive);
    }
    EXPECT_EQ(client.connectionsOpened(), 1u);
    EXPECT_EQ(origin.connectionsAccepted(), 1u);
    const auto stats = proxy.stats();
    EXPECT_EQ(stats.connectionsAccepted, 1u);
    EXPECT_EQ(stats.upstreamConnectsOpened, 1u);
    EXPECT_EQ(proxy.flows(3).size(), 3u);
}

TEST_F(PlainHttpTest, ChunkedResponseIsRelayedAndCaptured) {
    ProxyClient client(proxy.port());
    const HttpResponse response = client.get(origin.url("/chunked"));

    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.body, chunkedBody());
    EXPECT_EQ(response.header("Transfer-Encoding"), "chunked");

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].responseBody.data, chunkedBody()); // de-chunked
    EXPECT_EQ(flows[0].responseBody.size, chunkedBody().size());
}

TEST_F(PlainHttpTest, ChunkedRequestBodyIsEchoedByteExact) {
    ProxyClient client(proxy.port());
    HttpRequest request;
    request.method = "POST";
    request.target = origin.url("/echo");
    request.body = patternBytes(3, 200 * 1024 + 17);
    request.chunked = true;
    request.chunkSize = 7 * 1024 + 3;
    const HttpResponse response = client.send(request);

    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.body.size(), request.body.size());
    EXPECT_TRUE(response.body == request.body) << "echoed body differs";
    EXPECT_EQ(response.header("X-Request-Body-Size"), std::to_string(request.body.size()));

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].method, "POST");
    EXPECT_EQ(headerValue(flows[0].requestHeaders, "Transfer-Encoding"), "chunked");
    EXPECT_EQ(flows[0].requestBody.size, request.body.size());
    EXPECT_TRUE(flows[0].requestBody.data == request.body) << "captured request body differs";
    EXPECT_TRUE(flows[0].responseBody.data == request.body) << "captured response body differs";
}

TEST_F(PlainHttpTest, OriginStatusCodesPassThrough) {
    ProxyClient client(proxy.port());
    EXPECT_EQ(client.get(origin.url("/status/404")).status, 404);
    EXPECT_EQ(client.get(origin.url("/status/503")).status, 503);
    EXPECT_EQ(client.get(origin.url("/status/204")).status, 204);

    const auto flows = proxy.flows(3);
    ASSERT_EQ(flows.size(), 3u);
    EXPECT_EQ(flows[0].status, 404);
    EXPECT_EQ(flows[1].status, 503);
    EXPECT_EQ(flows[2].status, 204);
    for (const auto& flow : flows)
        EXPECT_TRUE(flow.errorKind.empty()) << flow.errorKind; // an origin's error is not the proxy's
}

} // namespace
} // namespace flowscope::test
