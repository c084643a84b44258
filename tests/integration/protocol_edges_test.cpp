// Less common but valid HTTP/1.1 through the proxy: HTTP/1.0 clients, pipelining, HEAD,
// Expect: 100-continue, plain HTTP inside a CONNECT tunnel, https:// in absolute form.
#include "integration_fixture.hpp"
#include "support/origin_content.hpp"
#include "support/raw_connection.hpp"
#include "support/test_origin.hpp"

#include <gmock/gmock.h>

namespace flowscope::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class ProtocolEdgeTest : public IntegrationTest {
protected:
    std::string hostPort() const { return "127.0.0.1:" + std::to_string(origin.port()); }
    std::string request(std::string_view method, std::string_view path, std::string_view headers = "",
                        std::string_view version = "HTTP/1.1") const {
        return std::string(method) + " " + origin.url(path) + " " + std::string(version) + "\r\nHost: " + hostPort() +
               "\r\n" + std::string(headers) + "\r\n";
    }

    TestOrigin origin;
    ProxyHarness proxy;
};

TEST_F(ProtocolEdgeTest, Http10ClientGetsAChunkedBodyDechunkedAndClosed) {
    const RawResult result = rawExchange(proxy.port(), "GET " + origin.url("/chunked") + " HTTP/1.0\r\n\r\n");
    EXPECT_EQ(statusOf(result.data), 200);
    EXPECT_EQ(headerOf(result.data, "Transfer-Encoding"), "");
    EXPECT_EQ(headerOf(result.data, "Connection"), "close");
    EXPECT_THAT(result.data, ::testing::EndsWith("\r\n\r\n" + chunkedBody()));
    EXPECT_TRUE(result.closedByPeer);
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].httpVersion, "HTTP/1.0");
    EXPECT_EQ(flows[0].responseBody.data, chunkedBody());
}

TEST_F(ProtocolEdgeTest, PipelinedHeadThenGetAreAnsweredInOrder) {
    RawConnection connection(proxy.port());
    ASSERT_TRUE(connection.send(request("HEAD", "/hello") + request("GET", "/hello", "Connection: close\r\n")));
    const RawResult result = connection.readUntilClose(5s);
    EXPECT_TRUE(result.closedByPeer);
    // The HEAD answer carries Content-Length but no body; the GET answer follows at once.
    const auto second = result.data.find("HTTP/1.1 200", 1);
    ASSERT_NE(second, std::string::npos) << result.data;
    EXPECT_EQ(headerOf(result.data, "Content-Length"), std::to_string(kHelloBody.size()));
    EXPECT_TRUE(result.data.substr(0, second).ends_with("\r\n\r\n")) << "the HEAD answer had a body";
    EXPECT_THAT(result.data, ::testing::EndsWith(std::string(kHelloBody)));
    const auto flows = proxy.flows(2);
    ASSERT_EQ(flows.size(), 2u);
    EXPECT_EQ(flows[0].method, "HEAD");
    EXPECT_EQ(flows[0].responseBody.size, 0u);
    EXPECT_EQ(flows[1].method, "GET");
    EXPECT_EQ(flows[1].responseBody.data, kHelloBody);
}

TEST_F(ProtocolEdgeTest, ExpectContinueIsAnsweredAndTheBodyForwarded) {
    RawConnection connection(proxy.port());
    ASSERT_TRUE(connection.send(
        request("POST", "/echo", "Content-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n")));
    const RawResult interim = connection.readUntil("\r\n\r\n", 3s);
    ASSERT_EQ(statusOf(interim.data), 100) << interim.data;
    ASSERT_TRUE(connection.send("hello"));
    const RawResult result = connection.readUntilClose(5s);
    EXPECT_THAT(result.data, HasSubstr("\r\n\r\nHTTP/1.1 200 OK\r\n"));
    EXPECT_THAT(result.data, ::testing::EndsWith("\r\n\r\nhello"));
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].requestBody.data, "hello");
    EXPECT_EQ(flows[0].status, 200);
}

TEST_F(ProtocolEdgeTest, PlainHttpInsideAConnectTunnelIsParsedAndRecorded) {
    RawConnection connection(proxy.port());
    ASSERT_TRUE(connection.send("CONNECT " + hostPort() + " HTTP/1.1\r\nHost: " + hostPort() + "\r\n\r\n"));
    ASSERT_EQ(statusOf(connection.readUntil("\r\n\r\n", 3s).data), 200);
    ASSERT_TRUE(connection.send("GET /headers HTTP/1.1\r\nHost: ignored.example\r\nConnection: close\r\n\r\n"));
    const RawResult result = connection.readUntilClose(5s);
    EXPECT_THAT(result.data, HasSubstr("HTTP/1.1 200 OK"));
    // Inside a tunnel the CONNECT target decides where the request goes, not Host.
    EXPECT_THAT(result.data, HasSubstr("Host: ignored.example\n"));
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].kind, store::FlowKind::Http);
    EXPECT_EQ(flows[0].scheme, "http");
    EXPECT_EQ(flows[0].url, origin.url("/headers"));
    EXPECT_EQ(origin.requestCount("/headers"), 1u);
}

TEST_F(ProtocolEdgeTest, HttpsUrlInAbsoluteFormIsFetchedOverTls) {
    TestOrigin tlsOrigin(pki().valid);
    engine::ProxyOptions options = ProxyHarness::defaultOptions();
    options.upstreamCaFiles = {pki().caCert};
    ProxyHarness tlsProxy(options);
    const RawResult result = rawExchange(tlsProxy.port(), "GET " + tlsOrigin.url("/hello", "localhost") +
                                                              " HTTP/1.1\r\nHost: localhost\r\n"
                                                              "Connection: close\r\n\r\n");
    EXPECT_EQ(statusOf(result.data), 200);
    EXPECT_THAT(result.data, ::testing::EndsWith(std::string(kHelloBody)));
    const auto flows = tlsProxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].scheme, "https");
    EXPECT_THAT(flows[0].tls.upstreamCertSubject, HasSubstr("localhost"));
    EXPECT_TRUE(flows[0].tls.sni.empty()); // no client-side TLS at all
}

// Regression (fixed; RFC 9110 §8.6): "Content-Length: 5, 5" is accepted and forwarded to the
// origin unchanged. A recipient "MUST either reject the message as invalid or replace the
// duplicated field values with a single valid Content-Length field containing that decimal
// value prior to ... forwarding the message"; DESIGN.md: ambiguous framing is "refused, never
// forwarded". src/engine/http_relay.cpp:198 copies request.headers into upstreamHead.headers
// verbatim after Beast accepted the list. Responses are relayed the same way.
TEST_F(ProtocolEdgeTest, RepeatedContentLengthValueIsNormalisedOrRefused) {
    const RawResult result = rawExchange(
        proxy.port(), request("POST", "/headers", "Content-Length: 5, 5\r\nConnection: close\r\n") + "hello");
    const int status = statusOf(result.data);
    ASSERT_TRUE(status == 200 || status == 400) << result.data;
    if (status == 200) {
        EXPECT_THAT(result.data, HasSubstr("\nContent-Length: 5\n")) << "the origin saw: " << result.data;
    }
}

} // namespace
} // namespace flowscope::test
