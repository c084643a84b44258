// WebSocketRecorder: forwarded bytes in (as the relay tap sees them), store messages out.
// Frames are built byte by byte (tests/unit/websocket/frame_builder), the sink is a real
// FlowSink that keeps what it is given and can be told to refuse (back-pressure).
#include "../websocket/frame_builder.hpp"
#include "engine/websocket_recorder.hpp"
#include "store/flow_sink.hpp"

#include <gtest/gtest.h>

namespace flowscope::engine {
namespace {

namespace ws = http::websocket;
using store::MessageDirection;
using ws::test::closeBody;
using ws::test::serverFrame;

const ws::test::MaskKey kKey{0x12, 0x34, 0x56, 0x78};

std::string clientFrame(ws::Opcode opcode, std::string_view payload, bool fin = true) {
    return ws::test::clientFrame(opcode, payload, kKey, fin);
}

// Keeps the batches it accepts; refuses them while `refusing`.
class KeepingSink final : public store::FlowSink {
public:
    std::int64_t allocateId() override { return ++m_lastId; }
    void publish(store::Flow flow) override { flows.push_back(std::move(flow)); }
    bool offerMessages(std::int64_t flowId, std::vector<store::WebSocketMessage>& messages) override {
        ++offers;
        if (refusing)
            return false;
        EXPECT_EQ(flowId, 42);
        for (auto& message : messages)
            accepted.push_back(std::move(message));
        messages.clear();
        return true;
    }

    bool refusing = false;
    int offers = 0;
    std::vector<store::WebSocketMessage> accepted;
    std::vector<store::Flow> flows;

private:
    std::int64_t m_lastId = 0;
};

class WebSocketRecorderTest : public ::testing::Test {
protected:
    WebSocketRecorder make(RecorderLimits limits = {}, std::optional<ws::DeflateParams> deflate = std::nullopt) {
        return WebSocketRecorder(sink, 42, deflate, limits, [this] { return m_now += 1000; });
    }

    // Feeds `bytes` one byte at a time, as a worst-case relay would.
    static void feedBytewise(WebSocketRecorder& recorder, RelaySide side, std::string_view bytes) {
        for (char c : bytes)
            recorder.onBytes(side, std::string_view(&c, 1));
    }

    KeepingSink sink;

private:
    std::int64_t m_now = 1'700'000'000'000'000;
};

TEST_F(WebSocketRecorderTest, MessagesOfBothDirectionsGetSeqTimesAndCounts) {
    WebSocketRecorder recorder = make();
    int started = 0;
    recorder.setPendingStarted([&] { ++started; });
    feedBytewise(recorder, RelaySide::Client, clientFrame(ws::Opcode::Text, "hello"));
    feedBytewise(recorder, RelaySide::Server, serverFrame(ws::Opcode::Text, "hello"));
    recorder.onBytes(RelaySide::Client, clientFrame(ws::Opcode::Binary, std::string("\0\1\2", 3)));
    EXPECT_EQ(started, 1); // once, when the first message started waiting
    EXPECT_TRUE(recorder.hasPending());
    EXPECT_TRUE(sink.accepted.empty()); // below the batch size: waits for the timer's flush
    recorder.flush();
    EXPECT_FALSE(recorder.hasPending());
    ASSERT_EQ(sink.accepted.size(), 3u);
    EXPECT_EQ(sink.accepted[0].seq, 0);
    EXPECT_EQ(sink.accepted[0].direction, MessageDirection::ClientToServer);
    EXPECT_EQ(sink.accepted[0].payload, "hello");
    EXPECT_EQ(sink.accepted[1].direction, MessageDirection::ServerToClient);
    EXPECT_EQ(sink.accepted[2].opcode, store::kOpcodeBinary);
    EXPECT_EQ(sink.accepted[2].payload, std::string("\0\1\2", 3));
    EXPECT_LT(sink.accepted[0].timeUs, sink.accepted[1].timeUs);
    EXPECT_EQ(recorder.summary().messagesFromClient, 2u);
    EXPECT_EQ(recorder.summary().messagesFromServer, 1u);
}

TEST_F(WebSocketRecorderTest, FullBatchIsOfferedAtOnce) {
    RecorderLimits limits;
    limits.batchMessages = 3;
    WebSocketRecorder recorder = make(limits);
    for (int i = 0; i < 7; ++i)
        recorder.onBytes(RelaySide::Server, serverFrame(ws::Opcode::Text, "m" + std::to_string(i)));
    EXPECT_EQ(sink.accepted.size(), 6u); // two batches of 3
    EXPECT_EQ(sink.offers, 2);
    store::Flow flow;
    recorder.finish(flow);
    ASSERT_EQ(flow.messages.size(), 1u); // the rest travels with the final flow
    EXPECT_EQ(flow.messages[0].seq, 6);
    EXPECT_EQ(flow.webSocket.messagesFromServer, 7u);
}

TEST_F(WebSocketRecorderTest, FragmentedAndCompressedMessagesAreReassembledAndInflated) {
    ws::DeflateParams params; // context takeover both ways, 15-bit windows
    WebSocketRecorder recorder = make({}, params);
    ws::test::Deflater deflater;
    const std::string text(5000, 'z');
    const std::string compressed = deflater.compressMessage(text);
    ws::test::FrameSpec first; // RSV1 on the first frame only (RFC 7692 §6.1)
    first.opcode = 0x1;
    first.payload = compressed.substr(0, 5);
    first.fin = false;
    first.rsv1 = true;
    first.mask = kKey;
    ws::test::FrameSpec rest;
    rest.opcode = 0x0;
    rest.payload = compressed.substr(5);
    rest.mask = kKey;
    recorder.onBytes(RelaySide::Client, ws::test::buildFrame(first) + ws::test::buildFrame(rest));
    store::Flow flow;
    recorder.finish(flow);
    ASSERT_EQ(flow.messages.size(), 1u);
    const store::WebSocketMessage& message = flow.messages[0];
    EXPECT_EQ(message.payload, text);
    EXPECT_TRUE(message.compressed);
    EXPECT_EQ(message.length, text.size());
    EXPECT_EQ(message.wireLength, compressed.size());
    EXPECT_EQ(message.frameCount, 2u);
}

TEST_F(WebSocketRecorderTest, FirstCloseDecidesWhoClosed) {
    WebSocketRecorder recorder = make();
    recorder.onBytes(RelaySide::Server, serverFrame(ws::Opcode::Close, closeBody(4002, "server says bye")));
    recorder.onBytes(RelaySide::Client, clientFrame(ws::Opcode::Close, closeBody(4002, "echo")));
    store::Flow flow;
    recorder.finish(flow);
    EXPECT_EQ(flow.webSocket.closedBy, store::CloseInitiator::Server);
    EXPECT_EQ(flow.webSocket.closeCode, 4002);
    EXPECT_EQ(flow.webSocket.closeReason, "server says bye");
    ASSERT_EQ(flow.messages.size(), 2u);
    EXPECT_EQ(flow.messages[1].closeReason, "echo");
}

TEST_F(WebSocketRecorderTest, ProtocolErrorStopsOneDirectionOnly) {
    WebSocketRecorder recorder = make();
    recorder.onBytes(RelaySide::Client, serverFrame(ws::Opcode::Text, "unmasked from a client")); // §5.1
    recorder.onBytes(RelaySide::Client, clientFrame(ws::Opcode::Text, "ignored after the error"));
    recorder.onBytes(RelaySide::Server, serverFrame(ws::Opcode::Text, "still parsed"));
    store::Flow flow;
    recorder.finish(flow);
    EXPECT_NE(flow.webSocket.protocolError.find("client->server"), std::string::npos) << flow.webSocket.protocolError;
    ASSERT_EQ(flow.messages.size(), 1u);
    EXPECT_EQ(flow.messages[0].payload, "still parsed");
}

TEST_F(WebSocketRecorderTest, MessageCutOffByTheEndIsKeptAndMarked) {
    WebSocketRecorder recorder = make();
    const std::string frame = clientFrame(ws::Opcode::Text, "never finished", false);
    recorder.onBytes(RelaySide::Client, frame);
    store::Flow flow;
    recorder.finish(flow);
    ASSERT_EQ(flow.messages.size(), 1u);
    EXPECT_EQ(flow.messages[0].payload, "never finished");
    EXPECT_FALSE(flow.messages[0].error.empty());
    recorder.onBytes(RelaySide::Client, clientFrame(ws::Opcode::Text, "after the end")); // ignored
    EXPECT_EQ(recorder.summary().messagesFromClient, 1u);
}

TEST_F(WebSocketRecorderTest, CaptureIsCappedPerMessage) {
    RecorderLimits limits;
    limits.maxCapture = 100;
    WebSocketRecorder recorder = make(limits);
    recorder.onBytes(RelaySide::Server, serverFrame(ws::Opcode::Binary, std::string(1000, 'x')));
    store::Flow flow;
    recorder.finish(flow);
    ASSERT_EQ(flow.messages.size(), 1u);
    EXPECT_EQ(flow.messages[0].payload.size(), 100u);
    EXPECT_EQ(flow.messages[0].length, 1000u);
    EXPECT_TRUE(flow.messages[0].truncated);
}

// While the store refuses, pending payload stays under maxPendingBytes (later payloads
// dropped, counted) and pending messages under maxPendingMessages (later ones dropped,
// counted); nothing blocks, and what was kept goes out once the store takes it again.
TEST_F(WebSocketRecorderTest, RefusedBatchesAreBoundedByDroppingPayloadsThenMessages) {
    RecorderLimits limits;
    limits.batchMessages = 100;
    limits.maxPendingBytes = 1000;
    limits.maxPendingMessages = 5;
    WebSocketRecorder recorder = make(limits);
    sink.refusing = true;
    for (int i = 0; i < 10; ++i)
        recorder.onBytes(RelaySide::Server,
                         serverFrame(ws::Opcode::Binary, std::string(400, static_cast<char>('a' + i))));
    EXPECT_TRUE(sink.accepted.empty());
    EXPECT_EQ(recorder.summary().messagesFromServer, 10u);
    EXPECT_EQ(recorder.summary().payloadsDropped, 3u); // messages 2, 3, 4: 800 + 400 > 1000
    EXPECT_EQ(recorder.summary().messagesDropped, 5u); // messages 5..9: 5 already pending

    sink.refusing = false;
    recorder.flush();
    ASSERT_EQ(sink.accepted.size(), 5u);
    EXPECT_EQ(sink.accepted[0].payload, std::string(400, 'a'));
    EXPECT_EQ(sink.accepted[1].payload, std::string(400, 'b'));
    EXPECT_TRUE(sink.accepted[2].payloadDropped);
    EXPECT_TRUE(sink.accepted[2].payload.empty());
    EXPECT_TRUE(sink.accepted[2].truncated);
    EXPECT_EQ(sink.accepted[2].length, 400u);
    EXPECT_EQ(sink.accepted[4].seq, 4);

    recorder.onBytes(RelaySide::Server, serverFrame(ws::Opcode::Text, "after the pressure"));
    store::Flow flow;
    recorder.finish(flow);
    ASSERT_EQ(flow.messages.size(), 1u);
    EXPECT_EQ(flow.messages[0].seq, 10); // seq counts the dropped ones: the gap shows them
    EXPECT_EQ(flow.webSocket.messagesDropped, 5u);
    EXPECT_EQ(flow.webSocket.payloadsDropped, 3u);
}

} // namespace
} // namespace flowscope::engine
