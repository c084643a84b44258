#include "cli/message_text.hpp"

#include "cli/flow_text.hpp"
#include "http/websocket_frames.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace flowscope::cli {
namespace {

constexpr std::size_t kPreviewChars = 60;
constexpr std::size_t kPreviewHexBytes = 16;

std::string timeOfDay(std::int64_t epochMicros) {
    const auto seconds = static_cast<std::time_t>(epochMicros / 1000000);
    return fmt::format("{:%H:%M:%S}.{:03}", fmt::localtime(seconds), (epochMicros / 1000) % 1000);
}

// Valid UTF-8 (RFC 3629) so it can be JSON text; anything else goes out as base64.
bool isUtf8(std::string_view bytes) {
    http::websocket::Utf8Validator validator;
    return validator.feed(bytes) && validator.complete();
}

// The first kPreviewChars characters, never cutting one in two.
std::string textPreview(std::string_view text) {
    std::string preview;
    std::size_t characters = 0;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool startsCharacter = (c & 0xC0) != 0x80; // not a UTF-8 continuation byte
        if (startsCharacter && characters++ == kPreviewChars)
            break;
        // Terminal safety: no escape sequence from captured traffic reaches the terminal.
        preview += c < 0x20 || c == 0x7F ? '.' : static_cast<char>(c);
    }
    if (i < text.size())
        preview += "...";
    return preview;
}

std::string hexPreview(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < std::min(bytes.size(), kPreviewHexBytes); ++i)
        out += fmt::format("{}{:02x}", i == 0 ? "" : " ", static_cast<unsigned char>(bytes[i]));
    if (bytes.size() > kPreviewHexBytes)
        out += " ...";
    return out;
}

std::string preview(const store::WebSocketMessage& message) {
    if (message.payloadDropped)
        return "[payload not kept: the store was saturated]";
    if (message.opcode == store::kOpcodeClose) {
        if (message.closeCode == 0)
            return "(no status code)";
        return fmt::format("{} {}", message.closeCode, textPreview(message.closeReason));
    }
    if (message.opcode == store::kOpcodeBinary || !isUtf8(message.payload))
        return hexPreview(message.payload);
    return textPreview(message.payload);
}

std::string flags(const store::WebSocketMessage& message) {
    std::string out;
    if (message.compressed)
        out += " [deflate]";
    if (message.truncated && !message.payloadDropped)
        out += fmt::format(" [{} of {} bytes kept]", message.payload.size(), message.length);
    if (!message.error.empty())
        out += fmt::format(" [{}]", textPreview(message.error));
    return out;
}

} // namespace

std::string messageLine(const store::WebSocketMessage& message) {
    const char* arrow = message.direction == store::MessageDirection::ClientToServer ? "->" : "<-";
    return fmt::format("{} {}  {:<6}  {:>10}  {}{}", arrow, timeOfDay(message.timeUs),
                       store::opcodeName(message.opcode), formatSize(message.length), preview(message), flags(message));
}

std::string messagesToText(const store::Flow& flow, std::int64_t storedCount) {
    const store::WebSocketSummary& ws = flow.webSocket;
    std::string out = fmt::format("WebSocket: {} messages from the client, {} from the server", ws.messagesFromClient,
                                  ws.messagesFromServer);
    if (ws.closedBy != store::CloseInitiator::None)
        out += fmt::format("; closed by the {} ({}{})", store::toString(ws.closedBy),
                           ws.closeCode == 0 ? std::string("no status code") : std::to_string(ws.closeCode),
                           ws.closeReason.empty() ? std::string() : " " + textPreview(ws.closeReason));
    else if (flow.endedAtUs == 0)
        out += "; still open";
    else
        out += "; no Close frame (the connection was dropped)";
    out += '\n';
    if (ws.messagesDropped > 0 || ws.payloadsDropped > 0)
        out += fmt::format("[{} messages and {} payloads were not kept: the store was saturated]\n", ws.messagesDropped,
                           ws.payloadsDropped);
    if (!ws.protocolError.empty())
        out += fmt::format("PROTOCOL ERROR {}\n", textPreview(ws.protocolError));
    for (const store::WebSocketMessage& message : flow.messages) {
        out += messageLine(message);
        out += '\n';
    }
    if (storedCount > static_cast<std::int64_t>(flow.messages.size()))
        out += fmt::format("({} of {} messages shown; use --messages 0 for all)\n", flow.messages.size(), storedCount);
    return out;
}

nlohmann::json messageToJson(const store::WebSocketMessage& message) {
    const bool text = message.opcode != store::kOpcodeBinary && isUtf8(message.payload);
    return nlohmann::json{
        {"seq", message.seq},
        {"direction", store::toString(message.direction)},
        {"time_us", message.timeUs},
        {"opcode", store::opcodeName(message.opcode)},
        {"length", message.length},
        {"wire_length", message.wireLength},
        {"frames", message.frameCount},
        {"compressed", message.compressed},
        {"truncated", message.truncated},
        {"payload_dropped", message.payloadDropped},
        {"close_code", message.closeCode},
        {"close_reason", isUtf8(message.closeReason) ? message.closeReason : toBase64(message.closeReason)},
        {"error", message.error},
        {"payload",
         {{"encoding", text ? "utf-8" : "base64"}, {"data", text ? message.payload : toBase64(message.payload)}}},
    };
}

nlohmann::json webSocketToJson(const store::Flow& flow, std::int64_t storedCount) {
    const store::WebSocketSummary& ws = flow.webSocket;
    nlohmann::json messages = nlohmann::json::array();
    for (const store::WebSocketMessage& message : flow.messages)
        messages.push_back(messageToJson(message));
    return nlohmann::json{
        {"messages_from_client", ws.messagesFromClient},
        {"messages_from_server", ws.messagesFromServer},
        {"messages_dropped", ws.messagesDropped},
        {"payloads_dropped", ws.payloadsDropped},
        {"close_code", ws.closeCode},
        {"close_reason", isUtf8(ws.closeReason) ? ws.closeReason : toBase64(ws.closeReason)},
        {"closed_by", store::toString(ws.closedBy)},
        {"protocol_error", ws.protocolError},
        {"messages_stored", storedCount},
        {"messages", std::move(messages)},
    };
}

} // namespace flowscope::cli
