// Schema 4: a large body reaches the store in pieces while it streams (FlowSink::
// offerBodyChunk) and is read back whole; pieces without a flow, missing pieces and
// republished flows are handled without leaving a corrupt body behind.
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "store/store_maintenance.hpp"
#include "store_test_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <thread>

namespace flowscope::store::test {
namespace {

using sqlite::Database;

class BodyChunksTest : public StoreTest {
protected:
    std::int64_t chunkRows(std::int64_t flowId) {
        Database db = Database::open(storePath(), Database::Mode::ReadWrite);
        return db.queryInt64(fmt::format("SELECT count(*) FROM body_chunks WHERE flow_id = {}", flowId));
    }

    std::int64_t allChunkRows() {
        Database db = Database::open(storePath(), Database::Mode::ReadWrite);
        return db.queryInt64("SELECT count(*) FROM body_chunks");
    }

    // Offers `body` in pieces of `pieceSize` as the engine does, then returns the flow as
    // the engine publishes it: the remainder in `data`, the pieces counted.
    static BodyCapture spool(FlowWriter& writer, std::int64_t flowId, int part, const std::string& body,
                             std::size_t pieceSize) {
        BodyCapture capture;
        capture.size = body.size();
        std::size_t offset = 0;
        while (body.size() - offset > pieceSize) {
            std::string piece = body.substr(offset, pieceSize);
            EXPECT_TRUE(writer.offerBodyChunk(flowId, part, capture.spooledChunks, piece));
            EXPECT_TRUE(piece.empty()) << "an accepted piece is taken";
            capture.spooledBytes += pieceSize;
            ++capture.spooledChunks;
            offset += pieceSize;
            writer.flush(); // as in a long download: each piece is written before the next
        }
        capture.data = body.substr(offset);
        return capture;
    }
};

TEST_F(BodyChunksTest, SchemaFourAddsTheChunkTable) {
    ASSERT_EQ(schema::latestVersion(), 4);
    EXPECT_EQ(schema::migrations().at(3).name, "0004_body_chunks.sql");
    { FlowWriter writer(storePath()); }
    Database db = Database::open(storePath(), Database::Mode::ReadWrite);
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM sqlite_master WHERE name = 'body_chunks_flow_part_seq'"), 1);
    db.exec("INSERT INTO body_chunks (flow_id, part, seq, data) VALUES (1, 1, 0, 'a')");
    EXPECT_THROW(db.exec("INSERT INTO body_chunks (flow_id, part, seq, data) VALUES (1, 1, 0, 'b')"), StoreError);
    EXPECT_THROW(db.exec("INSERT INTO body_chunks (flow_id, part, seq, data) VALUES (1, 2, 1, 'b')"), StoreError);
}

TEST_F(BodyChunksTest, SchemaThreeStoreNeedsAnUpgradeOthersDoNot) {
    EXPECT_FALSE(storeNeedsUpgrade(storePath())) << "missing file";
    {
        FlowWriter writer(storePath());
        writer.publish(makeFlow(writer.allocateId()));
    }
    EXPECT_FALSE(storeNeedsUpgrade(storePath())) << "current store";
    {
        // As a schema-3 store looks: no body_chunks, user_version 3.
        Database db = Database::open(storePath(), Database::Mode::ReadWrite);
        db.exec("DROP TABLE body_chunks");
        db.exec("PRAGMA user_version = 3");
    }
    EXPECT_TRUE(storeNeedsUpgrade(storePath()));
    EXPECT_EQ(FlowReader(storePath()).count(), 1) << "opening it upgrades it";
    EXPECT_FALSE(storeNeedsUpgrade(storePath()));

    const auto foreign = dir() / "other.sqlite";
    Database::open(foreign, Database::Mode::ReadWriteCreate).exec("CREATE TABLE t (x)");
    EXPECT_FALSE(storeNeedsUpgrade(foreign));
    const auto garbage = dir() / "garbage.sqlite";
    writeFile(garbage, std::string(4096, 'x'));
    EXPECT_FALSE(storeNeedsUpgrade(garbage));
}

TEST_F(BodyChunksTest, PiecesAndTailReadBackAsOneBody) {
    const std::string response = randomBytes(5 * 64 * 1024 + 777, 1); // five pieces and a tail
    const std::string request = randomBytes(3 * 4096, 2);             // pieces only, no tail
    {
        FlowWriter writer(storePath());
        Flow flow = makeFlow(writer.allocateId());
        flow.responseBody = spool(writer, flow.id, kResponsePart, response, 64 * 1024);
        flow.requestBody = spool(writer, flow.id, kRequestPart, request, 4096);
        flow.requestBody.data.clear(); // the last piece was spooled too
        std::string last = request.substr(2 * 4096);
        ASSERT_TRUE(writer.offerBodyChunk(flow.id, kRequestPart, flow.requestBody.spooledChunks, last));
        flow.requestBody.spooledBytes += 4096;
        ++flow.requestBody.spooledChunks;
        ASSERT_EQ(flow.responseBody.spooledChunks, 5u);
        writer.publish(flow);
        writer.flush();
        EXPECT_EQ(chunkRows(flow.id), 5 + 3);
    }
    FlowReader reader(storePath());
    const auto flow = reader.get(1);
    ASSERT_TRUE(flow.has_value());
    EXPECT_EQ(flow->responseBody.size, response.size());
    EXPECT_FALSE(flow->responseBody.truncated);
    ASSERT_EQ(flow->responseBody.data.size(), response.size());
    EXPECT_TRUE(flow->responseBody.data == response) << "the pieces and the tail joined in order";
    EXPECT_TRUE(flow->requestBody.data == request);
    EXPECT_EQ(flow->responseBody.spooledBytes, 0u) << "a flow read back holds its whole capture";
    EXPECT_EQ(flow->responseBody.spooledChunks, 0u);
}

TEST_F(BodyChunksTest, TruncatedCaptureKeepsItsSizeAndFlag) {
    const std::string captured = randomBytes(4 * 1000, 3);
    {
        FlowWriter writer(storePath());
        Flow flow = makeFlow(writer.allocateId());
        flow.responseBody = spool(writer, flow.id, kResponsePart, captured, 1000);
        flow.responseBody.size = 1'000'000; // the body went on past max_body_size
        flow.responseBody.truncated = true;
        writer.publish(flow);
    }
    const auto flow = FlowReader(storePath()).get(1);
    ASSERT_TRUE(flow.has_value());
    EXPECT_TRUE(flow->responseBody.data == captured);
    EXPECT_EQ(flow->responseBody.size, 1'000'000u);
    EXPECT_TRUE(flow->responseBody.truncated);
}

TEST_F(BodyChunksTest, FlowMissingAPieceLosesItsCaptureInsteadOfKeepingAHole) {
    const std::string body = randomBytes(3 * 1000 + 10, 4);
    {
        FlowWriter writer(storePath());
        Flow flow = makeFlow(writer.allocateId());
        flow.responseBody = spool(writer, flow.id, kResponsePart, body, 1000);
        // The flow claims one piece more than the store has (as after a failed batch).
        ++flow.responseBody.spooledChunks;
        flow.responseBody.spooledBytes += 1000;
        writer.publish(flow);
        Flow intact = makeFlow(writer.allocateId(), 1);
        intact.responseBody = spool(writer, intact.id, kResponsePart, body, 1000);
        writer.publish(intact);
    }
    FlowReader reader(storePath());
    const auto damaged = reader.get(1);
    ASSERT_TRUE(damaged.has_value());
    EXPECT_TRUE(damaged->responseBody.data.empty());
    EXPECT_TRUE(damaged->responseBody.truncated);
    EXPECT_EQ(damaged->responseBody.size, body.size());
    EXPECT_EQ(damaged->status, 200) << "the rest of the flow is kept";
    EXPECT_EQ(chunkRows(1), 0);
    const auto intact = reader.get(2);
    ASSERT_TRUE(intact.has_value());
    EXPECT_TRUE(intact->responseBody.data == body);
}

TEST_F(BodyChunksTest, PiecesWithoutAFlowAreDeletedWhenTheWriterCloses) {
    {
        FlowWriter writer(storePath());
        Flow kept = makeFlow(writer.allocateId());
        kept.responseBody = spool(writer, kept.id, kResponsePart, randomBytes(2500, 5), 1000);
        writer.publish(kept);
        // An exchange still streaming when the proxy stops: its flow never comes.
        std::string piece = randomBytes(1000, 6);
        ASSERT_TRUE(writer.offerBodyChunk(writer.allocateId(), kResponsePart, 0, piece));
        writer.flush();
        EXPECT_EQ(allChunkRows(), 3);
    }
    EXPECT_EQ(allChunkRows(), 2);
    EXPECT_EQ(chunkRows(1), 2);
}

TEST_F(BodyChunksTest, PiecesLeftByACrashAreDeletedWhenAWriterOpens) {
    const std::string body = randomBytes(2500, 8);
    {
        FlowWriter writer(storePath());
        Flow flow = makeFlow(9);
        flow.responseBody = spool(writer, flow.id, kResponsePart, body, 1000);
        writer.publish(flow);
    }
    {
        // What a killed proxy leaves: committed pieces of flow 10, whose row never came.
        Database db = Database::open(storePath(), Database::Mode::ReadWrite);
        db.exec("INSERT INTO body_chunks (flow_id, part, seq, data) VALUES (10, 1, 0, x'0102'), (10, 1, 1, x'03')");
    }
    { FlowWriter writer(storePath()); }
    EXPECT_EQ(chunkRows(10), 0);
    EXPECT_EQ(chunkRows(9), 2);
    const auto flow = FlowReader(storePath()).get(9);
    ASSERT_TRUE(flow.has_value());
    EXPECT_TRUE(flow->responseBody.data == body);
}

TEST_F(BodyChunksTest, RepublishedFlowWithAWholeBodyReplacesItsPieces) {
    FlowWriter writer(storePath());
    Flow flow = makeFlow(writer.allocateId());
    flow.responseBody = spool(writer, flow.id, kResponsePart, randomBytes(3000, 7), 1000);
    writer.publish(flow);
    writer.flush();
    ASSERT_EQ(chunkRows(flow.id), 2);

    Flow again = makeFlow(flow.id);
    again.responseBody.data = "whole";
    again.responseBody.size = 5;
    writer.publish(again);
    writer.flush();
    EXPECT_EQ(chunkRows(flow.id), 0);
    const auto read = FlowReader(storePath()).get(flow.id);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->responseBody.data, "whole");
}

TEST_F(BodyChunksTest, DeletingAFlowDeletesItsPieces) {
    {
        FlowWriter writer(storePath());
        for (int n = 0; n < 3; ++n) {
            Flow flow = makeFlow(writer.allocateId(), n);
            flow.requestBody = spool(writer, flow.id, kRequestPart, randomBytes(2100, 10 + n), 1000);
            writer.publish(flow);
        }
    }
    ASSERT_EQ(allChunkRows(), 6);
    const std::int64_t ids[] = {2};
    EXPECT_EQ(deleteFlows(storePath(), ids), 1);
    EXPECT_EQ(chunkRows(2), 0);
    EXPECT_EQ(allChunkRows(), 4);
    EXPECT_EQ(deleteFlowsUpTo(storePath(), 3), 2);
    EXPECT_EQ(allChunkRows(), 0);
}

TEST_F(BodyChunksTest, OffersAreRefusedNotQueuedPastTheBudget) {
    FlowWriterOptions options;
    options.maxQueuedBytes = 64 * 1024;
    FlowWriter writer(storePath(), options);
    // Another connection holds the write lock, so the writer is stuck in its first batch
    // (well within its busy timeout) and nothing leaves the queue.
    Database holder = Database::open(storePath(), Database::Mode::ReadWrite);
    holder.exec("BEGIN IMMEDIATE");
    writer.publish(makeFlow(writer.allocateId()));
    int accepted = 0;
    int refused = 0;
    for (unsigned n = 0; n < 16; ++n) {
        std::string piece = randomBytes(16 * 1024, n);
        if (writer.offerBodyChunk(2, kResponsePart, static_cast<std::uint32_t>(accepted), piece)) {
            ++accepted;
        } else {
            ++refused;
            EXPECT_EQ(piece.size(), 16u * 1024u) << "a refused piece stays with the caller";
        }
    }
    EXPECT_EQ(refused, 14) << "3/4 of 64 KiB, less the flow, holds two 16 KiB pieces";
    holder.exec("ROLLBACK");
    writer.publish(makeFlow(2));
    writer.flush();
    EXPECT_EQ(chunkRows(2), accepted);
}

TEST_F(BodyChunksTest, WrittenPieceBuffersComeBackThenGoWhenPiecesStop) {
    FlowWriter writer(storePath());
    std::string piece(1024 * 1024, 'a');
    ASSERT_TRUE(writer.offerBodyChunk(1, kResponsePart, 0, piece));
    writer.flush();
    // The next accepted piece brings back the first one's buffer, its pages already mapped.
    std::string next(1024 * 1024, 'b');
    ASSERT_TRUE(writer.offerBodyChunk(1, kResponsePart, 1, next));
    EXPECT_TRUE(next.empty());
    EXPECT_GE(next.capacity(), 1024u * 1024u);
    writer.flush();
    // With no piece for a while the spare buffers are freed, not kept for good.
    std::this_thread::sleep_for(std::chrono::seconds(4));
    std::string late(1024 * 1024, 'c');
    ASSERT_TRUE(writer.offerBodyChunk(1, kResponsePart, 2, late));
    EXPECT_LT(late.capacity(), 1024u) << "a spare buffer outlived two idle seconds";
    Flow flow = makeFlow(1);
    flow.responseBody.data.clear();
    flow.responseBody.size = 3 * 1024 * 1024;
    flow.responseBody.spooledBytes = 3 * 1024 * 1024;
    flow.responseBody.spooledChunks = 3;
    writer.publish(flow);
    writer.flush();
    const auto read = FlowReader(storePath()).get(1);
    ASSERT_TRUE(read.has_value());
    EXPECT_TRUE(read->responseBody.data ==
                std::string(1024 * 1024, 'a') + std::string(1024 * 1024, 'b') + std::string(1024 * 1024, 'c'));
}

} // namespace
} // namespace flowscope::store::test
