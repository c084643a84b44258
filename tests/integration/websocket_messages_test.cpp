// WebSocket messages through the proxy, ws:// and wss:// (intercepted CONNECT): a Beast
// client and the origin's Beast server exchange messages; each test checks that the
// client received exactly what the server sent and that the messages the proxy stored
// (read back with FlowReader) are the same, with the flow's counts and close status.
#include "integration_fixture.hpp"
#include "store/flow_store.hpp"
#include "support/origin_websocket.hpp"
#include "support/raw_connection.hpp"
#include "support/test_origin.hpp"
#include "support/websocket_client.hpp"
#include "support/websocket_frames.hpp"

#include <gmock/gmock.h>
#include <random>

namespace flowscope::test {
namespace {

using namespace std::chrono_literals;
using store::MessageDirection;
using ::testing::HasSubstr;

// What one stored message must be, as far as the peers can tell.
struct Expected {
    int opcode;
    std::string payload;
};

std::string randomBytes(std::size_t size, unsigned seed) {
    std::mt19937 rng(seed);
    std::string bytes(size, '\0');
    for (char& c : bytes)
        c = static_cast<char>(rng() & 0xFF);
    return bytes;
}

std::string closeBody(std::uint16_t code, std::string_view reason) {
    std::string body{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    return body + std::string(reason);
}

class WebSocketMessagesTest : public IntegrationTest, public ::testing::WithParamInterface<bool> {
protected:
    WebSocketMessagesTest() {
        if (GetParam())
            origin.emplace(pki().valid);
        else
            origin.emplace();
        engine::ProxyOptions options = ProxyHarness::defaultOptions();
        options.upstreamCaFiles = {pki().caCert};
        proxy.emplace(options);
    }

    WebSocketTarget target(bool deflate = false) {
        WebSocketTarget t;
        t.proxyPort = proxy->port();
        t.tls = GetParam();
        t.host = t.tls ? "localhost" : "127.0.0.1"; // the test certificate names localhost
        t.port = origin->port();
        t.caFile = proxy->caPath();
        t.offerDeflate = deflate;
        return t;
    }

    // Sends `message`, expects it echoed unchanged.
    void echo(WebSocketClient& client, const WsMessage& message) {
        client.send(message);
        const auto back = client.read();
        ASSERT_TRUE(back.has_value()) << "the server closed instead of echoing";
        EXPECT_TRUE(*back == message) << "echo differs (" << back->payload.size() << " bytes back, "
                                      << message.payload.size() << " sent)";
    }

    // The connection's flow once it has ended, and its stored messages.
    store::Flow recorded() {
        const auto flows = proxy->flows(1);
        const auto webSockets = flowsOfKind(flows, store::FlowKind::WebSocket);
        EXPECT_EQ(webSockets.size(), 1u);
        if (webSockets.empty())
            return {};
        store::Flow flow = *webSockets.front();
        const store::FlowReader reader(proxy->storeFile());
        flow.messages = reader.messages(flow.id, -1, 0);
        return flow;
    }

    // The stored messages of one direction, in order, match `expected`; seq increases and
    // every message's length and flags say what its payload holds.
    static void expectDirection(const store::Flow& flow, MessageDirection direction,
                                const std::vector<Expected>& expected) {
        std::vector<const store::WebSocketMessage*> stored;
        for (const auto& message : flow.messages) {
            if (message.direction == direction)
                stored.push_back(&message);
        }
        ASSERT_EQ(stored.size(), expected.size()) << store::toString(direction);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const store::WebSocketMessage& message = *stored[i];
            EXPECT_EQ(message.opcode, expected[i].opcode) << store::toString(direction) << " #" << i;
            EXPECT_TRUE(message.payload == expected[i].payload)
                << store::toString(direction) << " #" << i << ": payload of " << message.payload.size()
                << " bytes differs from the " << expected[i].payload.size() << " expected";
            EXPECT_EQ(message.length, expected[i].payload.size());
            EXPECT_FALSE(message.truncated);
            EXPECT_FALSE(message.payloadDropped);
            EXPECT_TRUE(message.error.empty()) << message.error;
            EXPECT_GE(message.timeUs, flow.startedAtUs);
        }
        for (std::size_t i = 1; i < flow.messages.size(); ++i)
            EXPECT_LT(flow.messages[i - 1].seq, flow.messages[i].seq);
    }

    static void expectCleanFlow(const store::Flow& flow) {
        EXPECT_EQ(flow.kind, store::FlowKind::WebSocket);
        EXPECT_EQ(flow.status, 101);
        EXPECT_TRUE(flow.errorKind.empty()) << flow.errorKind << ": " << flow.errorMessage;
        EXPECT_TRUE(flow.webSocket.protocolError.empty()) << flow.webSocket.protocolError;
        EXPECT_EQ(flow.webSocket.messagesDropped, 0u);
        EXPECT_EQ(flow.webSocket.payloadsDropped, 0u);
        EXPECT_GT(flow.endedAtUs, 0); // republished when the connection ended
    }

    std::optional<TestOrigin> origin;
    std::optional<ProxyHarness> proxy;
};

TEST_P(WebSocketMessagesTest, TextAndBinaryMessagesAndClientClose) {
    const WsMessage text{true, "hello through the proxy"};
    const WsMessage unicode{true, "h\xC3\xA9llo \xE2\x9C\x93"};
    const WsMessage binary{false, randomBytes(70000, 1)};
    {
        WebSocketClient client(target());
        echo(client, text);
        echo(client, unicode);
        echo(client, binary);
        client.close(4001, "client done");
        EXPECT_EQ(client.closeCode(), 4001); // Beast's server answers with the status, no reason
    }
    const store::Flow flow = recorded();
    expectCleanFlow(flow);
    EXPECT_EQ(flow.scheme, GetParam() ? "wss" : "ws");
    std::vector<Expected> sent{{store::kOpcodeText, text.payload},
                               {store::kOpcodeText, unicode.payload},
                               {store::kOpcodeBinary, binary.payload},
                               {store::kOpcodeClose, closeBody(4001, "client done")}};
    expectDirection(flow, MessageDirection::ClientToServer, sent);
    sent.back().payload = closeBody(4001, ""); // the answer, as the client received it
    expectDirection(flow, MessageDirection::ServerToClient, sent);
    EXPECT_EQ(flow.webSocket.messagesFromClient, 4u);
    EXPECT_EQ(flow.webSocket.messagesFromServer, 4u);
    EXPECT_EQ(flow.webSocket.closedBy, store::CloseInitiator::Client);
    EXPECT_EQ(flow.webSocket.closeCode, 4001);
    EXPECT_EQ(flow.webSocket.closeReason, "client done");
    ASSERT_FALSE(flow.messages.empty());
    EXPECT_EQ(flow.messages.front().seq, 0);
    EXPECT_EQ(flow.messages.front().direction, MessageDirection::ClientToServer); // causally first
    EXPECT_EQ(flow.messages.back().closeCode, 4001);
}

TEST_P(WebSocketMessagesTest, OneMegabyteMessageBothWays) {
    const WsMessage big{false, randomBytes(1024 * 1024, 2)};
    {
        WebSocketClient client(target());
        echo(client, big);
        client.close(1000, "");
    }
    const store::Flow flow = recorded();
    expectCleanFlow(flow);
    const std::vector<Expected> expected{{store::kOpcodeBinary, big.payload},
                                         {store::kOpcodeClose, closeBody(1000, "")}};
    expectDirection(flow, MessageDirection::ClientToServer, expected);
    expectDirection(flow, MessageDirection::ServerToClient, expected);
    EXPECT_GT(flow.bytesFromClient, big.payload.size());
    EXPECT_GT(flow.bytesToClient, big.payload.size());
}

TEST_P(WebSocketMessagesTest, FragmentedMessagesAreReassembled) {
    const WsMessage fragmented{true, "one message sent in five frames by the client"};
    const std::string serverText = "and four frames from the server";
    {
        WebSocketClient client(target());
        client.sendFragmented(fragmented, 5);
        const auto back = client.read();
        ASSERT_TRUE(back.has_value());
        EXPECT_TRUE(*back == fragmented);
        const std::string command = std::string(kOriginWsFragment) + "4 " + serverText;
        client.send({true, command});
        const auto pieces = client.read();
        ASSERT_TRUE(pieces.has_value());
        EXPECT_EQ(pieces->payload, serverText);
        client.close(1000, "bye");
    }
    const store::Flow flow = recorded();
    expectCleanFlow(flow);
    const std::string command = std::string(kOriginWsFragment) + "4 " + serverText;
    expectDirection(flow, MessageDirection::ClientToServer,
                    {{store::kOpcodeText, fragmented.payload},
                     {store::kOpcodeText, command},
                     {store::kOpcodeClose, closeBody(1000, "bye")}});
    expectDirection(flow, MessageDirection::ServerToClient,
                    {{store::kOpcodeText, fragmented.payload},
                     {store::kOpcodeText, serverText},
                     {store::kOpcodeClose, closeBody(1000, "")}});
    ASSERT_GE(flow.messages.size(), 4u);
    const auto frames = [&](MessageDirection direction, const std::string& payload) {
        for (const auto& message : flow.messages) {
            if (message.direction == direction && message.payload == payload)
                return message.frameCount;
        }
        return 0u;
    };
    EXPECT_EQ(frames(MessageDirection::ClientToServer, fragmented.payload), 5u);
    EXPECT_EQ(frames(MessageDirection::ServerToClient, serverText), 4u);
}

TEST_P(WebSocketMessagesTest, PingsAndPongsBothWays) {
    const std::string pingCommand = std::string(kOriginWsPing) + "from the server";
    {
        WebSocketClient client(target());
        client.ping("from the client");
        echo(client, {true, "after the ping"}); // Beast reports the pong while reading
        client.send({true, pingCommand});
        const auto back = client.read(); // the server's ping arrives first and is answered
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(back->payload, pingCommand);
        client.close(1000, "");
        ASSERT_GE(client.controls().size(), 2u);
        EXPECT_EQ(client.controls()[0].kind, WsControl::Kind::Pong);
        EXPECT_EQ(client.controls()[0].payload, "from the client");
        EXPECT_EQ(client.controls()[1].kind, WsControl::Kind::Ping);
        EXPECT_EQ(client.controls()[1].payload, "from the server");
    }
    const store::Flow flow = recorded();
    expectCleanFlow(flow);
    expectDirection(flow, MessageDirection::ClientToServer,
                    {{store::kOpcodePing, "from the client"},
                     {store::kOpcodeText, "after the ping"},
                     {store::kOpcodeText, pingCommand},
                     {store::kOpcodePong, "from the server"},
                     {store::kOpcodeClose, closeBody(1000, "")}});
    expectDirection(flow, MessageDirection::ServerToClient,
                    {{store::kOpcodePong, "from the client"},
                     {store::kOpcodeText, "after the ping"},
                     {store::kOpcodePing, "from the server"},
                     {store::kOpcodeText, pingCommand},
                     {store::kOpcodeClose, closeBody(1000, "")}});
}

TEST_P(WebSocketMessagesTest, ServerInitiatedCloseWithCodeAndReason) {
    const std::string command = std::string(kOriginWsClose) + "4002 server says bye";
    {
        WebSocketClient client(target());
        client.send({true, command});
        EXPECT_FALSE(client.read().has_value()); // the server's Close, answered by Beast
        EXPECT_EQ(client.closeCode(), 4002);
        EXPECT_EQ(client.closeReason(), "server says bye");
    }
    const store::Flow flow = recorded();
    expectCleanFlow(flow);
    expectDirection(flow, MessageDirection::ClientToServer,
                    {{store::kOpcodeText, command}, {store::kOpcodeClose, closeBody(4002, "")}}); // Beast's answer
    expectDirection(flow, MessageDirection::ServerToClient,
                    {{store::kOpcodeClose, closeBody(4002, "server says bye")}});
    EXPECT_EQ(flow.webSocket.closedBy, store::CloseInitiator::Server);
    EXPECT_EQ(flow.webSocket.closeCode, 4002);
    EXPECT_EQ(flow.webSocket.closeReason, "server says bye");
    for (const auto& message : flow.messages) {
        if (message.opcode == store::kOpcodeClose) {
            EXPECT_EQ(message.closeCode, 4002);
            const bool fromServer = message.direction == MessageDirection::ServerToClient;
            EXPECT_EQ(message.closeReason, fromServer ? "server says bye" : "");
        }
    }
}

TEST_P(WebSocketMessagesTest, PermessageDeflateIsNegotiatedEndToEndAndStoredInflated) {
    std::string repetitive;
    while (repetitive.size() < 20000)
        repetitive += "compressible text, said again and again; ";
    const WsMessage text{true, repetitive};
    const WsMessage binary{false, randomBytes(5000, 3)};
    {
        WebSocketClient client(target(true));
        EXPECT_THAT(client.acceptedExtensions(), HasSubstr("permessage-deflate"));
        echo(client, text);
        echo(client, binary);
        echo(client, text); // with context takeover, the second one refers to the first
        client.close(1000, "");
    }
    const store::Flow flow = recorded();
    expectCleanFlow(flow);
    EXPECT_THAT(headerValue(flow.responseHeaders, "Sec-WebSocket-Extensions").value_or(""),
                HasSubstr("permessage-deflate"));
    const std::vector<Expected> expected{{store::kOpcodeText, text.payload},
                                         {store::kOpcodeBinary, binary.payload},
                                         {store::kOpcodeText, text.payload},
                                         {store::kOpcodeClose, closeBody(1000, "")}};
    expectDirection(flow, MessageDirection::ClientToServer, expected);
    expectDirection(flow, MessageDirection::ServerToClient, expected);
    for (const auto& message : flow.messages) {
        if (message.opcode == store::kOpcodeText) {
            EXPECT_TRUE(message.compressed) << message.seq;
            EXPECT_LT(message.wireLength, message.length / 4) << message.seq; // really compressed on the wire
        }
    }
}

// Messages reach the store within the flush interval while the connection stays open; the
// open flow is listed already (no end time yet) and republished when it ends.
TEST_P(WebSocketMessagesTest, MessagesAreStoredWhileTheConnectionIsOpen) {
    WebSocketClient client(target());
    echo(client, {true, "first"});
    echo(client, {true, "second"});
    std::int64_t flowId = 0;
    std::int64_t stored = 0;
    const bool arrived = waitUntil(
        [&] {
            const store::FlowReader reader(proxy->storeFile());
            store::FlowQuery query;
            query.kind = store::FlowKind::WebSocket;
            const auto list = reader.list(query);
            if (list.empty())
                return false;
            flowId = list.front().id;
            stored = reader.messageCount(flowId);
            return stored == 4;
        },
        5s);
    ASSERT_TRUE(arrived) << stored << " messages stored while open";
    {
        const store::FlowReader reader(proxy->storeFile());
        const auto open = reader.get(flowId, false);
        ASSERT_TRUE(open.has_value());
        EXPECT_EQ(open->endedAtUs, 0); // still open
        const auto page = reader.messages(flowId, -1, 2);
        ASSERT_EQ(page.size(), 2u);
        EXPECT_EQ(page[0].payload, "first");
        const auto next = reader.messages(flowId, page.back().seq, 10, 3); // paging, 3-byte previews
        ASSERT_EQ(next.size(), 2u);
        EXPECT_EQ(next[0].payload, "sec");
        EXPECT_EQ(next[0].length, 6u);
    }
    client.close(1000, "");
    const store::Flow flow = recorded();
    EXPECT_EQ(flow.id, flowId);
    expectCleanFlow(flow);
    EXPECT_EQ(flow.messages.size(), 6u);
}

// Many messages, each echoed: every one stored once, seq without gaps, counts exact.
TEST_P(WebSocketMessagesTest, ThousandsOfSmallMessagesAreAllStored) {
    constexpr int kMessages = 2000;
    {
        WebSocketClient client(target());
        for (int i = 0; i < kMessages; ++i)
            client.send({true, "message " + std::to_string(i)});
        for (int i = 0; i < kMessages; ++i) {
            const auto back = client.read();
            ASSERT_TRUE(back.has_value());
            ASSERT_EQ(back->payload, "message " + std::to_string(i));
        }
        client.close(1000, "");
    }
    const store::Flow flow = recorded();
    expectCleanFlow(flow);
    ASSERT_EQ(flow.messages.size(), 2u * kMessages + 2);
    for (std::size_t i = 0; i < flow.messages.size(); ++i)
        ASSERT_EQ(flow.messages[i].seq, static_cast<std::int64_t>(i));
    EXPECT_EQ(flow.webSocket.messagesFromClient, kMessages + 1u);
    EXPECT_EQ(flow.webSocket.messagesFromServer, kMessages + 1u);
    int fromServer = 0;
    for (const auto& message : flow.messages) {
        if (message.direction == MessageDirection::ServerToClient && message.opcode == store::kOpcodeText) {
            ASSERT_EQ(message.payload, "message " + std::to_string(fromServer++));
        }
    }
}

INSTANTIATE_TEST_SUITE_P(WsAndWss, WebSocketMessagesTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "wss" : "ws"; });

// A client that breaks RFC 6455 (a reserved opcode, §5.2): the parser reports it on the
// flow and stops interpreting, the relay keeps forwarding, so the server's answer (Close
// 1002, protocol error) still reaches the client.
class WebSocketProtocolErrorTest : public IntegrationTest {
protected:
    TestOrigin origin;
    ProxyHarness proxy;
};

TEST_F(WebSocketProtocolErrorTest, ViolationIsReportedAndBytesStillFlow) {
    {
        RawConnection connection(proxy.port());
        const std::string upgrade =
            "GET " + origin.url("/ws") + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(origin.port()) +
            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + std::string(kSampleWebSocketKey) +
            "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ASSERT_TRUE(connection.send(upgrade));
        const RawResult head = connection.readUntil("\r\n\r\n");
        ASSERT_EQ(statusOf(head.data), 101) << head.data;
        ASSERT_TRUE(connection.send(clientFrame(WsOpcode::Text, "valid first")));
        ASSERT_TRUE(connection.send(clientFrame(static_cast<WsOpcode>(0x3), "reserved opcode")));
        const RawResult rest = connection.readUntilClose(5s);
        EXPECT_TRUE(rest.closedByPeer);
        // After the head: the echo of the valid message, then the server's Close 1002.
        std::string_view frames = std::string_view(rest.data).substr(rest.data.find("\r\n\r\n") + 4);
        const auto echoFrame = parseServerFrame(frames);
        ASSERT_TRUE(echoFrame.has_value());
        EXPECT_EQ(echoFrame->payload, "valid first");
        frames.remove_prefix(echoFrame->frameSize);
        const auto closeFrame = parseServerFrame(frames);
        ASSERT_TRUE(closeFrame.has_value()) << "the server's Close did not come through";
        EXPECT_EQ(closeFrame->opcode, WsOpcode::Close);
        ASSERT_GE(closeFrame->payload.size(), 2u);
        EXPECT_EQ(closeFrame->payload.substr(0, 2), std::string("\x03\xEA", 2)); // 1002
    }
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    const store::Flow& flow = flows[0];
    EXPECT_EQ(flow.errorKind, "websocket_protocol_error");
    EXPECT_THAT(flow.webSocket.protocolError, HasSubstr("client->server"));
    EXPECT_THAT(flow.webSocket.protocolError, HasSubstr("reserved opcode"));
    const store::FlowReader reader(proxy.storeFile());
    const auto messages = reader.messages(flow.id, -1, 0);
    ASSERT_GE(messages.size(), 2u);
    EXPECT_EQ(messages[0].payload, "valid first");
    // The server side still parses: its echo and its Close are recorded.
    bool serverClose = false;
    for (const auto& message : messages)
        serverClose |= message.direction == MessageDirection::ServerToClient && message.closeCode == 1002;
    EXPECT_TRUE(serverClose);
    EXPECT_EQ(flow.webSocket.closedBy, store::CloseInitiator::Server);
}

} // namespace
} // namespace flowscope::test
