// The Messages tab's wording: previews (escaping, cutting, hex), close codes, the header.
#include "message_test_support.hpp"
#include "messages/message_text.hpp"

#include <gtest/gtest.h>

namespace flowscope::ui::test {
namespace {

using store::MessageDirection;

std::string str(const QString& text) {
    return text.toStdString();
}

TEST(MessageTextTest, ControlCharactersAreEscaped) {
    EXPECT_EQ(str(escapedText("a\nb\tc\r\x1b\x7f"
                              "d",
                              200)),
              "a\\nb\\tc\\r\\x1b\\x7fd");
}

TEST(MessageTextTest, LongTextIsCutWithAnEllipsis) {
    const QString preview = messagePreview(textMessage(0, std::string(300, 'x')));
    EXPECT_EQ(preview.size(), kPreviewChars + 1);
    EXPECT_TRUE(preview.endsWith(QChar(0x2026)));
}

TEST(MessageTextTest, APayloadPrefixCutInsideACharacterDropsTheHalfCharacter) {
    store::WebSocketMessage message = textMessage(0, "caf\xC3");
    message.length = 10; // the store kept a prefix
    EXPECT_EQ(str(messagePreview(message)), "caf\u2026");
    EXPECT_EQ(str(escapedText("caf\xC3\xA9", 200)), "caf\u00e9");
}

TEST(MessageTextTest, BinaryIsHex) {
    const auto message = makeMessage(1, MessageDirection::ServerToClient, store::kOpcodeBinary, "\x01\x02\xff");
    EXPECT_EQ(str(messagePreview(message)), "01 02 ff");
    EXPECT_EQ(str(hexPreview(std::string(100, 'A'), 4)), "41 41 41 41\u2026");
}

TEST(MessageTextTest, PingTextStaysReadableAndBinaryPingIsHex) {
    EXPECT_EQ(str(messagePreview(makeMessage(0, MessageDirection::ClientToServer, store::kOpcodePing, "keepalive"))),
              "keepalive");
    EXPECT_EQ(str(messagePreview(
                  makeMessage(0, MessageDirection::ClientToServer, store::kOpcodePong, std::string("\x00\x01", 2)))),
              "00 01");
}

TEST(MessageTextTest, CloseShowsCodeAndReason) {
    auto close = makeMessage(4, MessageDirection::ServerToClient, store::kOpcodeClose,
                             "\x03\xe8"
                             "bye");
    close.closeCode = 1000;
    close.closeReason = "bye";
    EXPECT_EQ(str(messagePreview(close)), "1000 (normal closure) bye");
    EXPECT_EQ(str(closeCodeText(4001)), "4001");
    close.closeCode = 0;
    EXPECT_EQ(str(messagePreview(close)), "(no status code)");
}

TEST(MessageTextTest, DroppedPayloadSaysSo) {
    auto message = textMessage(0, "");
    message.payloadDropped = true;
    EXPECT_NE(messagePreview(message).indexOf(QStringLiteral("not kept")), -1);
}

TEST(MessageTextTest, TimesAreClockWithMillisecondsAndRelative) {
    EXPECT_EQ(clockTime(kFlowStartUs + 123'456).size(), 12); // HH:mm:ss.zzz
    EXPECT_TRUE(clockTime(kFlowStartUs + 123'456).endsWith(QStringLiteral(".123")));
    EXPECT_EQ(str(relativeTime(kFlowStartUs + 1'204'000, kFlowStartUs)), "+1.204 s");
}

TEST(MessageTextTest, HeaderOfAClosedConnection) {
    store::Flow flow = makeWebSocketFlow(1, true);
    flow.webSocket.messagesFromClient = 7;
    flow.webSocket.messagesFromServer = 9;
    flow.webSocket.closeCode = 1001;
    flow.webSocket.closeReason = "bye";
    flow.webSocket.closedBy = store::CloseInitiator::Server;
    flow.webSocket.messagesDropped = 2;
    flow.webSocket.protocolError = "client->server: reserved opcode 0x3 (RFC 6455 \u00a75.2)";
    const QString text = connectionStateText(flow, 100, 100); // listed counts do not override an ended row
    EXPECT_EQ(str(text), "Closed by the server: 1001 (going away) \u201c"
                         "bye\u201d \u00b7 7 sent \u00b7 9 received "
                         "\u00b7 2 not stored (store saturated)\n\u26a0 Protocol error: client->server: reserved "
                         "opcode 0x3 (RFC 6455 \u00a75.2)");
}

TEST(MessageTextTest, HeaderOfAnOpenConnectionCountsWhatIsListed) {
    store::Flow flow = makeWebSocketFlow(1, false);
    EXPECT_EQ(str(connectionStateText(flow, 3, 2)), "Open \u00b7 3 sent \u00b7 2 received");
    flow.endedAtUs = kFlowStartUs + 1;
    flow.errorKind = "upstream_closed";
    EXPECT_EQ(str(connectionStateText(flow, 0, 0)),
              "Ended without a Close frame (upstream_closed) \u00b7 0 sent \u00b7 0 received");
}

} // namespace
} // namespace flowscope::ui::test
