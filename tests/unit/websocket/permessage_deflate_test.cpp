// permessage-deflate (RFC 7692): negotiation parsing, the RFC's own examples (§7.2.3),
// messages compressed here with zlib as a sender would, context takeover and its absence,
// window sizes, fragmentation, corrupt input and decompression bombs.

#include "frame_builder.hpp"

#include <gtest/gtest.h>

namespace flowscope::http::websocket {
namespace {

using test::clientFrame;

std::string bytesOf(std::initializer_list<unsigned> values) {
    std::string out;
    for (const unsigned value : values)
        out.push_back(static_cast<char>(value));
    return out;
}

// A compressed frame: RSV1 on the first frame of the message only (RFC 7692 §6.1).
std::string compressedFrame(Opcode opcode, std::string_view payload, std::optional<test::MaskKey> key = {},
                            bool fin = true) {
    test::FrameSpec spec;
    spec.opcode = static_cast<unsigned>(opcode);
    spec.payload = std::string(payload);
    spec.fin = fin;
    spec.rsv1 = opcode != Opcode::Continuation;
    spec.mask = key;
    return test::buildFrame(spec);
}

std::vector<Message> parseCompressed(Direction direction, std::string_view bytes, const DeflateParams& params,
                                     ParserOptions options = {}) {
    FrameParser parser(direction, options);
    parser.enableDeflate(params);
    parser.feed(bytes);
    EXPECT_FALSE(parser.failed()) << parser.protocolError();
    return parser.takeMessages();
}

TEST(DeflateNegotiation, PlainOffer) {
    const auto params = parseDeflateExtension("permessage-deflate");
    ASSERT_TRUE(params.has_value());
    EXPECT_EQ(*params, DeflateParams{});
}

TEST(DeflateNegotiation, EveryParameter) {
    const auto params = parseDeflateExtension("permessage-deflate; client_max_window_bits=10; "
                                              "server_no_context_takeover; client_no_context_takeover; "
                                              "server_max_window_bits=12");
    ASSERT_TRUE(params.has_value());
    EXPECT_TRUE(params->serverNoContextTakeover);
    EXPECT_TRUE(params->clientNoContextTakeover);
    EXPECT_EQ(params->serverMaxWindowBits, 12);
    EXPECT_EQ(params->clientMaxWindowBits, 10);
}

TEST(DeflateNegotiation, SpellingVariants) {
    const auto quoted =
        parseDeflateExtension("PerMessage-Deflate;Server_Max_Window_Bits=\"9\";client_no_context_takeover");
    ASSERT_TRUE(quoted.has_value());
    EXPECT_EQ(quoted->serverMaxWindowBits, 9);
    EXPECT_TRUE(quoted->clientNoContextTakeover);

    const auto spaced = parseDeflateExtension("  permessage-deflate \t;  server_no_context_takeover ;");
    ASSERT_TRUE(spaced.has_value());
    EXPECT_TRUE(spaced->serverNoContextTakeover);

    // Another extension listed first, and joined header fields.
    const auto second = parseDeflateExtension("x-webkit-deflate-frame; no_context_takeover, permessage-deflate; "
                                              "server_max_window_bits=8");
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->serverMaxWindowBits, 8);

    // A valueless client_max_window_bits is read as 15.
    const auto valueless = parseDeflateExtension("permessage-deflate; client_max_window_bits");
    ASSERT_TRUE(valueless.has_value());
    EXPECT_EQ(valueless->clientMaxWindowBits, 15);
}

TEST(DeflateNegotiation, NotNegotiatedOrInvalid) {
    for (const char* header :
         {"", "x-webkit-deflate-frame", "permessage-deflatex", "permessage-deflate; foo=1",
          "permessage-deflate; server_max_window_bits=16", "permessage-deflate; server_max_window_bits=7",
          "permessage-deflate; server_max_window_bits=08", "permessage-deflate; server_max_window_bits=ten",
          "permessage-deflate; server_max_window_bits", "permessage-deflate; server_no_context_takeover=1",
          "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
          "permessage-deflate; client_max_window_bits=10; client_max_window_bits=11"})
        EXPECT_FALSE(parseDeflateExtension(header).has_value()) << header;
}

TEST(DeflateRfcExamples, SingleFrameAndFragmented) {
    // RFC 7692 §7.2.3.1: "Hello" in one compressed frame, then split over two frames.
    const auto one =
        parseCompressed(Direction::ServerToClient, bytesOf({0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), {});
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].payload, "Hello");
    EXPECT_TRUE(one[0].compressed);
    EXPECT_EQ(one[0].wireLength, 7u);
    EXPECT_EQ(one[0].length, 5u);
    EXPECT_EQ(one[0].error, "");

    const auto two = parseCompressed(Direction::ServerToClient,
                                     bytesOf({0x41, 0x03, 0xf2, 0x48, 0xcd, 0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00}), {});
    ASSERT_EQ(two.size(), 1u);
    EXPECT_EQ(two[0].payload, "Hello");
    EXPECT_EQ(two[0].frameCount, 2u);
}

TEST(DeflateRfcExamples, SharedSlidingWindow) {
    // RFC 7692 §7.2.3.2: the second "Hello" is a back-reference into the first message.
    const std::string bytes = bytesOf({0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}) +
                              bytesOf({0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00});
    const auto messages = parseCompressed(Direction::ServerToClient, bytes, {});
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[1].payload, "Hello");
    EXPECT_EQ(messages[1].error, "");
}

TEST(DeflateRfcExamples, StoredBlockBfinalAndTwoBlocks) {
    // §7.2.3.3 (no compression), §7.2.3.4 (BFINAL set, with a padding byte after it), §7.2.3.5
    // (two blocks), then a back-reference across the BFINAL message's window.
    const std::string bytes =
        bytesOf({0xc1, 0x0b, 0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00}) +
        bytesOf({0xc1, 0x08, 0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00}) +
        bytesOf({0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00}) +
        bytesOf({0xc1, 0x0d, 0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00});
    const auto messages = parseCompressed(Direction::ServerToClient, bytes, {});
    ASSERT_EQ(messages.size(), 4u);
    for (const Message& message : messages) {
        EXPECT_EQ(message.payload, "Hello");
        EXPECT_EQ(message.error, "");
    }
}

TEST(Deflate, ContextTakeoverAcrossMessages) {
    const std::string text = "The quick brown fox jumps over the lazy dog, again and again and again.";
    test::Deflater deflater;
    const std::string first = deflater.compressMessage(text);
    const std::string second = deflater.compressMessage(text);
    ASSERT_LT(second.size(), first.size() / 2); // the second refers back to the first
    std::mt19937 rng(7692);
    const std::string bytes = compressedFrame(Opcode::Text, first, test::randomKey(rng)) +
                              clientFrame(Opcode::Ping, "between", test::randomKey(rng)) +
                              compressedFrame(Opcode::Text, second, test::randomKey(rng));
    const auto messages = parseCompressed(Direction::ClientToServer, bytes, {});
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[0].payload, text);
    EXPECT_EQ(messages[1].payload, "between");
    EXPECT_EQ(messages[2].payload, text);
    EXPECT_EQ(messages[2].wireLength, second.size());
    EXPECT_EQ(messages[2].length, text.size());
    EXPECT_EQ(messages[2].error, "");

    // A parser told the client resets its window cannot follow the back-reference.
    DeflateParams noTakeover;
    noTakeover.clientNoContextTakeover = true;
    const auto broken = parseCompressed(Direction::ClientToServer, bytes, noTakeover);
    ASSERT_EQ(broken.size(), 3u);
    EXPECT_EQ(broken[0].payload, text);
    EXPECT_NE(broken[2].error.find("inflate"), std::string::npos);
}

TEST(Deflate, NoContextTakeoverResetsPerMessage) {
    const std::string text = "no context takeover: every message stands alone";
    test::Deflater deflater;
    const std::string first = deflater.compressMessage(text);
    deflater.reset();
    const std::string second = deflater.compressMessage(text);
    EXPECT_EQ(first, second);
    DeflateParams params;
    params.serverNoContextTakeover = true;
    const auto messages =
        parseCompressed(Direction::ServerToClient,
                        compressedFrame(Opcode::Text, first) + compressedFrame(Opcode::Text, second), params);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].payload, text);
    EXPECT_EQ(messages[1].payload, text);
}

TEST(Deflate, FragmentedCompressedMessageAtEverySplit) {
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += "fragment " + std::to_string(i) + "; ";
    test::Deflater deflater;
    const std::string compressed = deflater.compressMessage(text);
    const std::size_t third = compressed.size() / 3;
    std::mt19937 rng(3);
    const std::string bytes =
        compressedFrame(Opcode::Text, compressed.substr(0, third), test::randomKey(rng), false) +
        clientFrame(Opcode::Ping, "mid", test::randomKey(rng)) +
        compressedFrame(Opcode::Continuation, compressed.substr(third, third), test::randomKey(rng), false) +
        compressedFrame(Opcode::Continuation, compressed.substr(2 * third), test::randomKey(rng), true);
    const auto reference = parseCompressed(Direction::ClientToServer, bytes, {});
    ASSERT_EQ(reference.size(), 2u);
    EXPECT_EQ(reference[0].opcode, Opcode::Ping);
    EXPECT_EQ(reference[1].payload, text);
    EXPECT_EQ(reference[1].frameCount, 3u);
    EXPECT_TRUE(reference[1].compressed);
    EXPECT_EQ(reference[1].wireLength, compressed.size());
    for (std::size_t split = 0; split <= bytes.size(); ++split) {
        FrameParser parser(Direction::ClientToServer);
        parser.enableDeflate({});
        parser.feed(std::string_view(bytes).substr(0, split));
        parser.feed(std::string_view(bytes).substr(split));
        ASSERT_EQ(parser.takeMessages(), reference) << "split at " << split;
    }
}

TEST(Deflate, RsvOneOnAContinuationFrameIsAnError) {
    test::FrameSpec first;
    first.payload = "ab";
    first.fin = false;
    first.rsv1 = true;
    test::FrameSpec next;
    next.opcode = 0x0;
    next.payload = "cd";
    next.rsv1 = true;
    FrameParser parser(Direction::ServerToClient);
    parser.enableDeflate({});
    parser.feed(test::buildFrame(first) + test::buildFrame(next));
    EXPECT_EQ(parser.protocolErrorKind(), ProtocolError::ReservedBits);
    EXPECT_NE(parser.protocolError().find("7692"), std::string::npos);

    FrameParser control(Direction::ServerToClient);
    control.enableDeflate({});
    test::FrameSpec ping;
    ping.opcode = 0x9;
    ping.rsv1 = true;
    control.feed(test::buildFrame(ping));
    EXPECT_EQ(control.protocolErrorKind(), ProtocolError::ReservedBits);
}

TEST(Deflate, UncompressedMessagesStillPassWithDeflateEnabled) {
    const auto messages = parseCompressed(Direction::ServerToClient, test::serverFrame(Opcode::Text, "plain"), {});
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].payload, "plain");
    EXPECT_FALSE(messages[0].compressed);
}

TEST(Deflate, ClientMaxWindowBitsTen) {
    // 3 KiB of text with repeats: with a 10-bit window every back-reference is within 1 KiB.
    std::mt19937 rng(10);
    std::string text;
    while (text.size() < 3000)
        text += "window-" + std::to_string(rng() % 50) + " ";
    const auto params = parseDeflateExtension("permessage-deflate; client_max_window_bits=10");
    ASSERT_TRUE(params.has_value());
    test::Deflater small(10);
    std::string bytes;
    for (int i = 0; i < 3; ++i)
        bytes += compressedFrame(Opcode::Text, small.compressMessage(text), test::randomKey(rng));
    const auto messages = parseCompressed(Direction::ClientToServer, bytes, *params);
    ASSERT_EQ(messages.size(), 3u);
    for (const Message& message : messages) {
        EXPECT_EQ(message.payload, text);
        EXPECT_EQ(message.error, "");
    }

    // A sender that ignores the limit refers further back than a 10-bit window reaches: the
    // second message repeats the start of the first, 4000 bytes back.
    const std::string spread = test::randomBytes(rng, 4000);
    test::Deflater large(15);
    std::string tooFarBytes = compressedFrame(Opcode::Binary, large.compressMessage(spread), test::randomKey(rng));
    tooFarBytes += compressedFrame(Opcode::Binary, large.compressMessage(spread.substr(0, 2000)), test::randomKey(rng));
    const auto tooFar = parseCompressed(Direction::ClientToServer, tooFarBytes, *params);
    ASSERT_EQ(tooFar.size(), 2u);
    EXPECT_EQ(tooFar[0].payload, spread);
    EXPECT_NE(tooFar[1].error.find("too far back"), std::string::npos);
    EXPECT_EQ(parseCompressed(Direction::ClientToServer, tooFarBytes, {})[1].payload, spread.substr(0, 2000));
}

TEST(Deflate, DecompressionBombIsCapped) {
    // 64 MiB of zeros compress to ~64 KiB; only maxCapture of it may be kept.
    constexpr std::uint64_t kInflated = 64ull * 1024 * 1024;
    constexpr std::uint64_t kCap = 1024 * 1024;
    test::Deflater deflater(15, 9);
    const std::string bomb = deflater.compressMessage(std::string(kInflated, '\0'));
    ASSERT_LT(bomb.size(), 128u * 1024);
    const std::string after = deflater.compressMessage("still in sync");
    const std::string bytes = compressedFrame(Opcode::Binary, bomb) + compressedFrame(Opcode::Text, after);
    const auto messages = parseCompressed(Direction::ServerToClient, bytes, {}, ParserOptions{.maxCapture = kCap});
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].payload.size(), kCap);
    EXPECT_LE(messages[0].payload.capacity(), 2 * kCap);
    EXPECT_TRUE(messages[0].truncated);
    EXPECT_EQ(messages[0].length, kInflated);
    EXPECT_EQ(messages[0].wireLength, bomb.size());
    // The window was kept in step past the cap, so the next message still inflates.
    EXPECT_EQ(messages[1].payload, "still in sync");
    EXPECT_EQ(messages[1].error, "");
}

TEST(Deflate, CorruptDataIsReportedAndLosesTheContext) {
    // 0xff starts a block of the reserved type 3 (RFC 1951 §3.2.3).
    const std::string bytes = compressedFrame(Opcode::Text, "\xff\xff\xff") +
                              compressedFrame(Opcode::Text, bytesOf({0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00})) +
                              test::serverFrame(Opcode::Text, "uncompressed still fine");
    FrameParser parser(Direction::ServerToClient);
    parser.enableDeflate({});
    parser.feed(bytes);
    const auto messages = parser.takeMessages();
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_NE(messages[0].error.find("inflate"), std::string::npos);
    // With context takeover the next compressed message cannot be trusted: its raw bytes
    // are kept and the reason given.
    EXPECT_NE(messages[1].error.find("context was lost"), std::string::npos);
    EXPECT_EQ(messages[1].payload, bytesOf({0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}));
    EXPECT_EQ(messages[2].payload, "uncompressed still fine");
    EXPECT_FALSE(parser.failed()); // an inflate failure is not a framing error

    // Without context takeover the next message starts afresh.
    DeflateParams params;
    params.serverNoContextTakeover = true;
    const auto fresh = parseCompressed(Direction::ServerToClient, bytes, params);
    ASSERT_EQ(fresh.size(), 3u);
    EXPECT_EQ(fresh[1].payload, "Hello");
    EXPECT_EQ(fresh[1].error, "");
}

TEST(Deflate, MessageCutMidBlock) {
    test::Deflater deflater;
    const std::string compressed = deflater.compressMessage(std::string(500, 'q') + "tail");
    const auto messages = parseCompressed(
        Direction::ServerToClient, compressedFrame(Opcode::Text, compressed.substr(0, compressed.size() / 2)), {});
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_NE(messages[0].error, "");
}

TEST(Deflate, InvalidUtf8InsideACompressedTextMessage) {
    test::Deflater deflater;
    const auto messages = parseCompressed(
        Direction::ServerToClient, compressedFrame(Opcode::Text, deflater.compressMessage("bad \xc3\x28 text")), {});
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].payload, "bad \xc3\x28 text");
    EXPECT_NE(messages[0].error.find("invalid UTF-8"), std::string::npos);
}

} // namespace
} // namespace flowscope::http::websocket
