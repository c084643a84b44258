// UTF-8 checking of text messages (RFC 6455 §8.1) and of the validator on its own: every
// class of ill-formed sequence from RFC 3629 §4, at every split.

#include "frame_builder.hpp"

#include <gtest/gtest.h>

namespace flowscope::http::websocket {
namespace {

using test::serverFrame;

bool validWhole(std::string_view bytes) {
    Utf8Validator validator;
    return validator.feed(bytes) && validator.complete();
}

bool validAtEverySplit(std::string_view bytes) {
    const bool whole = validWhole(bytes);
    for (std::size_t split = 0; split <= bytes.size(); ++split) {
        Utf8Validator validator;
        validator.feed(bytes.substr(0, split));
        validator.feed(bytes.substr(split));
        EXPECT_EQ(validator.complete(), whole) << "split at " << split;
    }
    return whole;
}

TEST(Utf8Validator, AcceptsWellFormedText) {
    EXPECT_TRUE(validAtEverySplit(""));
    EXPECT_TRUE(validAtEverySplit("plain ASCII that is longer than eight bytes"));
    EXPECT_TRUE(validAtEverySplit("\xc2\x80 \xdf\xbf"));                      // 2-byte range ends
    EXPECT_TRUE(validAtEverySplit("\xe0\xa0\x80 \xed\x9f\xbf \xef\xbf\xbf")); // 3-byte, below surrogates
    EXPECT_TRUE(validAtEverySplit("\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf"));      // U+10000 and U+10FFFF
    EXPECT_TRUE(validAtEverySplit("Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!"));
}

TEST(Utf8Validator, RejectsIllFormedText) {
    EXPECT_FALSE(validAtEverySplit("\x80"));             // lone continuation
    EXPECT_FALSE(validAtEverySplit("\xc0\xaf"));         // overlong '/'
    EXPECT_FALSE(validAtEverySplit("\xc1\xbf"));         // overlong
    EXPECT_FALSE(validAtEverySplit("\xe0\x9f\xbf"));     // overlong 3-byte
    EXPECT_FALSE(validAtEverySplit("\xed\xa0\x80"));     // surrogate U+D800
    EXPECT_FALSE(validAtEverySplit("\xf0\x8f\xbf\xbf")); // overlong 4-byte
    EXPECT_FALSE(validAtEverySplit("\xf4\x90\x80\x80")); // U+110000
    EXPECT_FALSE(validAtEverySplit("\xf5\x80\x80\x80")); // lead byte out of range
    EXPECT_FALSE(validAtEverySplit("\xff"));
    EXPECT_FALSE(validAtEverySplit("abc\xe2\x82")); // truncated sequence
    EXPECT_FALSE(validAtEverySplit("\xe2\x82 x"));  // interrupted sequence
}

TEST(Utf8Validator, IncompleteIsNotInvalidYet) {
    Utf8Validator validator;
    EXPECT_TRUE(validator.feed("\xf0\x9f"));
    EXPECT_TRUE(validator.valid());
    EXPECT_FALSE(validator.complete());
    EXPECT_TRUE(validator.feed("\x98\x80"));
    EXPECT_TRUE(validator.complete());
}

TEST(TextMessages, InvalidUtf8IsReportedNotFatal) {
    FrameParser parser(Direction::ServerToClient);
    parser.feed(serverFrame(Opcode::Text, "bad \xed\xa0\x80 surrogate") + serverFrame(Opcode::Text, "fine"));
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].payload, "bad \xed\xa0\x80 surrogate");
    EXPECT_NE(messages[0].error.find("invalid UTF-8"), std::string::npos);
    EXPECT_EQ(messages[1].error, "");
    EXPECT_FALSE(parser.failed());
}

TEST(TextMessages, BinaryIsNeverUtf8Checked) {
    const auto messages = test::parseAll(Direction::ServerToClient, serverFrame(Opcode::Binary, "\xff\xfe"));
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].error, "");
}

TEST(TextMessages, CodePointSplitAcrossFragments) {
    // "€" (E2 82 AC) split between frames is valid once the message is whole (§5.6).
    const std::string bytes = serverFrame(Opcode::Text, "price: \xe2", false) +
                              serverFrame(Opcode::Continuation, "\x82", false) +
                              serverFrame(Opcode::Continuation, "\xac", true);
    const auto messages = test::parseAll(Direction::ServerToClient, bytes);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].payload, "price: \xe2\x82\xac");
    EXPECT_EQ(messages[0].error, "");
}

TEST(TextMessages, TruncatedSequenceAtTheEndOfTheMessage) {
    const auto messages = test::parseAll(Direction::ServerToClient, serverFrame(Opcode::Text, "cut \xe2\x82"));
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_NE(messages[0].error.find("invalid UTF-8"), std::string::npos);
}

TEST(TextMessages, InvalidBytesBeyondTheCaptureLimitAreStillFound) {
    std::string payload(100, 'a');
    payload += "\xff";
    constexpr test::MaskKey key{9, 8, 7, 6};
    const auto messages = test::parseAll(Direction::ClientToServer, test::clientFrame(Opcode::Text, payload, key),
                                         ParserOptions{.maxCapture = 10});
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].payload, std::string(10, 'a'));
    EXPECT_TRUE(messages[0].truncated);
    EXPECT_NE(messages[0].error.find("invalid UTF-8"), std::string::npos);
}

} // namespace
} // namespace flowscope::http::websocket
