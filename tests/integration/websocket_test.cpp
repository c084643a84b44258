// WebSocket through the proxy: the 101 hands both connections to a byte relay, frames pass
// unchanged both ways, and the store gets one WebSocket flow with the bytes counted.
#include "integration_fixture.hpp"
#include "support/raw_connection.hpp"
#include "support/test_origin.hpp"
#include "support/websocket_frames.hpp"

namespace flowscope::test {
namespace {

using namespace std::chrono_literals;

class WebSocketTest : public IntegrationTest {
protected:
    // The next whole message: a frame, or a fragmented message joined (Beast's server
    // fragments large messages).
    WsFrame nextMessage(RawConnection& connection) {
        WsFrame message = nextFrame(connection);
        while (!message.fin && !HasFailure()) {
            const WsFrame more = nextFrame(connection);
            EXPECT_EQ(more.opcode, WsOpcode::Continuation);
            message.payload += more.payload;
            message.fin = more.fin;
        }
        return message;
    }

    // Reads until one whole server frame is there; returns it and drops its bytes.
    WsFrame nextFrame(RawConnection& connection) {
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        bool closed = false;
        while (true) {
            if (auto frame = parseServerFrame(std::string_view(m_pending).substr(m_consumed))) {
                m_consumed += frame->frameSize;
                return *frame;
            }
            if (closed || std::chrono::steady_clock::now() >= deadline)
                break;
            // No marker can match: this reads whatever arrives within the slice.
            const RawResult more = connection.readUntil(std::string(1, '\0') + "no-such-marker", 200ms);
            m_pending = more.data; // everything received on the connection so far
            closed = more.closedByPeer;
        }
        ADD_FAILURE() << "no complete frame from the server; " << (m_pending.size() - m_consumed) << " bytes pending"
                      << (closed ? ", connection closed" : "");
        return {};
    }

    void expectUpgraded(RawConnection& connection) {
        const std::string upgrade =
            "GET " + origin.url("/ws") + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(origin.port()) +
            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + std::string(kSampleWebSocketKey) +
            "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ASSERT_TRUE(connection.send(upgrade));
        const RawResult head = connection.readUntil("\r\n\r\n");
        ASSERT_EQ(statusOf(head.data), 101) << head.data;
        EXPECT_EQ(headerOf(head.data, "Sec-WebSocket-Accept"), kSampleWebSocketAccept);
        EXPECT_EQ(headerOf(head.data, "Upgrade"), "websocket");
        m_pending = head.data;
        m_consumed = head.data.find("\r\n\r\n") + 4;
    }

    TestOrigin origin;
    ProxyHarness proxy;

private:
    std::string m_pending; // everything read so far
    std::size_t m_consumed = 0;
};

TEST_F(WebSocketTest, FramesAreRelayedBothWaysAndOneFlowIsRecorded) {
    RawConnection connection(proxy.port());
    expectUpgraded(connection);
    if (HasFatalFailure())
        return;

    ASSERT_TRUE(connection.send(clientFrame(WsOpcode::Text, "hello through the proxy")));
    const WsFrame text = nextMessage(connection);
    EXPECT_EQ(text.opcode, WsOpcode::Text);
    EXPECT_EQ(text.payload, "hello through the proxy");

    std::string binary(70000, '\0');
    for (std::size_t i = 0; i < binary.size(); ++i)
        binary[i] = static_cast<char>(i * 7);
    ASSERT_TRUE(connection.send(clientFrame(WsOpcode::Binary, binary)));
    const WsFrame echoed = nextMessage(connection);
    EXPECT_EQ(echoed.opcode, WsOpcode::Binary);
    EXPECT_TRUE(echoed.payload == binary) << "binary payload differs";

    ASSERT_TRUE(connection.send(clientFrame(WsOpcode::Close, std::string("\x03\xE8", 2)))); // 1000 normal
    EXPECT_EQ(nextMessage(connection).opcode, WsOpcode::Close);
    EXPECT_TRUE(connection.readUntilClose(5s).closedByPeer);
    connection.close(); // the relay ends when both sides have closed

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    const store::Flow& flow = flows[0];
    EXPECT_EQ(flow.kind, store::FlowKind::WebSocket);
    EXPECT_EQ(flow.scheme, "ws");
    EXPECT_EQ(flow.status, 101);
    EXPECT_EQ(flow.url, origin.url("/ws"));
    EXPECT_GT(flow.bytesFromClient, binary.size());
    EXPECT_GT(flow.bytesToClient, binary.size());
    EXPECT_TRUE(flow.errorKind.empty()) << flow.errorKind << ": " << flow.errorMessage;
    EXPECT_EQ(origin.requestCount("/ws"), 1u);
}

} // namespace
} // namespace flowscope::test

namespace flowscope::test {
namespace {

// Regression (fixed): same cause as GracefulStopTest.OpenTunnelIsClosedAndItsFlowRecorded. An upgraded
// connection open when stop() is called goes through relayRaw (src/engine/tunnel_relay.cpp,
// the operation_aborted branch at line 57): the force-close of the client stream does not end
// the upstream->client pump, the session survives the force window and the WebSocket flow is
// never published.
TEST_F(WebSocketTest, OpenWebSocketIsClosedOnStopAndItsFlowRecorded) {
    RawConnection connection(proxy.port());
    expectUpgraded(connection);
    if (HasFatalFailure())
        return;
    ASSERT_TRUE(connection.send(clientFrame(WsOpcode::Text, "still open at shutdown")));
    EXPECT_EQ(nextMessage(connection).payload, "still open at shutdown");

    const auto start = std::chrono::steady_clock::now();
    proxy.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s); // drainTimeout 500 ms, then closed
    EXPECT_EQ(proxy.stats().activeSessions, 0u);
    EXPECT_TRUE(connection.readUntilClose(2s).closedByPeer);
    const auto flows = proxy.flows(1, 1s);
    ASSERT_EQ(flows.size(), 1u) << "the WebSocket flow was lost";
    EXPECT_EQ(flows[0].kind, store::FlowKind::WebSocket);
}

} // namespace
} // namespace flowscope::test
