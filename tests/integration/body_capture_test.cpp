// What the store keeps of bodies: encoded bodies stay as sent (decoded only for display by
// flowscope-cli), and --no-bodies keeps sizes without bytes.
#include "integration_fixture.hpp"
#include "support/cli_process.hpp"
#include "support/origin_content.hpp"
#include "support/proxy_client.hpp"
#include "support/test_origin.hpp"

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

namespace flowscope::test {
namespace {

using ::testing::HasSubstr;

class BodyCaptureTest : public IntegrationTest {
protected:
    TestOrigin origin;
};

TEST_F(BodyCaptureTest, GzipBodyIsStoredRawAndTheCliShowsItDecoded) {
    ProxyHarness proxy;
    ProxyClient client(proxy.port());
    HttpRequest request;
    request.target = origin.url("/gzip");
    request.headers = {{"Accept-Encoding", "gzip"}};
    const HttpResponse response = client.send(request);

    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.header("Content-Encoding"), "gzip");
    EXPECT_EQ(response.body, gzipCompress(kGzipJson)); // passed through, not decoded

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    const store::Flow& flow = flows[0];
    EXPECT_EQ(flow.responseBody.data, response.body); // raw gzip bytes in the store
    ASSERT_GE(flow.responseBody.data.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(flow.responseBody.data[0]), 0x1Fu);
    EXPECT_EQ(static_cast<unsigned char>(flow.responseBody.data[1]), 0x8Bu);
    EXPECT_EQ(flow.responseContentType, "application/json");

    const ProcessResult shown = runCli(proxy.dataDir(), {"flows", "show", std::to_string(flow.id)});
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    EXPECT_THAT(shown.out, HasSubstr(std::string(kGzipJson)));
    EXPECT_THAT(shown.out, HasSubstr("< Content-Encoding: gzip"));

    const ProcessResult json = runCli(proxy.dataDir(), {"flows", "show", std::to_string(flow.id), "--json"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    const auto parsed = nlohmann::json::parse(json.out);
    EXPECT_EQ(parsed["response"]["body"]["text"], std::string(kGzipJson));
    EXPECT_EQ(parsed["response"]["body"]["size"], response.body.size());
}

TEST_F(BodyCaptureTest, NoBodiesKeepsSizesButNoBytes) {
    engine::ProxyOptions options = ProxyHarness::defaultOptions();
    options.captureBodies = false;
    ProxyHarness proxy(options);
    ProxyClient client(proxy.port());
    HttpRequest request;
    request.method = "POST";
    request.target = origin.url("/echo");
    request.body = std::string(5000, 'x');
    const HttpResponse response = client.send(request);
    ASSERT_EQ(response.status, 200);
    ASSERT_EQ(response.body, request.body); // the client still gets everything
    ASSERT_EQ(client.get(origin.url("/hello")).body, kHelloBody);

    const auto flows = proxy.flows(2);
    ASSERT_EQ(flows.size(), 2u);
    EXPECT_TRUE(flows[0].requestBody.data.empty());
    EXPECT_EQ(flows[0].requestBody.size, 5000u);
    EXPECT_TRUE(flows[0].responseBody.data.empty());
    EXPECT_EQ(flows[0].responseBody.size, 5000u);
    EXPECT_TRUE(flows[1].responseBody.data.empty());
    EXPECT_EQ(flows[1].responseBody.size, kHelloBody.size());
    EXPECT_EQ(flows[1].status, 200);
    EXPECT_FALSE(flows[1].responseHeaders.empty()); // headers are still captured
}

TEST_F(BodyCaptureTest, SmallMaxBodySizeTruncatesTheCapture) {
    engine::ProxyOptions options = ProxyHarness::defaultOptions();
    options.maxBodySize = 1000;
    ProxyHarness proxy(options);
    ProxyClient client(proxy.port());
    const HttpResponse response = client.get(origin.url("/bytes?n=5000"));
    ASSERT_EQ(response.status, 200);
    ASSERT_EQ(response.body.size(), 5000u);

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].responseBody.size, 5000u);
    EXPECT_EQ(flows[0].responseBody.data, response.body.substr(0, 1000));
    EXPECT_TRUE(flows[0].responseBody.truncated);
}

} // namespace
} // namespace flowscope::test
