#pragma once
// Rendering a WebSocket flow's messages for `flowscope-cli flows show`: one line per
// message for a terminal, and JSON with every field (payloads as UTF-8 text or base64).

#include "store/flow.hpp"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace flowscope::cli {

// "-> 08:21:42.123  text       5 B  hello": direction arrow (-> client to server, <-
// server to client), time of day, opcode, length, and a preview that is safe for a
// terminal (text with control characters replaced, binary as hex, a Close as its code).
std::string messageLine(const store::WebSocketMessage& message);

// The summary line and one line per message of flow.messages; `storedCount` is how many
// the store holds, to say when only the first ones are shown.
std::string messagesToText(const store::Flow& flow, std::int64_t storedCount);

nlohmann::json messageToJson(const store::WebSocketMessage& message);
nlohmann::json webSocketToJson(const store::Flow& flow, std::int64_t storedCount);

} // namespace flowscope::cli
