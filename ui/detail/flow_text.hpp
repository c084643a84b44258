#pragma once
// Text the detail tabs show for a flow: start lines, the raw message, table rows. Pure
// functions over store::Flow, tested without widgets.

#include "store/flow.hpp"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <string>
#include <string_view>

namespace flowscope::ui {

QString toQString(std::string_view text); // UTF-8; invalid sequences become U+FFFD
QByteArray toQByteArray(const std::string& bytes);

// First value of `name` (any case), empty when absent.
QString headerValue(const store::HeaderList& headers, std::string_view name);

// "POST /api?x=1 HTTP/1.1"; a tunnel: "CONNECT host:443 HTTP/1.1".
QString requestLine(const store::Flow& flow);
// "HTTP/1.1 200 OK"; empty when no response arrived.
QString statusLine(const store::Flow& flow);

// The message as it went over the wire: start line, header fields in order, the empty line,
// then the body as captured (still content-encoded; de-chunked by the engine, so a
// Transfer-Encoding: chunked field describes the wire, not these bytes). Empty for a
// response that never arrived.
QByteArray rawRequest(const store::Flow& flow);
QByteArray rawResponse(const store::Flow& flow);

// (name, value) rows in wire order.
QList<QStringList> headerRows(const store::HeaderList& headers);
// The URL's query, percent-decoded with '+' as space: (name, value).
QList<QStringList> queryRows(const store::Flow& flow);
// Every Cookie request header, split into (name, value) pairs.
QList<QStringList> requestCookieRows(const store::Flow& flow);
// Every Set-Cookie response header: name, value, domain, path, expires, HttpOnly, Secure,
// SameSite (see responseCookieColumns()).
QList<QStringList> responseCookieRows(const store::Flow& flow);
QStringList responseCookieColumns();

// Whether the client side spoke TLS to the proxy (https, wss, or TLS details recorded).
bool isTlsFlow(const store::Flow& flow);

} // namespace flowscope::ui
