#pragma once
// Rendering flows for a terminal and as JSON (flows list / flows show).

#include "store/flow.hpp"
#include "store/flow_store.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace flowscope::cli {

// A body as shown to a person: Content-Encoding undone; text kept as text, binary
// summarised with a hex preview; a decode failure is named, never fatal.
struct DisplayBody {
    std::string text;        // printable representation
    std::string decoded;     // decoded bytes
    std::string decodeError; // empty when decoding worked
    bool binary = false;
};
DisplayBody displayBody(const store::BodyCapture& body, const store::HeaderList& headers);

std::string formatSize(std::uint64_t bytes);        // "1.5 KiB"
std::string toBase64(std::string_view bytes);       // RFC 4648 §4, padded
std::string formatDuration(std::int64_t micros);    // "12.3 ms"
std::string formatTimestamp(std::int64_t epochMicros); // "2026-11-23 08:21:42.123"

std::string listLine(const store::FlowSummary& flow);
std::string listHeader();
nlohmann::json summaryToJson(const store::FlowSummary& flow);
// A WebSocket flow's messages are those in flow.messages (loaded by the caller);
// `storedMessages` is how many the store holds, to say when not all are shown.
nlohmann::json flowToJson(const store::Flow& flow, std::int64_t storedMessages = 0);
std::string flowToText(const store::Flow& flow, std::int64_t storedMessages = 0);

} // namespace flowscope::cli
