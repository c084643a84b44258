// FrameParser on well-formed traffic: every opcode, masking, the three length encodings
// at their boundaries, arbitrary chunking, fragmentation with interleaved control frames,
// frame metadata, and the capture limit with bounded memory.

#include "frame_builder.hpp"

#include <gtest/gtest.h>

namespace flowscope::http::websocket {
namespace {

using test::clientFrame;
using test::serverFrame;

constexpr test::MaskKey kKey{0x37, 0xfa, 0x21, 0x3d};

TEST(FrameParser, EveryOpcodeFromTheServer) {
    const std::string bytes = serverFrame(Opcode::Text, "hello") +
                              serverFrame(Opcode::Binary, std::string("\0\1\2", 3)) + serverFrame(Opcode::Ping, "p") +
                              serverFrame(Opcode::Pong, "q") + serverFrame(Opcode::Close, test::closeBody(1000, "bye"));
    FrameParser parser(Direction::ServerToClient);
    parser.feed(bytes);
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 5u);
    EXPECT_EQ(messages[0].opcode, Opcode::Text);
    EXPECT_EQ(messages[0].payload, "hello");
    EXPECT_EQ(messages[1].opcode, Opcode::Binary);
    EXPECT_EQ(messages[1].payload, std::string("\0\1\2", 3));
    EXPECT_EQ(messages[2].opcode, Opcode::Ping);
    EXPECT_EQ(messages[2].payload, "p");
    EXPECT_EQ(messages[3].opcode, Opcode::Pong);
    EXPECT_EQ(messages[3].payload, "q");
    EXPECT_EQ(messages[4].opcode, Opcode::Close);
    EXPECT_EQ(messages[4].closeCode, 1000);
    EXPECT_EQ(messages[4].closeReason, "bye");
    for (const Message& message : messages) {
        EXPECT_EQ(message.direction, Direction::ServerToClient);
        EXPECT_EQ(message.error, "");
        EXPECT_EQ(message.frameCount, 1u);
        EXPECT_FALSE(message.truncated);
        EXPECT_FALSE(message.compressed);
        EXPECT_EQ(message.length, message.wireLength);
    }
    EXPECT_EQ(parser.framesSeen(), 5u);
    EXPECT_FALSE(parser.failed());
    EXPECT_TRUE(parser.closeSeen());
    EXPECT_EQ(parser.bytesSeen(), bytes.size());
}

TEST(FrameParser, EveryOpcodeMaskedFromTheClientWithRandomKeys) {
    std::mt19937 rng(6455);
    for (int round = 0; round < 50; ++round) {
        const std::string text(static_cast<std::size_t>(round * 7), 'x');
        const std::string binary = test::randomBytes(rng, static_cast<std::size_t>(round * 13 + 1));
        const std::string ping = test::randomBytes(rng, static_cast<std::size_t>(round % 126));
        const std::string bytes = clientFrame(Opcode::Text, text, test::randomKey(rng)) +
                                  clientFrame(Opcode::Binary, binary, test::randomKey(rng)) +
                                  clientFrame(Opcode::Ping, ping, test::randomKey(rng)) +
                                  clientFrame(Opcode::Pong, ping, test::randomKey(rng)) +
                                  clientFrame(Opcode::Close, test::closeBody(1001), test::randomKey(rng));
        FrameParser parser(Direction::ClientToServer);
        parser.feed(bytes);
        const auto messages = parser.takeMessages();
        ASSERT_EQ(messages.size(), 5u) << parser.protocolError();
        EXPECT_EQ(messages[0].payload, text);
        EXPECT_EQ(messages[1].payload, binary);
        EXPECT_EQ(messages[2].payload, ping);
        EXPECT_EQ(messages[3].payload, ping);
        EXPECT_EQ(messages[4].closeCode, 1001);
        EXPECT_FALSE(parser.failed());
    }
}

TEST(FrameParser, FrameInfoDescribesTheHeader) {
    test::FrameSpec spec;
    spec.opcode = 0x2;
    spec.payload = "abcdef";
    spec.mask = kKey;
    const std::string first = test::buildFrame(spec);
    FrameParser parser(Direction::ClientToServer);
    parser.feed(first + clientFrame(Opcode::Ping, "", kKey));
    const auto frames = parser.takeFrames();
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_TRUE(frames[0].fin);
    EXPECT_FALSE(frames[0].rsv1 || frames[0].rsv2 || frames[0].rsv3);
    EXPECT_EQ(frames[0].opcode, Opcode::Binary);
    EXPECT_TRUE(frames[0].masked);
    EXPECT_EQ(frames[0].maskingKey, 0x37fa213du);
    EXPECT_EQ(frames[0].payloadLength, 6u);
    EXPECT_EQ(frames[0].headerLength, 6u);
    EXPECT_EQ(frames[0].streamOffset, 0u);
    EXPECT_FALSE(frames[0].nonMinimalLength);
    EXPECT_EQ(frames[1].opcode, Opcode::Ping);
    EXPECT_EQ(frames[1].payloadLength, 0u);
    EXPECT_EQ(frames[1].streamOffset, first.size());
    EXPECT_TRUE(parser.takeFrames().empty());

    FrameParser quiet(Direction::ClientToServer, ParserOptions{.recordFrames = false});
    quiet.feed(first);
    EXPECT_TRUE(quiet.takeFrames().empty());
    EXPECT_EQ(quiet.framesSeen(), 1u);
}

TEST(FrameParser, LengthEncodingsAtTheirBoundaries) {
    struct Case {
        std::size_t size;
        std::size_t headerLength;
    };
    const Case cases[] = {{0, 2}, {1, 2}, {125, 2}, {126, 4}, {127, 4}, {65535, 4}, {65536, 10}, {70000, 10}};
    std::mt19937 rng(125);
    for (const Case& c : cases) {
        for (const Direction direction : {Direction::ClientToServer, Direction::ServerToClient}) {
            const std::string payload = test::randomBytes(rng, c.size);
            const std::string bytes = direction == Direction::ClientToServer
                                          ? clientFrame(Opcode::Binary, payload, test::randomKey(rng))
                                          : serverFrame(Opcode::Binary, payload);
            FrameParser parser(direction);
            parser.feed(bytes);
            const auto messages = parser.takeMessages();
            const auto frames = parser.takeFrames();
            ASSERT_EQ(messages.size(), 1u) << c.size;
            EXPECT_EQ(messages[0].payload, payload);
            EXPECT_EQ(messages[0].wireLength, c.size);
            ASSERT_EQ(frames.size(), 1u);
            EXPECT_EQ(frames[0].payloadLength, c.size);
            EXPECT_EQ(frames[0].headerLength, c.headerLength + (direction == Direction::ClientToServer ? 4 : 0));
            EXPECT_FALSE(frames[0].nonMinimalLength);
        }
    }
}

TEST(FrameParser, NonMinimalLengthIsAcceptedAndFlagged) {
    for (const auto form : {test::LengthForm::Sixteen, test::LengthForm::SixtyFour}) {
        test::FrameSpec spec;
        spec.opcode = 0x1;
        spec.payload = "short";
        spec.lengthForm = form;
        FrameParser parser(Direction::ServerToClient);
        parser.feed(test::buildFrame(spec));
        const auto messages = parser.takeMessages();
        const auto frames = parser.takeFrames();
        ASSERT_EQ(messages.size(), 1u);
        EXPECT_EQ(messages[0].payload, "short");
        ASSERT_EQ(frames.size(), 1u);
        EXPECT_TRUE(frames[0].nonMinimalLength);
        EXPECT_FALSE(parser.failed());
    }
}

// A stream touching every path: masked frames of all three length forms, fragmentation
// with control frames in between, empty frames, close.
std::string mixedClientStream() {
    std::mt19937 rng(42);
    std::string bytes;
    bytes += clientFrame(Opcode::Text, "first", test::randomKey(rng));
    bytes += clientFrame(Opcode::Binary, test::randomBytes(rng, 300), test::randomKey(rng));
    bytes += clientFrame(Opcode::Text, "frag-", test::randomKey(rng), false);
    bytes += clientFrame(Opcode::Ping, "are you there", test::randomKey(rng));
    bytes += clientFrame(Opcode::Continuation, "", test::randomKey(rng), false);
    bytes += clientFrame(Opcode::Pong, "yes", test::randomKey(rng));
    bytes += clientFrame(Opcode::Continuation, "mented \xc3\xa9t\xc3\xa9", test::randomKey(rng), true);
    bytes += clientFrame(Opcode::Binary, "", test::randomKey(rng));
    bytes += clientFrame(Opcode::Close, test::closeBody(1000, "done"), test::randomKey(rng));
    return bytes;
}

TEST(FrameParser, EverySplitGivesTheSameResult) {
    const std::string bytes = mixedClientStream();
    FrameParser reference(Direction::ClientToServer);
    reference.feed(bytes);
    const auto expectedMessages = reference.takeMessages();
    const auto expectedFrames = reference.takeFrames();
    ASSERT_EQ(expectedMessages.size(), 7u);
    ASSERT_FALSE(reference.failed());
    for (std::size_t split = 0; split <= bytes.size(); ++split) {
        FrameParser parser(Direction::ClientToServer);
        parser.feed(std::string_view(bytes).substr(0, split));
        auto messages = parser.takeMessages();
        parser.feed(std::string_view(bytes).substr(split));
        for (auto& message : parser.takeMessages())
            messages.push_back(std::move(message));
        ASSERT_EQ(messages, expectedMessages) << "split at " << split;
        ASSERT_EQ(parser.takeFrames(), expectedFrames) << "split at " << split;
    }
    for (const std::size_t chunk : {1u, 2u, 3u, 5u, 7u, 13u, 64u}) {
        FrameParser parser(Direction::ClientToServer);
        EXPECT_EQ(test::parseInChunks(parser, bytes, chunk), expectedMessages) << "chunk " << chunk;
        EXPECT_EQ(parser.takeFrames(), expectedFrames) << "chunk " << chunk;
    }
}

TEST(FrameParser, ByteByByteAcrossLengthBoundaries) {
    std::mt19937 rng(65536);
    std::string bytes;
    std::vector<std::string> payloads;
    for (const std::size_t size : {125u, 126u, 65535u, 65536u}) {
        payloads.push_back(test::randomBytes(rng, size));
        bytes += clientFrame(Opcode::Binary, payloads.back(), test::randomKey(rng));
    }
    FrameParser parser(Direction::ClientToServer);
    const auto messages = test::parseInChunks(parser, bytes, 1);
    ASSERT_EQ(messages.size(), payloads.size());
    for (std::size_t i = 0; i < payloads.size(); ++i)
        EXPECT_EQ(messages[i].payload, payloads[i]);
}

TEST(FrameParser, FragmentedMessageWithInterleavedPingAndPong) {
    std::string bytes = serverFrame(Opcode::Binary, "one,", false);
    bytes += serverFrame(Opcode::Ping, "ping!");
    bytes += serverFrame(Opcode::Continuation, "two,", false);
    bytes += serverFrame(Opcode::Pong, "pong!");
    bytes += serverFrame(Opcode::Continuation, "three", true);
    FrameParser parser(Direction::ServerToClient);
    // Control frames are delivered at once (RFC 6455 §5.4), before the message completes.
    parser.feed(std::string_view(bytes).substr(0, bytes.size() - 3));
    auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].opcode, Opcode::Ping);
    EXPECT_EQ(messages[0].payload, "ping!");
    EXPECT_EQ(messages[1].opcode, Opcode::Pong);
    EXPECT_EQ(messages[1].payload, "pong!");
    parser.feed(std::string_view(bytes).substr(bytes.size() - 3));
    messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].opcode, Opcode::Binary);
    EXPECT_EQ(messages[0].payload, "one,two,three");
    EXPECT_EQ(messages[0].frameCount, 3u);
    EXPECT_EQ(messages[0].wireLength, 13u);
    EXPECT_EQ(messages[0].streamOffset, 0u);
    EXPECT_EQ(parser.framesSeen(), 5u);
}

TEST(FrameParser, CloseWithoutPayload) {
    const auto messages = test::parseAll(Direction::ServerToClient, serverFrame(Opcode::Close, ""));
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_FALSE(messages[0].closeCode.has_value());
    EXPECT_EQ(messages[0].closeReason, "");
    EXPECT_EQ(messages[0].error, "");
}

TEST(FrameParser, CloseWithCodeAndReason) {
    FrameParser parser(Direction::ClientToServer);
    parser.feed(clientFrame(Opcode::Close, test::closeBody(4999, "going \xe2\x9c\x93"), kKey));
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].closeCode, 4999);
    EXPECT_EQ(messages[0].closeReason, "going \xe2\x9c\x93");
    EXPECT_EQ(messages[0].payload, test::closeBody(4999, "going \xe2\x9c\x93"));
    EXPECT_EQ(messages[0].error, "");
    EXPECT_FALSE(parser.failed());
}

TEST(FrameParser, PayloadOverTheCaptureLimitIsCountedNotKept) {
    const std::string payload(1000, 'z');
    std::string bytes = clientFrame(Opcode::Text, payload, kKey, false);
    bytes += clientFrame(Opcode::Continuation, payload, kKey, true);
    bytes += clientFrame(Opcode::Ping, std::string(100, 'p'), kKey);
    bytes += clientFrame(Opcode::Binary, "small", kKey);
    const auto messages = test::parseAll(Direction::ClientToServer, bytes, ParserOptions{.maxCapture = 64});
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[0].payload, std::string(64, 'z'));
    EXPECT_TRUE(messages[0].truncated);
    EXPECT_EQ(messages[0].wireLength, 2000u);
    EXPECT_EQ(messages[0].length, 2000u);
    EXPECT_EQ(messages[1].payload, std::string(64, 'p'));
    EXPECT_TRUE(messages[1].truncated);
    EXPECT_EQ(messages[1].length, 100u);
    EXPECT_EQ(messages[2].payload, "small");
    EXPECT_FALSE(messages[2].truncated);
}

TEST(FrameParser, HugeMessageKeepsMemoryBounded) {
    // 64 MiB masked payload fed in 64 KiB chunks with a 1 MiB cap. The key repeats every
    // 4 bytes and the chunk is a multiple of 4, so one masked chunk serves for all.
    constexpr std::uint64_t kTotal = 64ull * 1024 * 1024;
    constexpr std::size_t kChunk = 64 * 1024;
    constexpr std::uint64_t kCap = 1024 * 1024;
    test::FrameSpec spec;
    spec.opcode = 0x1;
    spec.mask = kKey;
    spec.declaredLength = kTotal;
    const std::string header = test::buildFrame(spec);
    const std::string plainChunk(kChunk, 'a');
    const std::string maskedChunk = clientFrame(Opcode::Binary, plainChunk, kKey).substr(14);
    ASSERT_EQ(maskedChunk.size(), kChunk);

    FrameParser parser(Direction::ClientToServer, ParserOptions{.maxCapture = kCap});
    parser.feed(header);
    for (std::uint64_t sent = 0; sent < kTotal; sent += kChunk) {
        ASSERT_FALSE(parser.hasMessages()); // nothing before the last byte
        parser.feed(maskedChunk);
    }
    parser.feed(clientFrame(Opcode::Close, test::closeBody(1000), kKey));
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].payload.size(), kCap);
    EXPECT_LE(messages[0].payload.capacity(), 2 * kCap);
    EXPECT_EQ(messages[0].payload, std::string(kCap, 'a'));
    EXPECT_EQ(messages[0].wireLength, kTotal);
    EXPECT_EQ(messages[0].length, kTotal);
    EXPECT_TRUE(messages[0].truncated);
    EXPECT_EQ(messages[0].error, ""); // the uncaptured rest was still UTF-8 checked
    EXPECT_EQ(messages[1].closeCode, 1000);
}

TEST(FrameParser, FinishReportsAMessageCutOff) {
    FrameParser parser(Direction::ServerToClient);
    parser.feed(serverFrame(Opcode::Text, "part one ", false));
    const std::string second = serverFrame(Opcode::Continuation, "part two", true);
    parser.feed(std::string_view(second).substr(0, 6));
    EXPECT_FALSE(parser.hasMessages());
    parser.finish();
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].payload, "part one part");
    EXPECT_NE(messages[0].error.find("incomplete"), std::string::npos);
    EXPECT_FALSE(parser.failed());
    parser.feed(serverFrame(Opcode::Text, "ignored"));
    EXPECT_FALSE(parser.hasMessages());
}

TEST(FrameParser, FinishInsideAControlFrame) {
    FrameParser parser(Direction::ServerToClient);
    parser.feed(std::string_view(serverFrame(Opcode::Ping, "12345")).substr(0, 4));
    parser.finish();
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].opcode, Opcode::Ping);
    EXPECT_EQ(messages[0].payload, "12");
    EXPECT_NE(messages[0].error.find("incomplete"), std::string::npos);
}

TEST(FrameParser, FinishBetweenFramesDeliversNothing) {
    FrameParser parser(Direction::ServerToClient);
    parser.feed(serverFrame(Opcode::Text, "whole"));
    EXPECT_EQ(parser.takeMessages().size(), 1u);
    parser.finish();
    EXPECT_FALSE(parser.hasMessages());
}

TEST(FrameParser, NamesForDisplay) {
    EXPECT_EQ(toString(Opcode::Continuation), "continuation");
    EXPECT_EQ(toString(Opcode::Pong), "pong");
    EXPECT_EQ(toString(Direction::ClientToServer), "client->server");
    EXPECT_EQ(toString(ProtocolError::InvalidCloseCode), "invalid close code");
    EXPECT_TRUE(isControl(Opcode::Close));
    EXPECT_FALSE(isControl(Opcode::Binary));
}

} // namespace
} // namespace flowscope::http::websocket
