#include "store/export/har_websocket.hpp"

#include "store/export/text_codec.hpp"

#include <cmath>
#include <stdexcept>

namespace flowscope::store::exporting {
namespace {

using Json = nlohmann::ordered_json;

// Chrome writes binary frames as base64 and every other frame as text. Bytes of another
// opcode that are not UTF-8 (a Close body, a text message cut mid-character) are base64
// too, flagged "_encoding": "base64" (the field name HAR import also accepts on postData).
bool dataIsBase64(int opcode, std::string_view payload) {
    return opcode == kOpcodeBinary || !isUtf8(payload);
}

Json messageExtras(const WebSocketMessage& message) {
    Json extra = Json::object();
    extra["seq"] = message.seq;
    extra["timeUs"] = message.timeUs; // "time" in seconds cannot carry every µs exactly
    if (message.length != message.payload.size())
        extra["length"] = message.length;
    if (message.wireLength != message.length)
        extra["wireLength"] = message.wireLength;
    if (message.frameCount != 1)
        extra["frames"] = message.frameCount;
    if (message.truncated)
        extra["truncated"] = true;
    if (message.compressed)
        extra["compressed"] = true;
    if (message.payloadDropped)
        extra["payloadDropped"] = true;
    if (message.closeCode != 0)
        extra["closeCode"] = message.closeCode;
    if (!message.closeReason.empty())
        extra["closeReasonBase64"] = base64Encode(message.closeReason); // raw bytes, maybe not UTF-8
    if (!message.error.empty())
        extra["error"] = isUtf8(message.error) ? message.error : latin1ToUtf8(message.error);
    return extra;
}

std::string requiredBase64(const JsonFields& fields, std::string_view key, const std::string& text) {
    auto bytes = base64Decode(text);
    if (!bytes)
        fields.fail(key, "is not base64");
    return std::move(*bytes);
}

WebSocketMessage readMessage(const JsonFields& fields, std::int64_t index) {
    WebSocketMessage message;
    const std::string type = fields.requiredString("type");
    if (type == "send")
        message.direction = MessageDirection::ClientToServer;
    else if (type == "receive")
        message.direction = MessageDirection::ServerToClient;
    else
        fields.fail("type", "is neither \"send\" nor \"receive\"");
    const auto opcode = fields.integer("opcode").value_or(kOpcodeText);
    if (opcode < 0 || opcode > 0xF)
        fields.fail("opcode", "is not a WebSocket opcode (0-15)");
    message.opcode = static_cast<int>(opcode);
    const std::string data = fields.string("data").value_or(std::string());
    const bool base64 = message.opcode == kOpcodeBinary || fields.string("_encoding").value_or("") == "base64";
    message.payload = base64 ? requiredBase64(fields, "data", data) : data;
    message.seq = index;
    if (const auto seconds = fields.number("time"); seconds && std::isfinite(*seconds))
        message.timeUs = std::llround(*seconds * 1e6);
    message.length = message.payload.size();
    message.wireLength = message.length;

    const auto* extraJson = fields.object("_flowscope");
    if (extraJson == nullptr) {
        if (message.opcode == kOpcodeClose && message.payload.size() >= 2) { // RFC 6455 §5.5.1
            message.closeCode =
                (static_cast<unsigned char>(message.payload[0]) << 8) | static_cast<unsigned char>(message.payload[1]);
            message.closeReason = message.payload.substr(2);
        }
        return message;
    }
    const JsonFields extra(*extraJson, fields.pathOf("_flowscope"));
    message.seq = extra.integer("seq").value_or(message.seq);
    message.timeUs = extra.integer("timeUs").value_or(message.timeUs);
    message.length = extra.unsignedInteger("length").value_or(message.length);
    message.wireLength = extra.unsignedInteger("wireLength").value_or(message.length);
    message.frameCount = static_cast<std::uint32_t>(extra.unsignedInteger("frames").value_or(1));
    message.truncated = extra.boolean("truncated").value_or(false);
    message.compressed = extra.boolean("compressed").value_or(false);
    message.payloadDropped = extra.boolean("payloadDropped").value_or(false);
    message.closeCode = static_cast<int>(extra.integer("closeCode").value_or(0));
    if (const auto reason = extra.string("closeReasonBase64"))
        message.closeReason = requiredBase64(extra, "closeReasonBase64", *reason);
    message.error = extra.string("error").value_or(std::string());
    return message;
}

} // namespace

Json webSocketMessagesJson(const std::vector<WebSocketMessage>& messages) {
    Json list = Json::array();
    for (const WebSocketMessage& message : messages) {
        Json item = Json::object();
        item["type"] = message.direction == MessageDirection::ClientToServer ? "send" : "receive";
        item["time"] = static_cast<double>(message.timeUs) / 1e6;
        item["opcode"] = message.opcode;
        const bool base64 = dataIsBase64(message.opcode, message.payload);
        item["data"] = base64 ? base64Encode(message.payload) : message.payload;
        if (base64 && message.opcode != kOpcodeBinary)
            item["_encoding"] = "base64";
        item["_flowscope"] = messageExtras(message);
        list.push_back(std::move(item));
    }
    return list;
}

Json webSocketSummaryJson(const WebSocketSummary& summary) {
    Json json = Json::object();
    json["messagesFromClient"] = summary.messagesFromClient;
    json["messagesFromServer"] = summary.messagesFromServer;
    json["messagesDropped"] = summary.messagesDropped;
    json["payloadsDropped"] = summary.payloadsDropped;
    json["closeCode"] = summary.closeCode;
    json["closeReasonBase64"] = base64Encode(summary.closeReason);
    json["closedBy"] = std::string(toString(summary.closedBy));
    json["protocolError"] = isUtf8(summary.protocolError) ? summary.protocolError : latin1ToUtf8(summary.protocolError);
    return json;
}

std::vector<WebSocketMessage> readWebSocketMessages(const JsonFields& entry) {
    std::vector<WebSocketMessage> messages;
    const auto* list = entry.array(kWebSocketMessagesKey);
    if (list == nullptr)
        return messages;
    messages.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = (*list)[i];
        const std::string path = entry.pathOf(kWebSocketMessagesKey) + "[" + std::to_string(i) + "]";
        if (!item.is_object())
            throw std::invalid_argument(path + " is not an object");
        messages.push_back(readMessage(JsonFields(item, path), static_cast<std::int64_t>(i)));
    }
    return messages;
}

WebSocketSummary readWebSocketSummary(const JsonFields& json) {
    WebSocketSummary summary;
    summary.messagesFromClient = json.unsignedInteger("messagesFromClient").value_or(0);
    summary.messagesFromServer = json.unsignedInteger("messagesFromServer").value_or(0);
    summary.messagesDropped = json.unsignedInteger("messagesDropped").value_or(0);
    summary.payloadsDropped = json.unsignedInteger("payloadsDropped").value_or(0);
    summary.closeCode = static_cast<int>(json.integer("closeCode").value_or(0));
    if (const auto reason = json.string("closeReasonBase64"))
        summary.closeReason = requiredBase64(json, "closeReasonBase64", *reason);
    summary.closedBy = closeInitiatorFromString(json.string("closedBy").value_or(std::string()));
    summary.protocolError = json.string("protocolError").value_or(std::string());
    return summary;
}

WebSocketSummary summarizeMessages(const std::vector<WebSocketMessage>& messages) {
    WebSocketSummary summary;
    for (const WebSocketMessage& message : messages) {
        const bool fromClient = message.direction == MessageDirection::ClientToServer;
        ++(fromClient ? summary.messagesFromClient : summary.messagesFromServer);
        if (message.opcode == kOpcodeClose && summary.closedBy == CloseInitiator::None) {
            summary.closedBy = fromClient ? CloseInitiator::Client : CloseInitiator::Server;
            summary.closeCode = message.closeCode;
            summary.closeReason = message.closeReason;
        }
    }
    return summary;
}

} // namespace flowscope::store::exporting
