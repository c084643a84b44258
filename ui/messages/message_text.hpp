#pragma once
// How a WebSocket message and a connection's state read in the Messages tab: the list's
// cells (arrow, clock time, type, preview) and the header line. Pure functions, so the
// wording is tested without widgets.

#include "store/flow.hpp"
#include "store/websocket_message.hpp"

#include <QString>
#include <cstdint>
#include <string_view>

namespace flowscope::ui {

// "↑" for client→server (sent), "↓" for server→client (received).
QString directionArrow(store::MessageDirection direction);
// "sent (client → server)" / "received (server → client)".
QString directionName(store::MessageDirection direction);
// "text", "binary", "close", "ping", "pong", "continuation".
QString messageTypeName(int opcode);
bool isControlOpcode(int opcode); // RFC 6455 §5.5: opcodes 0x8-0xF

// Local clock time with milliseconds: "14:03:27.118".
QString clockTime(std::int64_t timeUs);
// Offset from the connection's start: "+1.204 s".
QString relativeTime(std::int64_t timeUs, std::int64_t startUs);

// One line for the list: text with control characters escaped (\n, \t, \x1b), binary as
// hex bytes, a Close as its code and reason; at most kPreviewChars characters, "…" when
// cut. `payload` may be a prefix of the message (`message.length` is the whole size).
inline constexpr int kPreviewChars = 200;
QString messagePreview(const store::WebSocketMessage& message);
// Printable text from UTF-8 bytes with control characters escaped, cut at `maxChars`.
QString escapedText(std::string_view utf8, int maxChars);
// "48 65 6c 6c 6f", cut at `maxBytes` bytes.
QString hexPreview(std::string_view bytes, int maxBytes);

// "1000 (normal closure)" for a close code; the RFC 6455 §7.4.1 name when it has one.
QString closeCodeText(int code);

// The header line: "Open · 3 sent · 4 received" or "Closed by the server: 1000 (normal
// closure) “bye” · 3 sent · 4 received", then drops and the protocol error when any.
// While the connection is open the flow row's counts lag (the engine rewrites them when
// it ends), so `sentSoFar`/`receivedSoFar` (messages listed) stand in when larger.
QString connectionStateText(const store::Flow& flow, std::uint64_t sentSoFar, std::uint64_t receivedSoFar);

} // namespace flowscope::ui
