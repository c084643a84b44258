#include "detail/flow_text.hpp"

#include "store/export/har_cookies.hpp"
#include "store/export/url_parts.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <cctype>

namespace flowscope::ui {
namespace {

bool sameName(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

QString versionOf(const store::Flow& flow) {
    return flow.httpVersion.empty() ? QStringLiteral("HTTP/1.1") : toQString(flow.httpVersion);
}

void appendHeaders(QByteArray& out, const store::HeaderList& headers) {
    for (const auto& [name, value] : headers) {
        out += toQByteArray(name);
        out += ": ";
        out += toQByteArray(value);
        out += "\r\n";
    }
    out += "\r\n";
}

QString yes(bool flag) {
    return flag ? QCoreApplication::translate("flowscope::ui::FlowText", "Yes") : QString();
}

} // namespace

QString toQString(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QByteArray toQByteArray(const std::string& bytes) {
    return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
}

QString headerValue(const store::HeaderList& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (sameName(key, name))
            return toQString(value);
    }
    return {};
}

QString requestLine(const store::Flow& flow) {
    if (flow.kind == store::FlowKind::Tunnel) {
        const std::string authority =
            flow.host.find(':') != std::string::npos ? "[" + flow.host + "]" : flow.host; // IPv6 in brackets
        return QStringLiteral("CONNECT %1:%2 %3").arg(toQString(authority)).arg(flow.port).arg(versionOf(flow));
    }
    const QString method = flow.method.empty() ? QStringLiteral("GET") : toQString(flow.method);
    const QString target = flow.path.empty() ? QStringLiteral("/") : toQString(flow.path);
    return method + QLatin1Char(' ') + target + QLatin1Char(' ') + versionOf(flow);
}

QString statusLine(const store::Flow& flow) {
    if (flow.status == 0)
        return {};
    QString line = versionOf(flow) + QLatin1Char(' ') + QString::number(flow.status);
    if (!flow.reason.empty())
        line += QLatin1Char(' ') + toQString(flow.reason);
    return line;
}

QByteArray rawRequest(const store::Flow& flow) {
    QByteArray out = requestLine(flow).toUtf8();
    out += "\r\n";
    appendHeaders(out, flow.requestHeaders);
    out += toQByteArray(flow.requestBody.data);
    return out;
}

QByteArray rawResponse(const store::Flow& flow) {
    if (flow.status == 0)
        return {};
    QByteArray out = statusLine(flow).toUtf8();
    out += "\r\n";
    appendHeaders(out, flow.responseHeaders);
    out += toQByteArray(flow.responseBody.data);
    return out;
}

QList<QStringList> headerRows(const store::HeaderList& headers) {
    QList<QStringList> rows;
    rows.reserve(static_cast<qsizetype>(headers.size()));
    for (const auto& [name, value] : headers)
        rows << QStringList{toQString(name), toQString(value)};
    return rows;
}

QList<QStringList> queryRows(const store::Flow& flow) {
    QList<QStringList> rows;
    const auto url = store::exporting::splitUrl(flow.url);
    if (!url || !url->hasQuery)
        return rows;
    for (const auto& [name, value] : store::exporting::parseQuery(url->query))
        rows << QStringList{toQString(name), toQString(value)};
    return rows;
}

QList<QStringList> requestCookieRows(const store::Flow& flow) {
    QList<QStringList> rows;
    for (const auto& [name, value] : flow.requestHeaders) {
        if (!sameName(name, "Cookie"))
            continue;
        for (const auto& cookie : store::exporting::parseCookieHeader(value))
            rows << QStringList{toQString(cookie.name), toQString(cookie.value)};
    }
    return rows;
}

QStringList responseCookieColumns() {
    const auto tr = [](const char* text) { return QCoreApplication::translate("flowscope::ui::FlowText", text); };
    return {tr("Name"),    tr("Value"),    tr("Domain"), tr("Path"),
            tr("Expires"), tr("HttpOnly"), tr("Secure"), tr("SameSite")};
}

QList<QStringList> responseCookieRows(const store::Flow& flow) {
    QList<QStringList> rows;
    // Max-Age is turned into a date relative to when the response arrived.
    const std::int64_t receivedAt = flow.endedAtUs != 0 ? flow.endedAtUs : flow.startedAtUs;
    for (const auto& [name, value] : flow.responseHeaders) {
        if (!sameName(name, "Set-Cookie"))
            continue;
        const auto cookie = store::exporting::parseSetCookie(value, receivedAt);
        rows << QStringList{toQString(cookie.name),
                            toQString(cookie.value),
                            toQString(cookie.domain.value_or(std::string())),
                            toQString(cookie.path.value_or(std::string())),
                            toQString(cookie.expires.value_or(std::string())),
                            yes(cookie.httpOnly),
                            yes(cookie.secure),
                            toQString(cookie.sameSite.value_or(std::string()))};
    }
    return rows;
}

bool isTlsFlow(const store::Flow& flow) {
    return flow.scheme == "https" || flow.scheme == "wss" || !flow.tls.clientVersion.empty() || !flow.tls.sni.empty();
}

} // namespace flowscope::ui
