// Upstream failures: each becomes the proxy's own 502/504 page naming the reason in
// X-Flowscope-Error, and the same error kind on the stored flow. Verification is never
// weakened silently.
#include "integration_fixture.hpp"
#include "support/proxy_client.hpp"
#include "support/silent_origin.hpp"
#include "support/test_origin.hpp"

#include <gmock/gmock.h>

namespace flowscope::test {
namespace {

using ::testing::HasSubstr;

class UpstreamFailureTest : public IntegrationTest {
protected:
    engine::ProxyOptions trustingTestCa() {
        engine::ProxyOptions options = ProxyHarness::defaultOptions();
        options.upstreamCaFiles = {pki().caCert};
        return options;
    }

    // GET /hello through an intercepted tunnel to a TLS origin serving `certs`.
    HttpResponse getThroughTunnel(ProxyHarness& proxy, const CertFiles& certs) {
        TestOrigin origin(certs);
        ProxyClient client(proxy.port());
        client.openTunnel({"localhost", origin.port(), proxy.caPath(), ""});
        HttpResponse response = client.get("/hello");
        EXPECT_EQ(origin.requestCount(), 0u) << "the request reached an origin that failed verification";
        return response;
    }

    // The client's answer and the stored flow agree on the failure.
    static void expectFailure(ProxyHarness& proxy, const HttpResponse& response, int status, std::string_view kind) {
        EXPECT_EQ(response.status, status);
        EXPECT_EQ(response.header("X-Flowscope-Error"), std::string(kind));
        EXPECT_THAT(response.body, HasSubstr(std::string(kind)));
        EXPECT_FALSE(response.keepAlive);
        const auto flows = proxy.flows(1);
        ASSERT_EQ(flows.size(), 1u);
        EXPECT_EQ(flows[0].errorKind, kind) << flows[0].errorMessage;
        EXPECT_EQ(flows[0].status, status);
        EXPECT_FALSE(flows[0].errorMessage.empty());
    }
};

TEST_F(UpstreamFailureTest, ExpiredCertificate) {
    ProxyHarness proxy(trustingTestCa());
    const HttpResponse response = getThroughTunnel(proxy, pki().expired);
    expectFailure(proxy, response, 502, "upstream_cert_expired");
    EXPECT_THAT(proxy.flows(1).at(0).errorMessage, HasSubstr("localhost:"));
}

TEST_F(UpstreamFailureTest, CertificateForAnotherHost) {
    ProxyHarness proxy(trustingTestCa());
    const HttpResponse response = getThroughTunnel(proxy, pki().wrongHost);
    expectFailure(proxy, response, 502, "upstream_cert_hostname_mismatch");
}

TEST_F(UpstreamFailureTest, SelfSignedCertificate) {
    ProxyHarness proxy(trustingTestCa());
    const HttpResponse response = getThroughTunnel(proxy, pki().selfSigned);
    expectFailure(proxy, response, 502, "upstream_cert_self_signed");
}

TEST_F(UpstreamFailureTest, CertificateFromACaThatIsNotTrusted) {
    ProxyHarness proxy; // the test CA is not among the upstream CAs
    const HttpResponse response = getThroughTunnel(proxy, pki().valid);
    expectFailure(proxy, response, 502, "upstream_cert_untrusted");
}

TEST_F(UpstreamFailureTest, ConnectionRefused) {
    ProxyHarness proxy;
    ProxyClient client(proxy.port());
    const std::string url = "http://127.0.0.1:" + std::to_string(unusedPort()) + "/hello";
    const HttpResponse response = client.get(url);
    expectFailure(proxy, response, 502, "connect_refused");
    EXPECT_EQ(proxy.flows(1).at(0).url, url);
}

TEST_F(UpstreamFailureTest, SilentUpstreamTimesOutWith504) {
    SilentOrigin silent;
    engine::ProxyOptions options = ProxyHarness::defaultOptions();
    options.upstreamTimeout = std::chrono::milliseconds(500);
    ProxyHarness proxy(options);
    ProxyClient client(proxy.port());
    const auto start = std::chrono::steady_clock::now();
    const HttpResponse response = client.get("http://127.0.0.1:" + std::to_string(silent.port()) + "/hello");
    const auto elapsed = std::chrono::steady_clock::now() - start;

    expectFailure(proxy, response, 504, "upstream_timeout");
    EXPECT_GE(elapsed, std::chrono::milliseconds(450));
    EXPECT_LT(elapsed, std::chrono::seconds(3));
    EXPECT_EQ(silent.connectionsAccepted(), 1u);
}

TEST_F(UpstreamFailureTest, OriginClosingWithoutAnAnswerIsAReset) {
    TestOrigin origin;
    ProxyHarness proxy;
    ProxyClient client(proxy.port());
    const HttpResponse response = client.get(origin.url("/close"));
    expectFailure(proxy, response, 502, "upstream_reset");
    EXPECT_EQ(origin.requestCount("/close"), 1u);
}

TEST_F(UpstreamFailureTest, UnresolvableHostIsADnsFailure) {
    ProxyHarness proxy;
    ProxyClient client(proxy.port());
    // RFC 2606: .invalid never resolves.
    const HttpResponse response = client.get("http://nonexistent.invalid/hello");
    expectFailure(proxy, response, 502, "dns_failure");
    EXPECT_EQ(proxy.flows(1).at(0).host, "nonexistent.invalid");
}

TEST_F(UpstreamFailureTest, CurlSeesTheErrorPageThroughTheTunnel) {
    FLOWSCOPE_REQUIRE_CURL();
    TestOrigin origin(pki().expired);
    ProxyHarness proxy(trustingTestCa());
    const CurlResult result =
        curlVia(proxy, {origin.url("/hello", "localhost")}, proxy.caPath(), {"-D", "-"}); // headers to stdout
    ASSERT_EQ(result.exitCode, 0) << result.describe();
    EXPECT_EQ(result.httpCode(), 502);
    EXPECT_THAT(result.body(), HasSubstr("X-Flowscope-Error: upstream_cert_expired"));
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].errorKind, "upstream_cert_expired");
    EXPECT_EQ(flows[0].tls.sni, "localhost");
}

} // namespace
} // namespace flowscope::test
