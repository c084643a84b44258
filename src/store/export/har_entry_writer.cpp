#include "store/export/har_entry_writer.hpp"

#include "store/export/har_body.hpp"
#include "store/export/har_cookies.hpp"
#include "store/export/har_format.hpp"
#include "store/export/har_websocket.hpp"
#include "store/export/iso_time.hpp"
#include "store/export/text_codec.hpp"
#include "store/export/url_parts.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace flowscope::store::exporting {
namespace {

using Json = nlohmann::ordered_json;

// JSON text for a Flow member, remembering the member's name when its bytes had to be
// written as Latin-1 code points (the reader turns them back into the same bytes).
class TextWriter {
public:
    std::string operator()(std::string_view name, std::string_view value) {
        if (isUtf8(value)) {
            return std::string(value);
        }
        if (std::find(m_latin1.begin(), m_latin1.end(), name) == m_latin1.end()) {
            m_latin1.emplace_back(name);
        }
        return latin1ToUtf8(value);
    }
    const std::vector<std::string>& latin1() const { return m_latin1; }

private:
    std::vector<std::string> m_latin1;
};

std::string safeText(std::string_view value) {
    return isUtf8(value) ? std::string(value) : latin1ToUtf8(value);
}

// HAR times are milliseconds as numbers; flows keep microseconds.
double toMs(std::int64_t us) {
    return static_cast<double>(us) / 1000.0;
}

Json phaseMs(std::int64_t us) {
    return us < 0 ? Json(-1) : Json(toMs(us));
}

// The send, wait and receive phases "are not optional and must have non-negative values"
// (HAR 1.2 "timings"): a phase that did not happen is 0 there and -1 in _flowscope.
Json requiredPhaseMs(std::int64_t us) {
    return us < 0 ? Json(0) : Json(toMs(us));
}

Json headersJson(const HeaderList& headers) {
    Json list = Json::array();
    for (const auto& [name, value] : headers) {
        Json header = Json::object();
        if (isUtf8(name) && isUtf8(value)) {
            header["name"] = name;
            header["value"] = value;
        } else {
            header["name"] = latin1ToUtf8(name);
            header["value"] = latin1ToUtf8(value);
            header[kLatin1Key] = true;
        }
        list.push_back(std::move(header));
    }
    return list;
}

Json cookieJson(const HarCookie& cookie) {
    Json json = Json::object();
    json["name"] = cookie.name;
    json["value"] = cookie.value;
    if (cookie.path) {
        json["path"] = *cookie.path;
    }
    if (cookie.domain) {
        json["domain"] = *cookie.domain;
    }
    if (cookie.expires) {
        json["expires"] = *cookie.expires;
    }
    json["httpOnly"] = cookie.httpOnly;
    json["secure"] = cookie.secure;
    if (cookie.sameSite) {
        json["sameSite"] = *cookie.sameSite;
    }
    return json;
}

Json requestCookies(const HeaderList& headers) {
    Json list = Json::array();
    for (const auto& [name, value] : headers) {
        if (equalsIgnoreCase(name, "cookie")) {
            for (const auto& cookie : parseCookieHeader(safeText(value))) {
                list.push_back(cookieJson(cookie));
            }
        }
    }
    return list;
}

Json responseCookies(const HeaderList& headers, std::int64_t receivedAtUs) {
    Json list = Json::array();
    for (const auto& [name, value] : headers) {
        if (equalsIgnoreCase(name, "set-cookie")) { // one cookie per field: never split on ','
            list.push_back(cookieJson(parseSetCookie(safeText(value), receivedAtUs)));
        }
    }
    return list;
}

std::string firstHeader(const HeaderList& headers, std::string_view wanted) {
    for (const auto& [name, value] : headers) {
        if (equalsIgnoreCase(name, wanted)) {
            return safeText(value);
        }
    }
    return {};
}

Json queryStringJson(std::string_view url) {
    Json list = Json::array();
    if (const auto parts = splitUrl(url); parts && parts->hasQuery) {
        for (auto& [name, value] : parseQuery(parts->query)) {
            list.push_back(Json{{"name", std::move(name)}, {"value", std::move(value)}});
        }
    }
    return list;
}

Json postDataJson(const Flow& flow, TextWriter& text, const HarOptions& options) {
    const std::string coding = contentEncodingOf(flow.requestHeaders);
    BodyText body = bodyToHar(flow.requestBody, coding, options.decodeContent);
    Json postData = Json::object();
    postData["mimeType"] = text("requestContentType", flow.requestContentType);
    // HAR 1.2 calls text and params mutually exclusive, yet Chrome and Firefox write
    // both, and dropping text would lose the exact bytes: we write both too.
    postData.update(body.fields);
    const bool plainForm = startsWithIgnoreCase(flow.requestContentType, "application/x-www-form-urlencoded") &&
                           !isContentEncoded(coding) && !flow.requestBody.truncated && isUtf8(flow.requestBody.data);
    if (plainForm) {
        Json params = Json::array();
        for (auto& [name, value] : parseQuery(flow.requestBody.data)) {
            params.push_back(Json{{"name", std::move(name)}, {"value", std::move(value)}});
        }
        postData["params"] = std::move(params);
    }
    return postData;
}

Json requestJson(const Flow& flow, TextWriter& text, const HarOptions& options) {
    Json request = Json::object();
    request["method"] = text("method", flow.method);
    request["url"] = text("url", flow.url);
    request["httpVersion"] = text("httpVersion", flow.httpVersion);
    request["cookies"] = requestCookies(flow.requestHeaders);
    request["headers"] = headersJson(flow.requestHeaders);
    request["queryString"] = queryStringJson(safeText(flow.url));
    if (!flow.requestBody.data.empty() || flow.requestBody.size > 0) {
        request["postData"] = postDataJson(flow, text, options);
    }
    request["headersSize"] = -1; // the head's exact size is not recorded
    request["bodySize"] = flow.requestBody.size;
    return request;
}

Json responseJson(const Flow& flow, TextWriter& text, const HarOptions& options) {
    const std::string coding = contentEncodingOf(flow.responseHeaders);
    BodyText body = bodyToHar(flow.responseBody, coding, options.decodeContent);
    Json content = Json::object();
    // content.size is the decoded length when we have it; otherwise the bytes we hold are
    // the wire bytes and the full wire size is the honest figure.
    content["size"] = body.decodedSize ? *body.decodedSize : flow.responseBody.size;
    if (body.decodedSize && *body.decodedSize >= flow.responseBody.size) {
        content["compression"] = *body.decodedSize - flow.responseBody.size;
    }
    content["mimeType"] = text("responseContentType", flow.responseContentType);
    content.update(body.fields);

    Json response = Json::object();
    response["status"] = flow.status;
    response["statusText"] = text("reason", flow.reason);
    // No response, no response version (Chrome writes "" for failed requests too).
    response["httpVersion"] = flow.status == 0 ? std::string() : text("httpVersion", flow.httpVersion);
    response["cookies"] = responseCookies(flow.responseHeaders, std::max(flow.startedAtUs, flow.endedAtUs));
    response["headers"] = headersJson(flow.responseHeaders);
    response["content"] = std::move(content);
    response["redirectURL"] = firstHeader(flow.responseHeaders, "location");
    response["headersSize"] = -1;
    response["bodySize"] = flow.responseBody.size;
    if (!flow.errorMessage.empty()) {
        response["_error"] = safeText(flow.errorMessage); // where Chrome puts net errors
    }
    return response;
}

Json timingsJson(const FlowTiming& timing) {
    Json timings = Json::object();
    timings["blocked"] = -1; // queueing before the request is not measured
    timings["dns"] = phaseMs(timing.dnsUs);
    // HAR 1.2: "connect ... includes ssl time", while flows keep the two phases apart.
    timings["connect"] =
        timing.connectUs < 0 ? Json(-1) : Json(toMs(timing.connectUs + std::max<std::int64_t>(timing.tlsUs, 0)));
    timings["ssl"] = phaseMs(timing.tlsUs);
    timings["send"] = requiredPhaseMs(timing.sendUs);
    timings["wait"] = requiredPhaseMs(timing.waitUs);
    timings["receive"] = requiredPhaseMs(timing.receiveUs);
    return timings;
}

Json bodyInfoJson(const BodyCapture& body) {
    return Json{{"size", body.size}, {"truncated", body.truncated}};
}

Json flowscopeJson(const Flow& flow, TextWriter& text) {
    Json custom = Json::object();
    custom["format"] = kFlowscopeFormat;
    custom["id"] = flow.id;
    custom["kind"] = toString(flow.kind);
    custom["startedAtUs"] = flow.startedAtUs;
    custom["endedAtUs"] = flow.endedAtUs;
    custom["timingUs"] =
        Json{{"dns", flow.timing.dnsUs},   {"connect", flow.timing.connectUs}, {"tls", flow.timing.tlsUs},
             {"send", flow.timing.sendUs}, {"wait", flow.timing.waitUs},       {"receive", flow.timing.receiveUs}};
    custom["clientAddress"] = text("clientAddress", flow.clientAddress);
    custom["scheme"] = text("scheme", flow.scheme);
    custom["host"] = text("host", flow.host);
    custom["port"] = flow.port;
    custom["path"] = text("path", flow.path);
    custom["requestContentType"] = text("requestContentType", flow.requestContentType);
    custom["requestBody"] = bodyInfoJson(flow.requestBody);
    custom["responseBody"] = bodyInfoJson(flow.responseBody);
    custom["bytesFromClient"] = flow.bytesFromClient;
    custom["bytesToClient"] = flow.bytesToClient;
    Json tls = Json::object();
    for (const auto& field : kTlsTextFields) {
        const std::string& value = flow.tls.*field.member;
        if (!value.empty()) {
            tls[field.name] = text("tls." + std::string(field.name), value);
        }
    }
    if (!tls.empty()) {
        custom["tls"] = std::move(tls);
    }
    if (!flow.errorKind.empty() || !flow.errorMessage.empty()) {
        custom["errorKind"] = text("errorKind", flow.errorKind);
        custom["errorMessage"] = text("errorMessage", flow.errorMessage);
    }
    if (flow.kind == FlowKind::WebSocket || flow.webSocket != WebSocketSummary{}) {
        custom["webSocket"] = webSocketSummaryJson(flow.webSocket);
    }
    return custom;
}

// "127.0.0.1:53122" -> "53122": HAR's connection id "can be the client or server port
// number" (HAR 1.2 "entries").
std::string clientPort(std::string_view clientAddress) {
    const auto colon = clientAddress.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == clientAddress.size()) {
        return {};
    }
    const auto port = clientAddress.substr(colon + 1);
    return std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ? std::string(port)
                                                                                              : std::string();
}

} // namespace

Json harEntry(const Flow& flow, const HarOptions& options) {
    TextWriter text;
    Json entry = Json::object();
    entry["startedDateTime"] = formatIso8601(flow.startedAtUs);
    // The elapsed wall time; HAR suggests the sum of the timings, but phases we do not
    // measure (queueing, the client side) would make that sum short.
    entry["time"] = flow.endedAtUs > flow.startedAtUs ? toMs(flow.endedAtUs - flow.startedAtUs) : 0.0;
    entry["request"] = requestJson(flow, text, options);
    entry["response"] = responseJson(flow, text, options);
    entry["cache"] = Json::object();
    entry["timings"] = timingsJson(flow.timing);
    if (isIpLiteral(flow.host)) {
        entry["serverIPAddress"] = flow.host;
    }
    if (auto port = clientPort(flow.clientAddress); !port.empty()) {
        entry["connection"] = std::move(port);
    }
    if (flow.kind == FlowKind::WebSocket || !flow.messages.empty()) {
        entry[kWebSocketMessagesKey] = webSocketMessagesJson(flow.messages); // where Chrome puts them
    }
    Json custom = flowscopeJson(flow, text);
    if (!text.latin1().empty()) {
        custom["latin1"] = text.latin1();
    }
    entry[kFlowscopeKey] = std::move(custom);
    return entry;
}

} // namespace flowscope::store::exporting
