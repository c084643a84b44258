#include "store/flow_row.hpp"

#include "store/header_json.hpp"

#include <array>
#include <fmt/format.h>

namespace flowscope::store {
namespace {

// Column positions: bind index = column + 1, select index = column.
enum Column : int {
    Id,
    Kind,
    StartedAtUs,
    EndedAtUs,
    DnsUs,
    ConnectUs,
    TlsUs,
    SendUs,
    WaitUs,
    ReceiveUs,
    ClientAddress,
    Scheme,
    Method,
    Url,
    Host,
    Port,
    Path,
    HttpVersion,
    Status,
    Reason,
    RequestHeaders,
    ResponseHeaders,
    RequestBodySize,
    RequestBodyTruncated,
    ResponseBodySize,
    ResponseBodyTruncated,
    RequestContentType,
    ResponseContentType,
    TlsSni,
    TlsClientAlpn,
    TlsClientVersion,
    TlsUpstreamVersion,
    TlsUpstreamCipher,
    UpstreamCertSubject,
    UpstreamCertIssuer,
    BytesFromClient,
    BytesToClient,
    ErrorKind,
    ErrorMessage,
    WsMessagesFromClient, // schema 2 (0002_websocket.sql)
    WsMessagesFromServer,
    WsMessagesDropped,
    WsPayloadsDropped,
    WsCloseCode,
    WsCloseReason,
    WsClosedBy,
    WsProtocolError,
    ColumnCount,
};

constexpr std::array<std::string_view, ColumnCount> kColumnNames{
    "id",
    "kind",
    "started_at_us",
    "ended_at_us",
    "dns_us",
    "connect_us",
    "tls_us",
    "send_us",
    "wait_us",
    "receive_us",
    "client_address",
    "scheme",
    "method",
    "url",
    "host",
    "port",
    "path",
    "http_version",
    "status",
    "reason",
    "request_headers",
    "response_headers",
    "request_body_size",
    "request_body_truncated",
    "response_body_size",
    "response_body_truncated",
    "request_content_type",
    "response_content_type",
    "tls_sni",
    "tls_client_alpn",
    "tls_client_version",
    "tls_upstream_version",
    "tls_upstream_cipher",
    "upstream_cert_subject",
    "upstream_cert_issuer",
    "bytes_from_client",
    "bytes_to_client",
    "error_kind",
    "error_message",
    "ws_messages_from_client",
    "ws_messages_from_server",
    "ws_messages_dropped",
    "ws_payloads_dropped",
    "ws_close_code",
    "ws_close_reason",
    "ws_closed_by",
    "ws_protocol_error",
};

std::string buildColumnList() {
    std::string list;
    for (std::string_view name : kColumnNames) {
        if (!list.empty()) {
            list += ", ";
        }
        list += name;
    }
    return list;
}

// Sizes are unsigned in Flow; SQLite integers are signed 64-bit. No real size reaches
// 2^63, so the conversion is exact.
std::int64_t toInteger(std::uint64_t value) {
    return static_cast<std::int64_t>(value);
}

std::uint64_t toUnsigned(std::int64_t value) {
    return value < 0 ? 0 : static_cast<std::uint64_t>(value);
}

void bindText(sqlite::Statement& statement, Column column, std::string_view text) {
    statement.bindText(column + 1, text, sqlite::Lifetime::Static);
}

void bindInt(sqlite::Statement& statement, Column column, std::int64_t value) {
    statement.bindInt64(column + 1, value);
}

std::string text(const sqlite::Statement& statement, Column column) {
    return std::string(statement.columnText(column));
}

} // namespace

std::string_view flowColumnList() {
    static const std::string list = buildColumnList();
    return list;
}

std::string insertFlowSql() {
    std::string placeholders;
    for (int i = 0; i < ColumnCount; ++i) {
        placeholders += i == 0 ? "?" : ", ?";
    }
    return fmt::format("INSERT INTO flows ({}) VALUES ({})", flowColumnList(), placeholders);
}

void bindFlow(sqlite::Statement& statement, const Flow& flow, FlowRowScratch& scratch) {
    scratch.requestHeaders.clear();
    encodeHeaders(flow.requestHeaders, scratch.requestHeaders);
    scratch.responseHeaders.clear();
    encodeHeaders(flow.responseHeaders, scratch.responseHeaders);

    bindInt(statement, Id, flow.id);
    bindText(statement, Kind, toString(flow.kind));
    bindInt(statement, StartedAtUs, flow.startedAtUs);
    bindInt(statement, EndedAtUs, flow.endedAtUs);
    bindInt(statement, DnsUs, flow.timing.dnsUs);
    bindInt(statement, ConnectUs, flow.timing.connectUs);
    bindInt(statement, TlsUs, flow.timing.tlsUs);
    bindInt(statement, SendUs, flow.timing.sendUs);
    bindInt(statement, WaitUs, flow.timing.waitUs);
    bindInt(statement, ReceiveUs, flow.timing.receiveUs);
    bindText(statement, ClientAddress, flow.clientAddress);
    bindText(statement, Scheme, flow.scheme);
    bindText(statement, Method, flow.method);
    bindText(statement, Url, flow.url);
    bindText(statement, Host, flow.host);
    bindInt(statement, Port, flow.port);
    bindText(statement, Path, flow.path);
    bindText(statement, HttpVersion, flow.httpVersion);
    bindInt(statement, Status, flow.status);
    bindText(statement, Reason, flow.reason);
    bindText(statement, RequestHeaders, scratch.requestHeaders);
    bindText(statement, ResponseHeaders, scratch.responseHeaders);
    bindInt(statement, RequestBodySize, toInteger(flow.requestBody.size));
    bindInt(statement, RequestBodyTruncated, flow.requestBody.truncated ? 1 : 0);
    bindInt(statement, ResponseBodySize, toInteger(flow.responseBody.size));
    bindInt(statement, ResponseBodyTruncated, flow.responseBody.truncated ? 1 : 0);
    bindText(statement, RequestContentType, flow.requestContentType);
    bindText(statement, ResponseContentType, flow.responseContentType);
    bindText(statement, TlsSni, flow.tls.sni);
    bindText(statement, TlsClientAlpn, flow.tls.clientAlpn);
    bindText(statement, TlsClientVersion, flow.tls.clientVersion);
    bindText(statement, TlsUpstreamVersion, flow.tls.upstreamVersion);
    bindText(statement, TlsUpstreamCipher, flow.tls.upstreamCipher);
    bindText(statement, UpstreamCertSubject, flow.tls.upstreamCertSubject);
    bindText(statement, UpstreamCertIssuer, flow.tls.upstreamCertIssuer);
    bindInt(statement, BytesFromClient, toInteger(flow.bytesFromClient));
    bindInt(statement, BytesToClient, toInteger(flow.bytesToClient));
    bindText(statement, ErrorKind, flow.errorKind);
    bindText(statement, ErrorMessage, flow.errorMessage);
    const WebSocketSummary& ws = flow.webSocket;
    bindInt(statement, WsMessagesFromClient, toInteger(ws.messagesFromClient));
    bindInt(statement, WsMessagesFromServer, toInteger(ws.messagesFromServer));
    bindInt(statement, WsMessagesDropped, toInteger(ws.messagesDropped));
    bindInt(statement, WsPayloadsDropped, toInteger(ws.payloadsDropped));
    bindInt(statement, WsCloseCode, ws.closeCode);
    bindText(statement, WsCloseReason, ws.closeReason);
    bindText(statement, WsClosedBy, toString(ws.closedBy));
    bindText(statement, WsProtocolError, ws.protocolError);
}

Flow readFlow(const sqlite::Statement& statement) {
    Flow flow;
    flow.id = statement.columnInt64(Id);
    flow.kind = flowKindFromString(statement.columnText(Kind));
    flow.startedAtUs = statement.columnInt64(StartedAtUs);
    flow.endedAtUs = statement.columnInt64(EndedAtUs);
    flow.timing.dnsUs = statement.columnInt64(DnsUs);
    flow.timing.connectUs = statement.columnInt64(ConnectUs);
    flow.timing.tlsUs = statement.columnInt64(TlsUs);
    flow.timing.sendUs = statement.columnInt64(SendUs);
    flow.timing.waitUs = statement.columnInt64(WaitUs);
    flow.timing.receiveUs = statement.columnInt64(ReceiveUs);
    flow.clientAddress = text(statement, ClientAddress);
    flow.scheme = text(statement, Scheme);
    flow.method = text(statement, Method);
    flow.url = text(statement, Url);
    flow.host = text(statement, Host);
    flow.port = static_cast<std::uint16_t>(statement.columnInt64(Port));
    flow.path = text(statement, Path);
    flow.httpVersion = text(statement, HttpVersion);
    flow.status = static_cast<int>(statement.columnInt64(Status));
    flow.reason = text(statement, Reason);
    flow.requestHeaders = decodeHeaders(statement.columnText(RequestHeaders));
    flow.responseHeaders = decodeHeaders(statement.columnText(ResponseHeaders));
    flow.requestBody.size = toUnsigned(statement.columnInt64(RequestBodySize));
    flow.requestBody.truncated = statement.columnInt64(RequestBodyTruncated) != 0;
    flow.responseBody.size = toUnsigned(statement.columnInt64(ResponseBodySize));
    flow.responseBody.truncated = statement.columnInt64(ResponseBodyTruncated) != 0;
    flow.requestContentType = text(statement, RequestContentType);
    flow.responseContentType = text(statement, ResponseContentType);
    flow.tls.sni = text(statement, TlsSni);
    flow.tls.clientAlpn = text(statement, TlsClientAlpn);
    flow.tls.clientVersion = text(statement, TlsClientVersion);
    flow.tls.upstreamVersion = text(statement, TlsUpstreamVersion);
    flow.tls.upstreamCipher = text(statement, TlsUpstreamCipher);
    flow.tls.upstreamCertSubject = text(statement, UpstreamCertSubject);
    flow.tls.upstreamCertIssuer = text(statement, UpstreamCertIssuer);
    flow.bytesFromClient = toUnsigned(statement.columnInt64(BytesFromClient));
    flow.bytesToClient = toUnsigned(statement.columnInt64(BytesToClient));
    flow.errorKind = text(statement, ErrorKind);
    flow.errorMessage = text(statement, ErrorMessage);
    WebSocketSummary& ws = flow.webSocket;
    ws.messagesFromClient = toUnsigned(statement.columnInt64(WsMessagesFromClient));
    ws.messagesFromServer = toUnsigned(statement.columnInt64(WsMessagesFromServer));
    ws.messagesDropped = toUnsigned(statement.columnInt64(WsMessagesDropped));
    ws.payloadsDropped = toUnsigned(statement.columnInt64(WsPayloadsDropped));
    ws.closeCode = static_cast<int>(statement.columnInt64(WsCloseCode));
    ws.closeReason = text(statement, WsCloseReason);
    ws.closedBy = closeInitiatorFromString(statement.columnText(WsClosedBy));
    ws.protocolError = text(statement, WsProtocolError);
    return flow;
}

} // namespace flowscope::store
