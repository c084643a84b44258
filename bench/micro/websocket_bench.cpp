// WebSocket frame parsing (src/http/websocket_frames): the passive parser watching the
// client->server direction of a relay, on 1 KiB masked frames (clients must mask, RFC 6455
// §5.3). Text frames also pay the UTF-8 check (§8.1); binary ones do not.
#include "http/websocket_frames.hpp"

#include <benchmark/benchmark.h>
#include <string>

namespace flowscope::bench {
namespace {

constexpr std::size_t kPayload = 1024;
constexpr int kFramesPerBuffer = 256;

// A 1 KiB payload as chat/JSON traffic looks, masked with a per-frame key (§5.3).
std::string maskedFrames(std::uint8_t opcode) {
    std::string payload = R"({"type":"message","channel":"orders","data":{"id":12345,"text":")";
    while (payload.size() < kPayload - 4) {
        payload += "lorem ipsum ";
    }
    payload.resize(kPayload - 4);
    payload += "\"}}\n";
    std::string out;
    for (int frame = 0; frame < kFramesPerBuffer; ++frame) {
        const unsigned char key[4] = {static_cast<unsigned char>(frame), 0x5A, 0xC3, 0x1F};
        out.push_back(static_cast<char>(0x80 | opcode)); // FIN
        out.push_back(static_cast<char>(0x80 | 126));    // masked, 16-bit length (§5.2)
        out.push_back(static_cast<char>(kPayload >> 8));
        out.push_back(static_cast<char>(kPayload & 0xFF));
        out.append(reinterpret_cast<const char*>(key), 4);
        for (std::size_t i = 0; i < payload.size(); ++i) {
            out.push_back(static_cast<char>(static_cast<unsigned char>(payload[i]) ^ key[i % 4]));
        }
    }
    return out;
}

void parseFrames(benchmark::State& state, std::uint8_t opcode) {
    const std::string bytes = maskedFrames(opcode);
    http::websocket::ParserOptions options;
    options.recordFrames = false; // the recorder wants messages; the frame list is opt-in
    http::websocket::FrameParser parser(http::websocket::Direction::ClientToServer, options);
    for (auto _ : state) {
        parser.feed(bytes);
        benchmark::DoNotOptimize(parser.takeMessages());
    }
    if (parser.failed()) {
        state.SkipWithError(parser.protocolError().c_str());
    }
    state.SetItemsProcessed(state.iterations() * kFramesPerBuffer);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}

void BM_WebSocketMaskedText1KiB(benchmark::State& state) {
    parseFrames(state, 0x1);
}
void BM_WebSocketMaskedBinary1KiB(benchmark::State& state) {
    parseFrames(state, 0x2);
}
BENCHMARK(BM_WebSocketMaskedText1KiB);
BENCHMARK(BM_WebSocketMaskedBinary1KiB);

} // namespace
} // namespace flowscope::bench
