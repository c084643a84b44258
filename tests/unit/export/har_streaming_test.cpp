// Big exports and imports stream: memory stays at about one flow whatever the count
// (measured with glibc's heap statistics), and the store-facing helpers page through a
// real SQLite store.
#include "export_test_support.hpp"
#include "store/export/har_reader.hpp"
#include "store/export/har_writer.hpp"
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <malloc.h>
#include <mutex>
#include <sstream>
#include <streambuf>
#include <unistd.h>

namespace flowscope::store::test {
namespace {

constexpr int kFlowCount = 20'000;
// Far below what the flows would need if held (20,000 x several KB), far above one flow.
constexpr std::size_t kHeapGrowthLimit = 16u * 1024u * 1024u;

std::size_t heapInUse() {
    const struct mallinfo2 info = ::mallinfo2();
    return info.uordblks + info.hblkhd; // small allocations + mmapped big ones
}

// Deterministic, so a reader can compare flow i with generatedFlow(i) without keeping it.
Flow generatedFlow(int i) {
    Flow flow = variedFlow(i % 2 == 0 ? "json_gzip" : "html");
    flow.id = i + 1;
    flow.url += "&n=" + std::to_string(i);
    flow.startedAtUs += i;
    flow.responseBody.data = std::string(1'500, static_cast<char>('a' + i % 26)) + std::to_string(i);
    flow.responseBody.size = flow.responseBody.data.size();
    flow.requestBody.data = std::string(600, static_cast<char>('\x80' + i % 64)); // binary: base64 in the HAR
    flow.requestBody.size = flow.requestBody.data.size();
    return flow;
}

// Discards what is written, counting bytes: the document never exists in memory.
class CountingBuffer : public std::streambuf {
public:
    std::size_t bytes = 0;

protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) {
            ++bytes;
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char*, std::streamsize n) override {
        bytes += static_cast<std::size_t>(n);
        return n;
    }
};

class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_path = std::filesystem::temp_directory_path() /
                 ("flowscope-export-" + std::to_string(::getpid()) + "-" + info->name());
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

TEST(HarStreaming, TwentyThousandFlowExportStaysBounded) {
    CountingBuffer sink;
    std::ostream out(&sink);
    const std::size_t before = heapInUse();
    std::size_t peak = before;
    int next = 0;
    std::size_t lastBytes = 0;
    const std::size_t written = writeHarFrom(out, [&]() -> std::optional<Flow> {
        if (next > 0) {
            // The previous entry reached the stream before the next flow was asked for.
            EXPECT_GT(sink.bytes, lastBytes);
            lastBytes = sink.bytes;
        }
        if (next == kFlowCount) {
            return std::nullopt;
        }
        peak = std::max(peak, heapInUse());
        return generatedFlow(next++);
    });
    EXPECT_EQ(written, static_cast<std::size_t>(kFlowCount));
    EXPECT_GT(sink.bytes, static_cast<std::size_t>(kFlowCount) * 2'000); // ~60 MB went through
    RecordProperty("heapGrowthBytes", std::to_string(peak - before));
    RecordProperty("harBytes", std::to_string(sink.bytes));
    EXPECT_LT(peak - before, kHeapGrowthLimit) << "heap grew by " << (peak - before) << " bytes";
}

TEST(HarStreaming, TwentyThousandFlowImportStaysBoundedAndExact) {
    TempDir dir;
    const auto file = dir.path() / "big.har";
    {
        std::ofstream out(file, std::ios::binary);
        int next = 0;
        writeHarFrom(out, [&]() -> std::optional<Flow> {
            return next == kFlowCount ? std::nullopt : std::optional<Flow>(generatedFlow(next++));
        });
    }
    std::ifstream in(file, std::ios::binary);
    HarReadReport report;
    const std::size_t before = heapInUse();
    std::size_t peak = before;
    int index = 0;
    readHarEntries(
        in,
        [&](Flow&& flow) {
            peak = std::max(peak, heapInUse());
            if (index % 997 == 0) { // a sample in full, all of them by id and body
                expectSameFlow(generatedFlow(index), flow);
            }
            EXPECT_EQ(flow.id, index + 1);
            EXPECT_EQ(flow.responseBody.data, generatedFlow(index).responseBody.data);
            ++index;
        },
        report);
    EXPECT_EQ(index, kFlowCount);
    EXPECT_EQ(report.flowsRead, static_cast<std::size_t>(kFlowCount));
    RecordProperty("heapGrowthBytes", std::to_string(peak - before));
    EXPECT_LT(peak - before, kHeapGrowthLimit) << "heap grew by " << (peak - before) << " bytes";
}

TEST(HarStreaming, ExportFromAStoreAndBack) {
    TempDir dir;
    const auto storeFile = dir.path() / "flows.sqlite";
    const std::vector<Flow> varied = variedFlows();
    constexpr int kStored = 1'100; // more than two pages of exportStoreToHar
    {
        FlowWriter writer(storeFile);
        for (int i = 0; i < kStored; ++i) {
            Flow flow = varied[static_cast<std::size_t>(i) % varied.size()];
            flow.id = writer.allocateId();
            writer.publish(std::move(flow));
        }
        writer.flush();
    }
    FlowReader reader(storeFile);
    FlowQuery all;
    all.limit = 0;
    std::stringstream har;
    EXPECT_EQ(exportStoreToHar(har, reader, all), static_cast<std::size_t>(kStored));
    HarReadReport report;
    const std::vector<Flow> back = readHar(har, report);
    ASSERT_EQ(back.size(), static_cast<std::size_t>(kStored));
    for (const Flow& flow : back) {
        auto stored = reader.get(flow.id);
        ASSERT_TRUE(stored.has_value());
        stored->messages = reader.messages(flow.id, -1, 0); // get() leaves them; the export pages them in
        expectSameFlow(*stored, flow);
        if (::testing::Test::HasFailure()) {
            break; // one flow's worth of messages is enough
        }
    }

    FlowQuery window;
    window.limit = 600;
    window.offset = 5;
    std::stringstream partial;
    EXPECT_EQ(exportStoreToHar(partial, reader, window), 600u);
    const std::vector<Flow> some = readHar(partial, report);
    ASSERT_EQ(some.size(), 600u);
    EXPECT_EQ(some.front().id, 6);
    EXPECT_EQ(some.back().id, 605);
}

class CollectingSink : public FlowSink {
public:
    std::int64_t allocateId() override { return ++m_lastId; }
    void publish(Flow flow) override {
        std::lock_guard lock(m_mutex);
        flows.push_back(std::move(flow));
    }
    // Import carries messages inside each Flow; live offers never happen here.
    bool offerMessages(std::int64_t, std::vector<WebSocketMessage>& messages) override {
        ADD_FAILURE() << "a HAR import offered live messages";
        messages.clear();
        return true;
    }
    std::vector<Flow> flows;

private:
    std::mutex m_mutex;
    std::int64_t m_lastId = 1'000;
};

TEST(HarStreaming, ImportIntoASinkAssignsNewIds) {
    std::istringstream har(harText(variedFlows()));
    CollectingSink sink;
    HarReadReport report;
    EXPECT_EQ(importHar(har, sink, report), variedFlows().size());
    ASSERT_EQ(sink.flows.size(), variedFlows().size());
    for (std::size_t i = 0; i < sink.flows.size(); ++i) {
        Flow expected = variedFlows()[i];
        expected.id = 1'001 + static_cast<std::int64_t>(i);
        expectSameFlow(expected, sink.flows[i]);
    }
}

} // namespace
} // namespace flowscope::store::test
