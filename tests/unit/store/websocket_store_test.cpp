// WebSocket messages in the store: schema 2 (migrating a schema-1 file), messages written
// with a flow and offered while it is open, paging, the flow row's counts, and the
// writer's byte budget refusing message batches instead of blocking.
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/schema.hpp"
#include "store_test_support.hpp"

#include <fmt/format.h>

namespace flowscope::store::test {
namespace {

using sqlite::Database;

WebSocketMessage makeMessage(std::int64_t seq, MessageDirection direction, int opcode, std::string payload) {
    WebSocketMessage message;
    message.seq = seq;
    message.direction = direction;
    message.timeUs = 1'700'000'000'000'000 + seq * 10;
    message.opcode = opcode;
    message.length = payload.size();
    message.wireLength = payload.size();
    message.payload = std::move(payload);
    return message;
}

Flow makeWebSocketFlow(std::int64_t id) {
    Flow flow = makeFlow(id);
    flow.kind = FlowKind::WebSocket;
    flow.scheme = "wss";
    flow.status = 101;
    flow.reason = "Switching Protocols";
    flow.responseBody = {};
    flow.webSocket.messagesFromClient = 7;
    flow.webSocket.messagesFromServer = 9;
    flow.webSocket.messagesDropped = 1;
    flow.webSocket.payloadsDropped = 2;
    flow.webSocket.closeCode = 4001;
    flow.webSocket.closeReason = "bye";
    flow.webSocket.closedBy = CloseInitiator::Server;
    flow.webSocket.protocolError = "client->server: reserved opcode 0x3 (RFC 6455 §5.2)";
    return flow;
}

// Every field set to something other than its default, and payload bytes of every value.
std::vector<WebSocketMessage> variedMessages() {
    std::vector<WebSocketMessage> messages;
    messages.push_back(makeMessage(0, MessageDirection::ClientToServer, kOpcodeText, "hello"));
    WebSocketMessage binary = makeMessage(1, MessageDirection::ServerToClient, kOpcodeBinary, randomBytes(3000, 7));
    binary.compressed = true;
    binary.wireLength = 1200;
    binary.length = 5000;
    binary.truncated = true;
    binary.frameCount = 3;
    messages.push_back(std::move(binary));
    WebSocketMessage dropped = makeMessage(3, MessageDirection::ClientToServer, kOpcodeText, "");
    dropped.length = 100;
    dropped.wireLength = 100;
    dropped.truncated = true;
    dropped.payloadDropped = true;
    dropped.error = "invalid UTF-8 in text message";
    messages.push_back(std::move(dropped));
    WebSocketMessage close = makeMessage(4, MessageDirection::ServerToClient, kOpcodeClose,
                                         std::string("\x0F\xA1"
                                                     "bye",
                                                     5));
    close.closeCode = 4001;
    close.closeReason = "bye";
    messages.push_back(std::move(close));
    return messages;
}

class WebSocketStoreTest : public StoreTest {
protected:
    // A file as schema 1 left it, with one flow in it.
    void createSchemaOneStore() {
        Database db = Database::open(storePath(), Database::Mode::ReadWriteCreate);
        db.exec(schema::migrations().at(0).sql);
        db.exec("PRAGMA user_version = 1");
        db.exec("INSERT INTO flows (id, kind, started_at_us, ended_at_us, host, status) "
                "VALUES (1, 'websocket', 10, 20, 'old.example', 101)");
    }
};

TEST_F(WebSocketStoreTest, SchemaTwoAddsWebSocketMessages) {
    ASSERT_GE(schema::migrations().size(), 2u);
    EXPECT_EQ(schema::migrations().at(1).name, "0002_websocket.sql");
}

TEST_F(WebSocketStoreTest, SchemaOneStoreMigratesAndKeepsItsFlows) {
    createSchemaOneStore();
    {
        const FlowReader reader(storePath()); // a reader migrates an older file too
        const auto old = reader.get(1);
        ASSERT_TRUE(old.has_value());
        EXPECT_EQ(old->host, "old.example");
        EXPECT_EQ(old->webSocket, WebSocketSummary{}); // new columns read their defaults
        EXPECT_EQ(reader.messageCount(1), 0);
        EXPECT_TRUE(reader.messages(1).empty());
    }
    Database db = Database::open(storePath(), Database::Mode::ReadWrite);
    EXPECT_EQ(db.queryInt64("PRAGMA user_version"), schema::latestVersion());
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM sqlite_master WHERE name = 'websocket_messages'"), 1);
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM flows"), 1);

    // The migrated file takes new flows with messages; ids continue after the old ones.
    {
        FlowWriter writer(storePath());
        Flow flow = makeWebSocketFlow(writer.allocateId());
        EXPECT_EQ(flow.id, 2);
        flow.messages = variedMessages();
        writer.publish(std::move(flow));
    }
    const FlowReader reader(storePath());
    EXPECT_EQ(reader.messages(2, -1, 0), variedMessages());
    EXPECT_EQ(reader.get(2)->webSocket, makeWebSocketFlow(2).webSocket);
}

TEST_F(WebSocketStoreTest, MessagesAndSummaryRoundTrip) {
    {
        FlowWriter writer(storePath());
        Flow flow = makeWebSocketFlow(writer.allocateId());
        flow.messages = variedMessages();
        writer.publish(std::move(flow));
    }
    const FlowReader reader(storePath());
    const auto flow = reader.get(1);
    ASSERT_TRUE(flow.has_value());
    EXPECT_EQ(flow->kind, FlowKind::WebSocket);
    EXPECT_EQ(flow->webSocket, makeWebSocketFlow(1).webSocket);
    EXPECT_TRUE(flow->messages.empty()); // get() never loads messages
    EXPECT_EQ(reader.messageCount(1), 4);
    EXPECT_EQ(reader.messages(1, -1, 0), variedMessages());
}

// The engine's order: the open flow, batches while it is open, the final flow carrying the
// rest. Each publish replaces the row; messages only ever accumulate.
TEST_F(WebSocketStoreTest, OfferedBatchesAndRepublishedFlowAccumulate) {
    FlowWriter writer(storePath());
    const std::int64_t id = writer.allocateId();
    Flow open = makeWebSocketFlow(id);
    open.webSocket = {};
    open.endedAtUs = 0;
    writer.publish(open);
    std::vector<WebSocketMessage> batch{makeMessage(0, MessageDirection::ClientToServer, kOpcodeText, "a"),
                                        makeMessage(1, MessageDirection::ServerToClient, kOpcodeText, "a")};
    EXPECT_TRUE(writer.offerMessages(id, batch));
    EXPECT_TRUE(batch.empty()); // taken
    writer.flush();
    {
        const FlowReader reader(storePath());
        EXPECT_EQ(reader.messageCount(id), 2);
        EXPECT_EQ(reader.get(id)->endedAtUs, 0);
    }
    batch = {makeMessage(2, MessageDirection::ClientToServer, kOpcodeText, "b")};
    EXPECT_TRUE(writer.offerMessages(id, batch));
    Flow final = makeWebSocketFlow(id);
    final.messages = {makeMessage(3, MessageDirection::ServerToClient, kOpcodeText, "b")};
    writer.publish(std::move(final));
    writer.publish(makeWebSocketFlow(id)); // a later update without messages keeps them
    writer.flush();
    const FlowReader reader(storePath());
    EXPECT_EQ(reader.count(), 1);
    EXPECT_EQ(reader.get(id)->webSocket.closeCode, 4001);
    const auto stored = reader.messages(id, -1, 0);
    ASSERT_EQ(stored.size(), 4u);
    for (std::size_t i = 0; i < stored.size(); ++i)
        EXPECT_EQ(stored[i].seq, static_cast<std::int64_t>(i));
    EXPECT_EQ(stored[3].payload, "b");
}

TEST_F(WebSocketStoreTest, MessagesArePagedBySeqWithPreviews) {
    {
        FlowWriter writer(storePath());
        Flow flow = makeWebSocketFlow(writer.allocateId());
        for (int i = 0; i < 10; ++i)
            flow.messages.push_back(
                makeMessage(i * 2, MessageDirection::ClientToServer, kOpcodeText, fmt::format("payload {}", i)));
        writer.publish(std::move(flow));
    }
    const FlowReader reader(storePath());
    const auto first = reader.messages(1, -1, 4);
    ASSERT_EQ(first.size(), 4u);
    EXPECT_EQ(first.front().seq, 0);
    EXPECT_EQ(first.back().seq, 6);
    const auto second = reader.messages(1, first.back().seq, 4, 3);
    ASSERT_EQ(second.size(), 4u);
    EXPECT_EQ(second.front().seq, 8);
    EXPECT_EQ(second.front().payload, "pay"); // cut to 3 bytes
    EXPECT_EQ(second.front().length, 9u);     // the whole message's length
    EXPECT_EQ(reader.messages(1, 18, 4).size(), 0u);
    EXPECT_EQ(reader.messages(1, -1, 0).size(), 10u);
    EXPECT_TRUE(reader.messages(2).empty()); // no such flow
}

// offerMessages() never blocks: past 3/4 of the byte budget it says no and leaves the
// batch with the caller; once the queue drains it is taken.
TEST_F(WebSocketStoreTest, OfferIsRefusedPastTheBudgetAndTakenOnceDrained) {
    FlowWriterOptions options;
    options.maxQueuedBytes = 64 * 1024;
    options.maxBatchDelay = std::chrono::hours(1); // the writer waits for a flush or half the budget
    FlowWriter writer(storePath(), options);
    writer.publish(makeWebSocketFlow(writer.allocateId())); // the queue is not empty now
    std::vector<WebSocketMessage> batch{
        makeMessage(0, MessageDirection::ServerToClient, kOpcodeBinary, randomBytes(50 * 1024, 3))};
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(writer.offerMessages(1, batch));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    ASSERT_EQ(batch.size(), 1u); // still the caller's
    EXPECT_EQ(batch[0].payload.size(), 50u * 1024);
    writer.flush();
    EXPECT_TRUE(writer.offerMessages(1, batch)); // an empty queue takes any one batch
    writer.flush();
    EXPECT_EQ(FlowReader(storePath()).messageCount(1), 1);
}

} // namespace
} // namespace flowscope::store::test
