#pragma once
// WebSocket messages in HAR, the way Chrome writes them: an entry-level
// "_webSocketMessages" array of {type: "send"|"receive", time: epoch seconds (fractional),
// opcode, data}, data being the text for text frames and base64 for binary ones. What
// Chrome's form cannot say (exact µs, seq, lengths, flags, close status) rides in a
// per-message "_flowscope" object so our own export reads back exactly. Internal to the
// exporter (README.md in this folder).

#include "store/export/har_json_fields.hpp"
#include "store/websocket_message.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace flowscope::store::exporting {

inline constexpr std::string_view kWebSocketMessagesKey = "_webSocketMessages";

nlohmann::ordered_json webSocketMessagesJson(const std::vector<WebSocketMessage>& messages);
// The "_flowscope.webSocket" object of a flow's summary (counts and close status).
nlohmann::ordered_json webSocketSummaryJson(const WebSocketSummary& summary);

// Reads entry._webSocketMessages (absent: none); throws std::invalid_argument naming the
// field for a malformed message.
std::vector<WebSocketMessage> readWebSocketMessages(const JsonFields& entry);
WebSocketSummary readWebSocketSummary(const JsonFields& summary);
// For foreign entries: counts and close status derived from the messages themselves.
WebSocketSummary summarizeMessages(const std::vector<WebSocketMessage>& messages);

} // namespace flowscope::store::exporting
