// Protocol violations: each is reported once (failed(), protocolErrorKind()), nothing is
// thrown, the parser stops interpreting and keeps counting bytes so the relay goes on.

#include "frame_builder.hpp"

#include <gtest/gtest.h>

namespace flowscope::http::websocket {
namespace {

using test::clientFrame;
using test::serverFrame;

constexpr test::MaskKey kKey{0x01, 0x02, 0x03, 0x04};

struct Outcome {
    std::vector<Message> messages;
    ProtocolError error = ProtocolError::None;
    std::string errorText;
};

Outcome parse(Direction direction, std::string_view bytes, bool withDeflate = false) {
    FrameParser parser(direction);
    if (withDeflate)
        parser.enableDeflate(DeflateParams{});
    parser.feed(bytes);
    return {parser.takeMessages(), parser.protocolErrorKind(), parser.protocolError()};
}

std::string frameWith(unsigned opcode, std::string_view payload, bool fin = true) {
    test::FrameSpec spec;
    spec.opcode = opcode;
    spec.payload = std::string(payload);
    spec.fin = fin;
    return test::buildFrame(spec);
}

TEST(ProtocolErrors, ReservedOpcodes) {
    for (const unsigned opcode : {0x3u, 0x4u, 0x5u, 0x6u, 0x7u, 0xBu, 0xCu, 0xDu, 0xEu, 0xFu}) {
        const Outcome outcome = parse(Direction::ServerToClient, frameWith(opcode, "x"));
        EXPECT_EQ(outcome.error, ProtocolError::ReservedOpcode) << opcode;
        EXPECT_NE(outcome.errorText.find("§5.2"), std::string::npos);
        EXPECT_TRUE(outcome.messages.empty());
    }
}

TEST(ProtocolErrors, ReservedBitsWithoutAnExtension) {
    for (int bit = 0; bit < 3; ++bit) {
        test::FrameSpec spec;
        spec.payload = "x";
        spec.rsv1 = bit == 0;
        spec.rsv2 = bit == 1;
        spec.rsv3 = bit == 2;
        EXPECT_EQ(parse(Direction::ServerToClient, test::buildFrame(spec)).error, ProtocolError::ReservedBits) << bit;
        // RSV2/RSV3 stay reserved with permessage-deflate, which only defines RSV1.
        if (bit > 0) {
            EXPECT_EQ(parse(Direction::ServerToClient, test::buildFrame(spec), true).error,
                      ProtocolError::ReservedBits);
        }
    }
}

TEST(ProtocolErrors, ControlFrameTooLong) {
    EXPECT_EQ(parse(Direction::ServerToClient, serverFrame(Opcode::Ping, std::string(125, 'a'))).error,
              ProtocolError::None);
    for (const Opcode opcode : {Opcode::Ping, Opcode::Pong, Opcode::Close}) {
        const Outcome outcome = parse(Direction::ServerToClient, serverFrame(opcode, std::string(126, 'a')));
        EXPECT_EQ(outcome.error, ProtocolError::ControlFrameTooLong);
        EXPECT_TRUE(outcome.messages.empty());
    }
}

TEST(ProtocolErrors, FragmentedControlFrame) {
    for (const Opcode opcode : {Opcode::Ping, Opcode::Pong, Opcode::Close})
        EXPECT_EQ(parse(Direction::ServerToClient, serverFrame(opcode, "", false)).error,
                  ProtocolError::FragmentedControlFrame);
}

TEST(ProtocolErrors, ContinuationWithoutAMessage) {
    EXPECT_EQ(parse(Direction::ServerToClient, serverFrame(Opcode::Continuation, "x")).error,
              ProtocolError::UnexpectedContinuation);
    // Also after a message completed.
    EXPECT_EQ(
        parse(Direction::ServerToClient, serverFrame(Opcode::Text, "done") + serverFrame(Opcode::Continuation, "x"))
            .error,
        ProtocolError::UnexpectedContinuation);
}

TEST(ProtocolErrors, NewDataFrameInsideAFragmentedMessage) {
    const Outcome outcome = parse(Direction::ServerToClient,
                                  serverFrame(Opcode::Text, "open ", false) + serverFrame(Opcode::Binary, "intruder"));
    EXPECT_EQ(outcome.error, ProtocolError::InterleavedDataFrame);
    // What arrived of the interrupted message is still shown, marked incomplete.
    ASSERT_EQ(outcome.messages.size(), 1u);
    EXPECT_EQ(outcome.messages[0].payload, "open ");
    EXPECT_NE(outcome.messages[0].error.find("incomplete"), std::string::npos);
}

TEST(ProtocolErrors, UnmaskedClientFrame) {
    const Outcome outcome = parse(Direction::ClientToServer, serverFrame(Opcode::Text, "plain"));
    EXPECT_EQ(outcome.error, ProtocolError::MaskingMismatch);
    EXPECT_NE(outcome.errorText.find("unmasked"), std::string::npos);
}

TEST(ProtocolErrors, MaskedServerFrame) {
    const Outcome outcome = parse(Direction::ServerToClient, clientFrame(Opcode::Text, "masked", kKey));
    EXPECT_EQ(outcome.error, ProtocolError::MaskingMismatch);
    EXPECT_NE(outcome.errorText.find("masked frame from the server"), std::string::npos);
}

TEST(ProtocolErrors, MaskingCheckCanBeTurnedOff) {
    FrameParser parser(Direction::ServerToClient, ParserOptions{.enforceMasking = false});
    parser.feed(clientFrame(Opcode::Text, "masked", kKey) + serverFrame(Opcode::Text, "plain"));
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].payload, "masked");
    EXPECT_EQ(messages[1].payload, "plain");
    EXPECT_FALSE(parser.failed());
}

TEST(ProtocolErrors, SixtyFourBitLengthWithTheHighBitSet) {
    test::FrameSpec spec;
    spec.opcode = 0x2;
    spec.declaredLength = 0x8000000000000001ull;
    EXPECT_EQ(parse(Direction::ServerToClient, test::buildFrame(spec)).error, ProtocolError::LengthHighBit);
}

TEST(ProtocolErrors, CloseWithOneBytePayload) {
    const Outcome outcome = parse(Direction::ServerToClient, serverFrame(Opcode::Close, "x"));
    EXPECT_EQ(outcome.error, ProtocolError::CloseBodyTooShort);
    // The Close is still shown, with the violation on it.
    ASSERT_EQ(outcome.messages.size(), 1u);
    EXPECT_EQ(outcome.messages[0].opcode, Opcode::Close);
    EXPECT_FALSE(outcome.messages[0].closeCode.has_value());
    EXPECT_NE(outcome.messages[0].error.find("1 byte"), std::string::npos);
}

TEST(ProtocolErrors, InvalidCloseCodes) {
    for (const std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
        const Outcome outcome =
            parse(Direction::ServerToClient, serverFrame(Opcode::Close, test::closeBody(code, "r")));
        EXPECT_EQ(outcome.error, ProtocolError::InvalidCloseCode) << code;
        ASSERT_EQ(outcome.messages.size(), 1u);
        EXPECT_EQ(outcome.messages[0].closeCode, code);
        EXPECT_EQ(outcome.messages[0].closeReason, "r");
        EXPECT_NE(outcome.messages[0].error.find(std::to_string(code)), std::string::npos);
        EXPECT_FALSE(isValidCloseCode(code));
    }
}

TEST(ProtocolErrors, ValidCloseCodes) {
    for (const std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1011, 1012, 1014, 3000, 3999, 4000, 4999}) {
        const Outcome outcome =
            parse(Direction::ClientToServer, clientFrame(Opcode::Close, test::closeBody(code), kKey));
        EXPECT_EQ(outcome.error, ProtocolError::None) << code;
        ASSERT_EQ(outcome.messages.size(), 1u);
        EXPECT_EQ(outcome.messages[0].closeCode, code);
        EXPECT_EQ(outcome.messages[0].error, "");
        EXPECT_TRUE(isValidCloseCode(code));
    }
}

TEST(ProtocolErrors, InvalidUtf8InCloseReasonIsNotFatal) {
    FrameParser parser(Direction::ServerToClient);
    parser.feed(serverFrame(Opcode::Close, test::closeBody(1000, "bad \xc0\xaf")));
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_NE(messages[0].error.find("UTF-8"), std::string::npos);
    EXPECT_FALSE(parser.failed());
}

TEST(ProtocolErrors, FrameAfterClose) {
    const Outcome outcome =
        parse(Direction::ServerToClient, serverFrame(Opcode::Close, "") + serverFrame(Opcode::Text, "late"));
    EXPECT_EQ(outcome.error, ProtocolError::FrameAfterClose);
    ASSERT_EQ(outcome.messages.size(), 1u);
}

TEST(ProtocolErrors, ParserStopsButKeepsCountingBytes) {
    FrameParser parser(Direction::ServerToClient);
    const std::string bad = frameWith(0x3, "xx");
    const std::string good = serverFrame(Opcode::Text, "after");
    parser.feed(serverFrame(Opcode::Text, "before") + bad + good);
    EXPECT_TRUE(parser.failed());
    parser.feed(good);
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].payload, "before");
    EXPECT_EQ(parser.framesSeen(), 1u);
    EXPECT_EQ(parser.bytesSeen(), serverFrame(Opcode::Text, "before").size() + bad.size() + 2 * good.size());
    // The first error is the one kept.
    EXPECT_EQ(parser.protocolErrorKind(), ProtocolError::ReservedOpcode);
    parser.finish();
    EXPECT_FALSE(parser.hasMessages());
}

TEST(ProtocolErrors, ErrorDetectedWhateverTheChunking) {
    const std::string bytes = serverFrame(Opcode::Text, "ok") + serverFrame(Opcode::Ping, std::string(126, 'x'));
    for (std::size_t chunk = 1; chunk <= bytes.size(); ++chunk) {
        FrameParser parser(Direction::ServerToClient);
        const auto messages = test::parseInChunks(parser, bytes, chunk);
        EXPECT_EQ(parser.protocolErrorKind(), ProtocolError::ControlFrameTooLong) << chunk;
        EXPECT_EQ(messages.size(), 1u);
    }
}

// Mutated streams (random header bits, lengths, payloads, compressed or not): nothing
// crashes, and whatever the parser concludes does not depend on how the bytes were split.
TEST(ProtocolErrors, MutatedStreamsAreChunkingIndependent) {
    std::mt19937 rng(1234);
    for (int round = 0; round < 400; ++round) {
        std::string bytes;
        const int frames = static_cast<int>(rng() % 6) + 1;
        for (int i = 0; i < frames; ++i) {
            test::FrameSpec spec;
            spec.opcode = rng() % 4 == 0 ? static_cast<unsigned>(rng() % 16) : (i == 0 ? 0x1u : rng() % 3);
            spec.payload = test::randomBytes(rng, rng() % 3 == 0 ? rng() % 300 : rng() % 20);
            spec.fin = rng() % 3 != 0;
            spec.rsv1 = rng() % 4 == 0;
            spec.mask = test::randomKey(rng);
            bytes += test::buildFrame(spec);
        }
        for (int flips = static_cast<int>(rng() % 3); flips > 0; --flips) // corrupt a few bytes
            bytes[rng() % bytes.size()] = static_cast<char>(rng());
        for (const bool deflate : {false, true}) {
            FrameParser whole(Direction::ClientToServer, ParserOptions{.maxCapture = 100});
            FrameParser pieces(Direction::ClientToServer, ParserOptions{.maxCapture = 100});
            if (deflate) {
                whole.enableDeflate({});
                pieces.enableDeflate({});
            }
            whole.feed(bytes);
            whole.finish();
            std::vector<Message> chunked;
            for (std::size_t pos = 0; pos < bytes.size();) {
                const std::size_t take = std::min<std::size_t>(rng() % 17 + 1, bytes.size() - pos);
                pieces.feed(std::string_view(bytes).substr(pos, take));
                for (auto& message : pieces.takeMessages())
                    chunked.push_back(std::move(message));
                pos += take;
            }
            pieces.finish();
            for (auto& message : pieces.takeMessages())
                chunked.push_back(std::move(message));
            ASSERT_EQ(whole.takeMessages(), chunked) << "round " << round;
            ASSERT_EQ(whole.protocolErrorKind(), pieces.protocolErrorKind()) << "round " << round;
            ASSERT_EQ(whole.framesSeen(), pieces.framesSeen());
            for (const Message& message : chunked)
                ASSERT_LE(message.payload.size(), 100u);
        }
    }
}

} // namespace
} // namespace flowscope::http::websocket
