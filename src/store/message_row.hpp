#pragma once
// The mapping between WebSocketMessage and a row of `websocket_messages`, in one place:
// the column list drives the writer's INSERT and FlowReader::messages()' SELECT.

#include "store/sqlite.hpp"
#include "store/websocket_message.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace flowscope::store {

// INSERT INTO websocket_messages (flow_id, <columns>) VALUES (?, ...)
std::string insertMessageSql();

// SELECT <columns> FROM websocket_messages WHERE flow_id = ?1 AND seq > ?2 ORDER BY seq
// LIMIT ?3, with the payload cut to its first ?4 bytes (the whole payload when ?4 < 0).
std::string selectMessagesSql();

// Binds `message` of flow `flowId` to an insertMessageSql() statement without copying its
// bytes: `message` must stay untouched until the statement has been stepped.
void bindMessage(sqlite::Statement& statement, std::int64_t flowId, const WebSocketMessage& message);

// Reads a row of a selectMessagesSql() statement.
WebSocketMessage readMessage(const sqlite::Statement& statement);

} // namespace flowscope::store
