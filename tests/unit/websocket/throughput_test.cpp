// A quick throughput figure, disabled by default (timings do not belong in a pass/fail
// suite). Run with: websocket_unit_tests --gtest_also_run_disabled_tests
//     --gtest_filter='*Throughput*'

#include "frame_builder.hpp"

#include <chrono>
#include <cstdio>
#include <gtest/gtest.h>

namespace flowscope::http::websocket {
namespace {

void measure(const char* label, const std::string& batch, std::size_t messagesPerBatch, bool deflate) {
    constexpr int kRounds = 200;
    FrameParser parser(Direction::ClientToServer, ParserOptions{.recordFrames = false});
    if (deflate)
        parser.enableDeflate({});
    std::size_t messages = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < kRounds; ++round) {
        // 16 KiB reads, drained after each as the relay does.
        for (std::size_t pos = 0; pos < batch.size(); pos += 16 * 1024) {
            parser.feed(std::string_view(batch).substr(pos, 16 * 1024));
            messages += parser.takeMessages().size();
        }
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(messages, messagesPerBatch * kRounds);
    ASSERT_FALSE(parser.failed());
    const double megabytes = static_cast<double>(batch.size()) * kRounds / (1024.0 * 1024.0);
    std::printf("%s: %.0f MB in %.3f s = %.0f MB/s, %.2f M messages/s\n", label, megabytes, elapsed.count(),
                megabytes / elapsed.count(), static_cast<double>(messages) / elapsed.count() / 1e6);
}

TEST(Throughput, DISABLED_MaskedTextFramesOfOneKiB) {
    std::mt19937 rng(1);
    std::string text;
    while (text.size() < 1024)
        text += "{\"seq\":" + std::to_string(rng() % 100000) + ",\"price\":\"12.5\",\"\xc3\xa9\":true} ";
    text.resize(1024);
    std::string batch;
    constexpr std::size_t kMessages = 4096; // ~4 MiB per round
    for (std::size_t i = 0; i < kMessages; ++i)
        batch += test::clientFrame(Opcode::Text, text, test::randomKey(rng));
    measure("1 KiB masked text", batch, kMessages, false);
}

TEST(Throughput, DISABLED_CompressedTextFramesOfOneKiB) {
    std::mt19937 rng(2);
    test::Deflater deflater;
    std::string batch;
    constexpr std::size_t kMessages = 4096;
    for (std::size_t i = 0; i < kMessages; ++i) {
        std::string text;
        while (text.size() < 1024)
            text += "{\"seq\":" + std::to_string(rng() % 100000) + ",\"price\":\"12.5\"} ";
        text.resize(1024);
        test::FrameSpec spec;
        spec.payload = deflater.compressMessage(text);
        spec.rsv1 = true;
        spec.mask = test::randomKey(rng);
        batch += test::buildFrame(spec);
    }
    measure("1 KiB masked text, permessage-deflate (wire bytes)", batch, kMessages, true);
}

} // namespace
} // namespace flowscope::http::websocket
