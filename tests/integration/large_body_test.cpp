// Large bodies stream through with bounded capture: a 100 MB download through interception
// (curl) and a 20 MB upload, both byte-exact, with the store keeping max_body_size.
#include "integration_fixture.hpp"
#include "store/sqlite.hpp"
#include "support/body_pattern.hpp"
#include "support/proxy_client.hpp"
#include "support/test_origin.hpp"

namespace flowscope::test {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;
constexpr std::uint64_t kDefaultCapture = 16 * kMiB; // ProxyOptions::maxBodySize default

class LargeBodyTest : public IntegrationTest {
protected:
    engine::ProxyOptions trustingTestCa() {
        engine::ProxyOptions options = ProxyHarness::defaultOptions();
        options.upstreamCaFiles = {pki().caCert};
        EXPECT_EQ(options.maxBodySize, kDefaultCapture);
        return options;
    }

    TestOrigin origin{pki().valid};
    ProxyHarness proxy{trustingTestCa()};
};

TEST_F(LargeBodyTest, HundredMegabyteDownloadThroughInterceptionIsExactAndCaptureIsCapped) {
    FLOWSCOPE_REQUIRE_CURL();
    constexpr std::uint64_t kSize = 100 * kMiB;
    CurlRequest request;
    request.proxyPort = proxy.port();
    request.caFile = proxy.caPath();
    request.urls = {origin.url("/bytes?n=" + std::to_string(kSize), "localhost")};
    request.outputFile = scratch() / "download.bin";
    const CurlResult result = curl(request);

    ASSERT_EQ(result.exitCode, 0) << result.describe();
    EXPECT_EQ(result.httpCode(), 200);
    ASSERT_EQ(std::filesystem::file_size(*request.outputFile), kSize);
    EXPECT_EQ(fileChecksum(*request.outputFile), patternChecksum(kSize));
    std::filesystem::remove(*request.outputFile);

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    const store::BodyCapture& body = flows[0].responseBody;
    EXPECT_EQ(body.size, kSize);
    EXPECT_TRUE(body.truncated);
    ASSERT_EQ(body.data.size(), kDefaultCapture);
    EXPECT_EQ(fnv1a(body.data), patternChecksum(kDefaultCapture)); // the first 16 MiB, as sent
    {
        // It reached the store in pieces while it streamed (ProxyOptions::captureChunkBytes).
        store::sqlite::Database db =
            store::sqlite::Database::open(proxy.storeFile(), store::sqlite::Database::Mode::ReadOnly);
        EXPECT_GE(db.queryInt64("SELECT count(*) FROM body_chunks WHERE part = 1"), 14);
    }
    EXPECT_EQ(flows[0].status, 200);
    EXPECT_TRUE(flows[0].errorKind.empty()) << flows[0].errorMessage;
}

TEST_F(LargeBodyTest, TwentyMegabyteUploadIsStreamedByteExact) {
    const std::string upload = patternBytes(11, 20 * 1000 * 1000);
    ProxyClient client(proxy.port(), std::chrono::seconds(60));
    client.openTunnel({"localhost", origin.port(), proxy.caPath(), ""});
    HttpRequest request;
    request.method = "POST";
    request.target = "/echo";
    request.body = upload;
    const HttpResponse response = client.send(request);

    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.header("X-Request-Body-Size"), std::to_string(upload.size()));
    ASSERT_EQ(response.body.size(), upload.size());
    EXPECT_TRUE(response.body == upload) << "echoed body differs";

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].requestBody.size, upload.size());
    EXPECT_TRUE(flows[0].requestBody.truncated);
    ASSERT_EQ(flows[0].requestBody.data.size(), kDefaultCapture);
    EXPECT_TRUE(flows[0].requestBody.data == upload.substr(0, kDefaultCapture));
    EXPECT_EQ(flows[0].responseBody.size, upload.size());
    EXPECT_TRUE(flows[0].responseBody.truncated);
}

TEST_F(LargeBodyTest, TwentyMegabyteChunkedUploadOverPlainHttpIsByteExact) {
    TestOrigin plain;
    const std::string upload = patternBytes(5, 20 * 1000 * 1000);
    ProxyClient client(proxy.port(), std::chrono::seconds(60));
    HttpRequest request;
    request.method = "POST";
    request.target = plain.url("/echo");
    request.body = upload;
    request.chunked = true;
    request.chunkSize = 256 * 1024;
    const HttpResponse response = client.send(request);

    ASSERT_EQ(response.status, 200);
    ASSERT_EQ(response.body.size(), upload.size());
    EXPECT_TRUE(response.body == upload) << "echoed body differs";
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].requestBody.size, upload.size());
    EXPECT_EQ(flows[0].requestBody.data.size(), kDefaultCapture);
}

} // namespace
} // namespace flowscope::test
