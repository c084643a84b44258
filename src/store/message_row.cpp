#include "store/message_row.hpp"

#include <array>
#include <fmt/format.h>

namespace flowscope::store {
namespace {

// Column positions after flow_id: bind index = column + 2, select index = column.
enum Column : int {
    Seq,
    Direction,
    TimeUs,
    Opcode,
    Length,
    WireLength,
    FrameCount,
    Payload,
    Truncated,
    Compressed,
    PayloadDropped,
    CloseCode,
    CloseReason,
    Error,
    ColumnCount,
};

constexpr std::array<std::string_view, ColumnCount> kColumnNames{
    "seq",     "direction", "time_us",    "opcode",          "length",     "wire_length",  "frame_count",
    "payload", "truncated", "compressed", "payload_dropped", "close_code", "close_reason", "error",
};

std::string columnList(bool previewPayload) {
    std::string list;
    for (int i = 0; i < ColumnCount; ++i) {
        if (i > 0)
            list += ", ";
        // substr() on a BLOB counts bytes; a negative ?4 means "all of it".
        list += i == Payload && previewPayload
                    ? std::string("CASE WHEN ?4 < 0 THEN payload ELSE substr(payload, 1, ?4) END")
                    : std::string(kColumnNames[i]);
    }
    return list;
}

// Unsigned in the struct, signed 64-bit in SQLite; no real length reaches 2^63.
std::int64_t toInteger(std::uint64_t value) {
    return static_cast<std::int64_t>(value);
}

std::uint64_t toUnsigned(std::int64_t value) {
    return value < 0 ? 0 : static_cast<std::uint64_t>(value);
}

} // namespace

std::string insertMessageSql() {
    std::string placeholders = "?";
    for (int i = 0; i < ColumnCount; ++i)
        placeholders += ", ?";
    return fmt::format("INSERT INTO websocket_messages (flow_id, {}) VALUES ({})", columnList(false), placeholders);
}

std::string selectMessagesSql() {
    return fmt::format("SELECT {} FROM websocket_messages WHERE flow_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
                       columnList(true));
}

void bindMessage(sqlite::Statement& statement, std::int64_t flowId, const WebSocketMessage& message) {
    const auto bindInt = [&](Column column, std::int64_t value) { statement.bindInt64(column + 2, value); };
    statement.bindInt64(1, flowId);
    bindInt(Seq, message.seq);
    bindInt(Direction, static_cast<std::int64_t>(message.direction));
    bindInt(TimeUs, message.timeUs);
    bindInt(Opcode, message.opcode);
    bindInt(Length, toInteger(message.length));
    bindInt(WireLength, toInteger(message.wireLength));
    bindInt(FrameCount, message.frameCount);
    statement.bindBlob(Payload + 2, message.payload, sqlite::Lifetime::Static);
    bindInt(Truncated, message.truncated ? 1 : 0);
    bindInt(Compressed, message.compressed ? 1 : 0);
    bindInt(PayloadDropped, message.payloadDropped ? 1 : 0);
    bindInt(CloseCode, message.closeCode);
    statement.bindText(CloseReason + 2, message.closeReason, sqlite::Lifetime::Static);
    statement.bindText(Error + 2, message.error, sqlite::Lifetime::Static);
}

WebSocketMessage readMessage(const sqlite::Statement& statement) {
    WebSocketMessage message;
    message.seq = statement.columnInt64(Seq);
    message.direction =
        statement.columnInt64(Direction) == 0 ? MessageDirection::ClientToServer : MessageDirection::ServerToClient;
    message.timeUs = statement.columnInt64(TimeUs);
    message.opcode = static_cast<int>(statement.columnInt64(Opcode));
    message.length = toUnsigned(statement.columnInt64(Length));
    message.wireLength = toUnsigned(statement.columnInt64(WireLength));
    message.frameCount = static_cast<std::uint32_t>(toUnsigned(statement.columnInt64(FrameCount)));
    message.payload = std::string(statement.columnBlob(Payload));
    message.truncated = statement.columnInt64(Truncated) != 0;
    message.compressed = statement.columnInt64(Compressed) != 0;
    message.payloadDropped = statement.columnInt64(PayloadDropped) != 0;
    message.closeCode = static_cast<int>(statement.columnInt64(CloseCode));
    message.closeReason = std::string(statement.columnText(CloseReason));
    message.error = std::string(statement.columnText(Error));
    return message;
}

} // namespace flowscope::store
