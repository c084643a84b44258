#pragma once
// Just enough RFC 6455 framing for raw-socket tests: masked client frames out, server frames
// in. The proxy relays frames untouched, so tests speak them byte by byte.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::test {

enum class WsOpcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA
};

// A final (FIN) frame, masked as a client must (RFC 6455 §5.3).
std::string clientFrame(WsOpcode opcode, std::string_view payload);

struct WsFrame {
    WsOpcode opcode = WsOpcode::Text;
    bool fin = true; // false: continuation frames follow (a fragmented message, RFC 6455 §5.4)
    std::string payload;
    std::size_t frameSize = 0; // bytes the frame took in the input
};

// The first complete unmasked frame at the start of `data`, or nullopt when more is needed.
std::optional<WsFrame> parseServerFrame(std::string_view data);

// The RFC 6455 §1.3 sample handshake key and the Sec-WebSocket-Accept it must produce.
inline constexpr std::string_view kSampleWebSocketKey = "dGhlIHNhbXBsZSBub25jZQ==";
inline constexpr std::string_view kSampleWebSocketAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

} // namespace flowscope::test
