// Export -> import must give back every Flow field exactly (har_writer.hpp), for every
// shape of flow the engine produces, with and without a content decoder.
#include "export_test_support.hpp"
#include "store/export/har_reader.hpp"
#include "store/export/har_writer.hpp"
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

namespace flowscope::store::test {
namespace {

std::vector<Flow> roundTrip(const std::vector<Flow>& flows, const HarOptions& options, HarReadReport& report) {
    std::stringstream har;
    writeHar(har, flows, options);
    return readHar(har, report);
}

TEST(HarRoundTrip, EveryFieldOfEveryVariedFlowSurvives) {
    const std::vector<Flow> flows = variedFlows();
    HarReadReport report;
    const std::vector<Flow> back = roundTrip(flows, {}, report);
    ASSERT_EQ(back.size(), flows.size());
    EXPECT_EQ(report.entriesSeen, flows.size());
    EXPECT_EQ(report.flowsRead, flows.size());
    EXPECT_EQ(report.entriesSkipped, 0u);
    EXPECT_EQ(report.contentEncodingRemoved, 0u);
    EXPECT_EQ(report.creator, "Flowscope");
    EXPECT_EQ(report.harVersion, "1.2");
    for (std::size_t i = 0; i < flows.size(); ++i) {
        expectSameFlow(flows[i], back[i]);
    }
}

// The decoder mode writes decoded text for other tools, yet must lose nothing either.
TEST(HarRoundTrip, DecodedModeKeepsWireBytes) {
    HarOptions options;
    options.decodeContent = [](std::string_view body, std::string_view coding) -> std::optional<std::string> {
        if (coding == "br") {
            return std::nullopt; // "cannot decode": falls back to wire bytes
        }
        return "decoded " + std::to_string(body.size()) + " bytes of " + std::string(coding);
    };
    const std::vector<Flow> flows = variedFlows();
    HarReadReport report;
    const std::vector<Flow> back = roundTrip(flows, options, report);
    ASSERT_EQ(back.size(), flows.size());
    for (std::size_t i = 0; i < flows.size(); ++i) {
        expectSameFlow(flows[i], back[i]);
    }
}

TEST(HarRoundTrip, ExportIsStableAcrossASecondRoundTrip) {
    const std::string first = harText(variedFlows());
    std::istringstream in(first);
    HarReadReport report;
    const std::string second = harText(readHar(in, report));
    EXPECT_EQ(first, second);
}

TEST(HarRoundTrip, EmptyDocument) {
    HarReadReport report;
    EXPECT_TRUE(roundTrip({}, {}, report).empty());
    EXPECT_EQ(report.entriesSeen, 0u);
}

// Arbitrary bytes in every text member: each must come back byte for byte.
TEST(HarRoundTrip, EveryByteValueInTextMembers) {
    std::string allBytes;
    for (int b = 0; b < 256; ++b) {
        allBytes += static_cast<char>(b);
    }
    Flow flow = variedFlow("html");
    flow.method = "M" + allBytes.substr(0x80, 4);
    flow.url = "http://www.example.org:8080/" + allBytes;
    flow.path = "/" + allBytes;
    flow.reason = allBytes;
    flow.clientAddress = allBytes;
    flow.errorKind = "kind\xc0";
    flow.errorMessage = allBytes;
    flow.requestContentType = allBytes;
    flow.responseContentType = allBytes;
    flow.httpVersion = "HTTP/1.1\xff";
    flow.tls.sni = allBytes;
    flow.tls.clientAlpn = "\xff";
    flow.requestHeaders = {{"X-All", allBytes}, {allBytes.substr(0x21, 10), "v"}};
    flow.responseHeaders = {{"Set-Cookie", "a=" + allBytes}, {"Location", allBytes}};
    flow.requestBody.data = allBytes;
    flow.requestBody.size = allBytes.size();
    flow.responseBody.data = allBytes + allBytes;
    flow.responseBody.size = 512;
    HarReadReport report;
    const std::vector<Flow> back = roundTrip({flow}, {}, report);
    ASSERT_EQ(back.size(), 1u);
    expectSameFlow(flow, back[0]);
}

} // namespace
} // namespace flowscope::store::test

namespace flowscope::store::test {
namespace {

// Through a real store both ways: messages written with a flow come out of
// exportStoreToHar (which pages them from the store), and importHar writes them back under
// the flow's new id.
TEST(HarRoundTrip, WebSocketMessagesThroughTheStore) {
    const auto dir = std::filesystem::temp_directory_path() / ("flowscope-har-ws-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const Flow original = variedFlow("websocket");
    {
        FlowWriter writer(dir / "a.sqlite");
        writer.publish(original);
    }
    std::stringstream har;
    {
        const FlowReader reader(dir / "a.sqlite");
        FlowQuery all;
        all.limit = 0;
        EXPECT_EQ(exportStoreToHar(har, reader, all), 1u);
    }
    const std::string text = har.str();
    HarReadReport report;
    {
        std::istringstream in(text);
        const std::vector<Flow> back = readHar(in, report);
        ASSERT_EQ(back.size(), 1u);
        expectSameFlow(original, back[0]);
    }
    {
        FlowWriter writer(dir / "b.sqlite");
        std::istringstream in(text);
        EXPECT_EQ(importHar(in, writer, report), 1u);
    }
    const FlowReader imported(dir / "b.sqlite");
    const auto flow = imported.get(1, true);
    ASSERT_TRUE(flow.has_value());
    EXPECT_EQ(flow->webSocket, original.webSocket);
    EXPECT_EQ(imported.messages(1, -1, 0), original.messages);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace flowscope::store::test
