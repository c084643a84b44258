#pragma once
// One WebSocket message as the store keeps it (table websocket_messages): a data message
// reassembled from its frames, or one control frame (Close, Ping, Pong). Filled by the
// engine's passive parser, by HAR import, and by FlowReader::messages(); plain data.

#include <cstdint>
#include <string>
#include <string_view>

namespace flowscope::store {

enum class MessageDirection : std::uint8_t { ClientToServer = 0, ServerToClient = 1 };

// RFC 6455 §5.2 opcodes of the message's first frame.
inline constexpr int kOpcodeText = 0x1;
inline constexpr int kOpcodeBinary = 0x2;
inline constexpr int kOpcodeClose = 0x8;
inline constexpr int kOpcodePing = 0x9;
inline constexpr int kOpcodePong = 0xA;

struct WebSocketMessage {
    // Position in the connection, from 0, both directions interleaved in the order the
    // proxy saw each message complete. A message dropped under back-pressure leaves a gap.
    std::int64_t seq = 0;
    MessageDirection direction = MessageDirection::ClientToServer;
    std::int64_t timeUs = 0; // when the proxy saw the message's last byte, µs since the Unix epoch
    int opcode = kOpcodeText;
    std::uint64_t length = 0;     // payload bytes after permessage-deflate inflation
    std::uint64_t wireLength = 0; // payload bytes on the wire, all frames (compressed when compressed)
    std::uint32_t frameCount = 1;
    // Unmasked, inflated bytes, at most max_body_size. A Close keeps its whole body (the
    // 2-byte code, then the reason) here as well.
    std::string payload;
    bool truncated = false;      // payload holds fewer than `length` bytes
    bool compressed = false;     // permessage-deflate (RFC 7692), shown inflated
    bool payloadDropped = false; // the payload was not kept: the store was saturated (see Flow::webSocket)
    int closeCode = 0;           // Close with a status code; 0 otherwise
    std::string closeReason;     // raw bytes after the code
    std::string error;           // why the message is suspect (invalid UTF-8, inflate failure, cut off)

    friend bool operator==(const WebSocketMessage&, const WebSocketMessage&) = default;
};

// Which side sent the first Close frame of a connection.
enum class CloseInitiator : std::uint8_t { None, Client, Server };

// What a WebSocket flow's row says about its messages (columns ws_* of `flows`).
struct WebSocketSummary {
    std::uint64_t messagesFromClient = 0; // complete messages seen, stored or not
    std::uint64_t messagesFromServer = 0;
    std::uint64_t messagesDropped = 0; // seen but not stored: the store stayed saturated
    std::uint64_t payloadsDropped = 0; // stored without payload for the same reason
    int closeCode = 0;                 // of the first Close frame; 0 when none or without code
    std::string closeReason;
    CloseInitiator closedBy = CloseInitiator::None;
    std::string protocolError; // the first RFC 6455 violation, "client->server: ..."; '' when none

    friend bool operator==(const WebSocketSummary&, const WebSocketSummary&) = default;
};

// Stored strings: "client->server" / "server->client", "client" / "server" / "".
std::string_view toString(MessageDirection direction);
std::string_view toString(CloseInitiator initiator);
CloseInitiator closeInitiatorFromString(std::string_view text); // unknown -> None
// "text", "binary", "close", "ping", "pong", "continuation" or "0x3".. for reserved ones.
std::string opcodeName(int opcode);

} // namespace flowscope::store
