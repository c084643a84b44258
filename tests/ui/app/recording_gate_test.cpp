// The Record button's gate in front of a real store writer: while recording, pieces of a
// large body reach the store; while paused they are taken and dropped (a refusal would make
// the engine hold the body back for a busy store), and a flow that ends after Record comes
// back on keeps its metadata with the body marked not captured.
#include "capture/recording_gate.hpp"
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

class RecordingGateTest : public ::testing::Test {
protected:
    test::TempDir m_dir{"flowscope-gate"};
    std::filesystem::path m_file = m_dir / "flows.sqlite";
    store::FlowWriter m_writer{m_file};
    RecordingGate m_gate{m_writer};

    store::Flow flowWithPieces(std::int64_t id, std::uint32_t pieces, std::size_t pieceBytes) {
        store::Flow flow;
        flow.id = id;
        flow.url = "https://example.test/big";
        flow.host = "example.test";
        flow.status = 200;
        flow.responseBody.size = pieces * pieceBytes + 4;
        flow.responseBody.spooledChunks = pieces;
        flow.responseBody.spooledBytes = pieces * pieceBytes;
        flow.responseBody.data = "tail";
        return flow;
    }
};

TEST_F(RecordingGateTest, PausedPiecesAreTakenAndDropped) {
    const std::int64_t id = m_gate.allocateId();
    m_gate.setRecording(false);
    std::string piece(64 * 1024, 'p');
    EXPECT_TRUE(m_gate.offerBodyChunk(id, 1, 0, piece));
    EXPECT_TRUE(piece.empty());
    m_gate.publish(flowWithPieces(id, 1, 64 * 1024));
    m_writer.flush();
    EXPECT_EQ(m_gate.skippedCount(), 1u);
    EXPECT_EQ(store::FlowReader(m_file).count(), 0);
}

TEST_F(RecordingGateTest, RecordingPiecesReachTheStoreWhole) {
    const std::int64_t id = m_gate.allocateId();
    std::string piece(64 * 1024, 'r');
    ASSERT_TRUE(m_gate.offerBodyChunk(id, 1, 0, piece));
    m_gate.publish(flowWithPieces(id, 1, 64 * 1024));
    m_writer.flush();
    const auto stored = store::FlowReader(m_file).get(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->responseBody.data, std::string(64 * 1024, 'r') + "tail");
    EXPECT_FALSE(stored->responseBody.truncated);
}

TEST_F(RecordingGateTest, RecordSwitchedOnMidBodyKeepsTheFlowWithoutItsBody) {
    const std::int64_t id = m_gate.allocateId();
    m_gate.setRecording(false);
    std::string first(64 * 1024, 'a');
    ASSERT_TRUE(m_gate.offerBodyChunk(id, 1, 0, first)); // dropped
    m_gate.setRecording(true);
    std::string second(64 * 1024, 'b');
    ASSERT_TRUE(m_gate.offerBodyChunk(id, 1, 1, second)); // stored
    m_gate.publish(flowWithPieces(id, 2, 64 * 1024));
    m_writer.flush();
    const auto stored = store::FlowReader(m_file).get(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->status, 200);
    EXPECT_TRUE(stored->responseBody.data.empty()) << "no body with a hole in it";
    EXPECT_TRUE(stored->responseBody.truncated);
    EXPECT_EQ(stored->responseBody.size, 2u * 64 * 1024 + 4);
}

} // namespace
} // namespace flowscope::ui
