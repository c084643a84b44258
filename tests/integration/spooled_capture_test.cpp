// Large captures reach the store in pieces while the body streams (ProxyOptions::
// captureChunkBytes, store schema 4): what is read back is byte-exact whatever the piece
// size, for responses and uploads, fixed-length and chunked, plain and intercepted.
#include "integration_fixture.hpp"
#include "store/sqlite.hpp"
#include "support/body_pattern.hpp"
#include "support/proxy_client.hpp"
#include "support/raw_connection.hpp"
#include "support/test_origin.hpp"

#include <cstdio>
#include <fmt/format.h>

namespace flowscope::test {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

engine::ProxyOptions withPieces(std::size_t chunkBytes, std::uint64_t maxBodySize) {
    engine::ProxyOptions options = ProxyHarness::defaultOptions();
    options.captureChunkBytes = chunkBytes;
    options.maxBodySize = maxBodySize;
    return options;
}

std::int64_t piecesOf(const ProxyHarness& proxy, std::int64_t flowId, int part) {
    store::sqlite::Database db = store::sqlite::Database::open(proxy.storeFile(), store::sqlite::Database::Mode::ReadOnly);
    return db.queryInt64(
        fmt::format("SELECT count(*) FROM body_chunks WHERE flow_id = {} AND part = {}", flowId, part));
}

class SpooledCaptureTest : public IntegrationTest {};

TEST_F(SpooledCaptureTest, SmallPiecesReassembleATruncatedDownloadExactly) {
    TestOrigin origin;
    ProxyHarness proxy(withPieces(4096, 1 * kMiB));
    ProxyClient client(proxy.port(), std::chrono::seconds(30));
    const HttpResponse response = client.get(origin.url("/bytes?n=3000000"));
    ASSERT_EQ(response.status, 200);
    ASSERT_EQ(response.body.size(), 3'000'000u);
    EXPECT_TRUE(response.body == patternBytes(0, 3'000'000)) << "the client got every byte";

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    const store::BodyCapture& body = flows[0].responseBody;
    EXPECT_EQ(body.size, 3'000'000u);
    EXPECT_TRUE(body.truncated);
    ASSERT_EQ(body.data.size(), kMiB);
    EXPECT_TRUE(body.data == patternBytes(0, kMiB)) << "pieces joined in order, nothing lost or repeated";
    // Reads deliver at most 64 KiB at a time, so a 1 MiB capture makes at least 15 pieces.
    EXPECT_GE(piecesOf(proxy, flows[0].id, store::kResponsePart), 15);
}

TEST_F(SpooledCaptureTest, ChunkedUploadThroughInterceptionIsStoredExactly) {
    TestOrigin origin{pki().valid};
    engine::ProxyOptions options = withPieces(64 * 1024, 16 * kMiB);
    options.upstreamCaFiles = {pki().caCert};
    ProxyHarness proxy(options);
    const std::string upload = patternBytes(3, 2 * kMiB + 12345);
    ProxyClient client(proxy.port(), std::chrono::seconds(30));
    client.openTunnel({"localhost", origin.port(), proxy.caPath(), ""});
    HttpRequest request;
    request.method = "POST";
    request.target = "/echo";
    request.body = upload;
    request.chunked = true;
    request.chunkSize = 10'000; // pieces of the capture straddle the chunk boundaries
    const HttpResponse response = client.send(request);
    ASSERT_EQ(response.status, 200);
    ASSERT_TRUE(response.body == upload);

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].requestBody.size, upload.size());
    EXPECT_FALSE(flows[0].requestBody.truncated);
    EXPECT_TRUE(flows[0].requestBody.data == upload);
    EXPECT_TRUE(flows[0].responseBody.data == upload);
    EXPECT_GE(piecesOf(proxy, flows[0].id, store::kRequestPart), 2);
    EXPECT_GE(piecesOf(proxy, flows[0].id, store::kResponsePart), 2);
}

TEST_F(SpooledCaptureTest, ManyExchangesOnOneConnectionKeepTheirOwnPieces) {
    TestOrigin origin;
    ProxyHarness proxy(withPieces(8192, 16 * kMiB));
    ProxyClient client(proxy.port(), std::chrono::seconds(30));
    constexpr int kCount = 12;
    for (int n = 1; n <= kCount; ++n) {
        const HttpResponse response = client.get(origin.url(fmt::format("/bytes?n={}", n * 50'000)));
        ASSERT_EQ(response.status, 200);
    }
    const auto flows = proxy.flows(kCount);
    ASSERT_EQ(flows.size(), static_cast<std::size_t>(kCount));
    for (const store::Flow& flow : flows) {
        const std::size_t expected = static_cast<std::size_t>(flow.responseBody.size);
        EXPECT_EQ(flow.responseBody.data.size(), expected) << flow.url;
        EXPECT_TRUE(flow.responseBody.data == patternBytes(0, expected)) << flow.url;
        EXPECT_FALSE(flow.responseBody.truncated);
    }
}

TEST_F(SpooledCaptureTest, ClientLeavingMidDownloadLeavesAnExactPrefix) {
    TestOrigin origin;
    ProxyHarness proxy(withPieces(4096, 64 * kMiB));
    {
        RawConnection raw(proxy.port());
        ASSERT_TRUE(raw.send("GET " + origin.url("/bytes?n=200000000") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        const RawResult head = raw.readUntil("\r\n\r\n");
        ASSERT_NE(head.data.find(" 200 "), std::string::npos) << head.data.substr(0, 200);
    } // gone after the head: the proxy's writes fail once the socket buffers are full
    const auto flows = proxy.flows(1, std::chrono::seconds(30));
    ASSERT_EQ(flows.size(), 1u);
    const store::Flow& flow = flows[0];
    EXPECT_EQ(flow.errorKind, "client_aborted") << flow.errorMessage;
    const store::BodyCapture& body = flow.responseBody;
    ASSERT_GT(body.data.size(), 0u);
    EXPECT_LE(body.data.size(), body.size);
    EXPECT_LT(body.size, 200'000'000u);
    std::printf("[ CAPTURE ] %zu bytes relayed and captured before the client's reset\n", body.data.size());
    // Whatever the proxy had relayed when the client left: pieces and tail, in order.
    EXPECT_TRUE(body.data == patternBytes(0, body.data.size())) << body.data.size() << " bytes captured";
}

TEST_F(SpooledCaptureTest, ZeroPieceSizeKeepsCapturesWhole) {
    TestOrigin origin;
    ProxyHarness proxy(withPieces(0, 16 * kMiB));
    ProxyClient client(proxy.port(), std::chrono::seconds(30));
    const HttpResponse response = client.get(origin.url("/bytes?n=2500000"));
    ASSERT_EQ(response.status, 200);
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_TRUE(flows[0].responseBody.data == patternBytes(0, 2'500'000));
    EXPECT_EQ(piecesOf(proxy, flows[0].id, store::kResponsePart), 0);
}

} // namespace
} // namespace flowscope::test
