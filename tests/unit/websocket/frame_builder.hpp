#pragma once
// Hand-built WebSocket frames (RFC 6455 §5.2) and permessage-deflate payloads (RFC 7692
// §7.2.1) for the parser tests. Everything is written byte by byte here, independently of
// the parser, so a shared misunderstanding cannot hide a bug.

#include "http/websocket_frames.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::http::websocket::test {

using MaskKey = std::array<unsigned char, 4>;

enum class LengthForm { Minimal, Sixteen, SixtyFour };

struct FrameSpec {
    unsigned opcode = 0x1; // raw 4-bit value, so reserved opcodes can be built too
    std::string payload;   // unmasked
    bool fin = true;
    bool rsv1 = false, rsv2 = false, rsv3 = false;
    std::optional<MaskKey> mask;
    LengthForm lengthForm = LengthForm::Minimal;
    std::optional<std::uint64_t> declaredLength; // header length differing from payload.size()
};

std::string buildFrame(const FrameSpec& spec);

// Shorthands: an unmasked (server) frame, and a client frame masked with `key`.
std::string serverFrame(Opcode opcode, std::string_view payload, bool fin = true);
std::string clientFrame(Opcode opcode, std::string_view payload, const MaskKey& key, bool fin = true);

MaskKey randomKey(std::mt19937& rng);
std::string randomBytes(std::mt19937& rng, std::size_t size);

// §5.5.1: 2-byte big-endian code followed by the reason.
std::string closeBody(std::uint16_t code, std::string_view reason = {});

// Feeds `bytes` in pieces of `chunk` bytes (0: all at once) and returns the messages.
std::vector<Message> parseInChunks(FrameParser& parser, std::string_view bytes, std::size_t chunk = 0);
std::vector<Message> parseAll(Direction direction, std::string_view bytes, ParserOptions options = {});

// A sender's permessage-deflate compressor (RFC 7692 §7.2.1): raw DEFLATE, sync flush,
// trailing 00 00 ff ff removed. Keeps its window between messages unless reset().
class Deflater {
public:
    explicit Deflater(int windowBits = 15, int level = 6);
    ~Deflater();
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;

    std::string compressMessage(std::string_view message);
    void reset(); // no_context_takeover: start the next message with an empty window

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace flowscope::http::websocket::test
