// flowscope-cli as a user runs it: `proxy` as a child process on port 0, curl through it,
// SIGTERM, then the read-only commands over the same data directory.
#include "integration_fixture.hpp"
#include "support/body_pattern.hpp"
#include "support/cli_process.hpp"
#include "support/origin_content.hpp"
#include "support/test_origin.hpp"

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

namespace flowscope::test {
namespace {

using ::testing::HasSubstr;

class CliEndToEndTest : public IntegrationTest {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(cliBinary()))
            FAIL() << cliBinary() << " is not built";
        FLOWSCOPE_REQUIRE_CURL();
    }

    CurlResult curlThrough(const CliProxyProcess& proxy, const std::vector<std::string>& urls) {
        CurlRequest request;
        request.proxyPort = proxy.port();
        request.caFile = dataDir / "certs" / "ca.pem";
        request.urls = urls;
        return curl(request);
    }

    TestOrigin origin{pki().valid};
    std::filesystem::path dataDir = scratch() / "data";
};

TEST_F(CliEndToEndTest, ProxyRecordsAFlowThatListAndStatusShow) {
    {
        CliProxyProcess proxy(dataDir, {"--upstream-ca", pki().caCert.string()});
        const CurlResult result = curlThrough(proxy, {origin.url("/hello", "localhost")});
        ASSERT_EQ(result.exitCode, 0) << result.describe() << "\nproxy stderr: " << proxy.stderrText();
        EXPECT_EQ(result.httpCode(), 200);
        EXPECT_EQ(result.body(), kHelloBody);
        EXPECT_EQ(proxy.stop(), 0) << proxy.stderrText();
        EXPECT_THAT(proxy.stdoutText(), HasSubstr("CA certificate: " + (dataDir / "certs" / "ca.pem").string()));
        EXPECT_THAT(proxy.stderrText(), HasSubstr("1 flows recorded"));
    }

    const ProcessResult list = runCli(dataDir, {"flows", "list", "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    const auto flows = nlohmann::json::parse(list.out);
    ASSERT_TRUE(flows.is_array());
    ASSERT_EQ(flows.size(), 1u) << list.out;
    EXPECT_EQ(flows[0]["host"], "localhost");
    EXPECT_EQ(flows[0]["port"], origin.port());
    EXPECT_EQ(flows[0]["status"], 200);
    EXPECT_EQ(flows[0]["method"], "GET");
    EXPECT_EQ(flows[0]["url"], origin.url("/hello", "localhost"));

    const ProcessResult byHost = runCli(dataDir, {"flows", "list", "--json", "--host", "elsewhere.example"});
    ASSERT_EQ(byHost.exitCode, 0) << byHost.err;
    EXPECT_TRUE(nlohmann::json::parse(byHost.out).empty());

    const ProcessResult status = runCli(dataDir, {"status", "--json"});
    ASSERT_EQ(status.exitCode, 0) << status.err;
    const auto parsed = nlohmann::json::parse(status.out);
    EXPECT_EQ(parsed["store"]["flows"], 1);
    EXPECT_EQ(parsed["store"]["exists"], true);
    EXPECT_EQ(parsed["ca"]["exists"], true);
    EXPECT_EQ(parsed["ca"]["path"], (dataDir / "certs" / "ca.pem").string());

    const ProcessResult caPath = runCli(dataDir, {"ca", "path"});
    ASSERT_EQ(caPath.exitCode, 0) << caPath.err;
    EXPECT_THAT(caPath.out, HasSubstr((dataDir / "certs" / "ca.pem").string()));
}

TEST_F(CliEndToEndTest, ProxyFlagsReachTheEngine) {
    // --no-decrypt, --max-body-size: a tunnel flow for localhost, a capped capture for 127.0.0.1.
    {
        CliProxyProcess proxy(
            dataDir, {"--upstream-ca", pki().caCert.string(), "--no-decrypt", "localhost", "--max-body-size", "1KiB"});
        CurlRequest tunnelled;
        tunnelled.proxyPort = proxy.port();
        tunnelled.caFile = pki().caCert; // the origin's own certificate comes through
        tunnelled.urls = {origin.url("/hello", "localhost")};
        const CurlResult first = curl(tunnelled);
        ASSERT_EQ(first.exitCode, 0) << first.describe();
        const CurlResult second = curlThrough(proxy, {origin.url("/bytes?n=4096")});
        ASSERT_EQ(second.exitCode, 0) << second.describe();
        EXPECT_EQ(second.body().size(), 4096u);
        EXPECT_EQ(proxy.stop(), 0) << proxy.stderrText();
    }
    const ProcessResult list = runCli(dataDir, {"flows", "list", "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    const auto flows = nlohmann::json::parse(list.out);
    ASSERT_EQ(flows.size(), 2u) << list.out;
    EXPECT_EQ(flows[0]["kind"], "tunnel");
    EXPECT_EQ(flows[0]["host"], "localhost");
    EXPECT_EQ(flows[1]["host"], "127.0.0.1");

    const ProcessResult shown = runCli(dataDir, {"flows", "show", flows[1]["id"].dump(), "--json"});
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    const auto flow = nlohmann::json::parse(shown.out);
    EXPECT_EQ(flow["response"]["body"]["size"], 4096);
    EXPECT_EQ(flow["response"]["body"]["captured"], 1024);
    EXPECT_EQ(flow["response"]["body"]["truncated"], true);
}

TEST_F(CliEndToEndTest, NoRecordRelaysWithoutOpeningTheStore) {
    // First a recorded run, so there is a store whose contents --no-record must leave alone.
    {
        CliProxyProcess proxy(dataDir, {"--upstream-ca", pki().caCert.string()});
        ASSERT_EQ(curlThrough(proxy, {origin.url("/hello", "localhost")}).exitCode, 0);
        ASSERT_EQ(proxy.stop(), 0) << proxy.stderrText();
    }
    const auto storeFile = dataDir / "flows.sqlite";
    ASSERT_TRUE(std::filesystem::exists(storeFile)) << "the store file is not where this test expects it";
    const auto sizeBefore = std::filesystem::file_size(storeFile);
    const auto writtenBefore = std::filesystem::last_write_time(storeFile);
    {
        CliProxyProcess proxy(dataDir, {"--upstream-ca", pki().caCert.string(), "--no-record"});
        const CurlResult result =
            curlThrough(proxy, {origin.url("/hello", "localhost"), origin.url("/bytes?n=3000000", "localhost")});
        ASSERT_EQ(result.exitCode, 0) << result.describe() << "\nproxy stderr: " << proxy.stderrText();
        EXPECT_EQ(result.httpCode(), 200);
        ASSERT_EQ(result.transfers.size(), 2u) << result.describe();
        EXPECT_EQ(result.transfers[0].body, kHelloBody);
        // Five 512 KiB pieces and a tail, each piece taken and dropped by the sink (a
        // refusal would hold the body back for a store that is not there).
        EXPECT_EQ(result.transfers[1].httpCode, 200);
        EXPECT_EQ(result.transfers[1].body, patternBytes(0, 3000000));
        EXPECT_EQ(proxy.stop(), 0) << proxy.stderrText();
        EXPECT_THAT(proxy.stdoutText(), HasSubstr("flow store: none (--no-record"));
        EXPECT_THAT(proxy.stderrText(), HasSubstr("2 flows relayed, none recorded"));
    }
    EXPECT_EQ(std::filesystem::file_size(storeFile), sizeBefore);
    EXPECT_EQ(std::filesystem::last_write_time(storeFile), writtenBefore);
    EXPECT_FALSE(std::filesystem::exists(dataDir / "flows.sqlite-wal"));
    const ProcessResult list = runCli(dataDir, {"flows", "list", "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_EQ(nlohmann::json::parse(list.out).size(), 1u) << list.out;
}

} // namespace
} // namespace flowscope::test
