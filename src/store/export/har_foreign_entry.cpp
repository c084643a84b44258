#include "store/export/har_foreign_entry.hpp"

#include "store/export/text_codec.hpp"
#include "store/export/url_parts.hpp"

#include <algorithm>
#include <stdexcept>

namespace flowscope::store::exporting {
namespace {

// The error kind of a foreign entry that carries an error text (Chrome's response._error,
// "net::ERR_CONNECTION_REFUSED"): HAR does not say which of our kinds it was.
constexpr std::string_view kImportedErrorKind = "imported";

std::string shorten(std::string_view text) {
    constexpr std::size_t kMax = 80;
    return text.size() <= kMax ? std::string(text) : std::string(text.substr(0, kMax)) + "...";
}

std::string firstHeader(const HeaderList& headers, std::string_view wanted) {
    for (const auto& [name, value] : headers) {
        if (equalsIgnoreCase(name, wanted)) {
            return value;
        }
    }
    return {};
}

// Browsers write ALPN ids ("h2", "http/1.1"); flows use the HTTP-message form.
std::string normalizeHttpVersion(std::string version) {
    const std::string lower = toLowerAscii(version);
    if (lower == "http/1.0" || lower == "http/1.1") {
        return lower == "http/1.0" ? "HTTP/1.0" : "HTTP/1.1";
    }
    if (lower == "h2" || lower == "http/2" || lower == "http/2.0") {
        return "HTTP/2";
    }
    if (lower == "h3" || lower == "http/3" || lower == "http/3.0") {
        return "HTTP/3";
    }
    return version;
}

std::uint64_t nonNegative(const JsonFields& fields, std::string_view key) {
    const auto value = fields.integer(key);
    return value && *value > 0 ? static_cast<std::uint64_t>(*value) : 0;
}

void locate(const JsonFields& entry, Flow& flow) {
    if (equalsIgnoreCase(flow.method, "CONNECT")) {
        flow.kind = FlowKind::Tunnel;
        auto authority = splitAuthority(flow.url);
        if (!authority) {
            if (const auto url = splitUrl(flow.url); url && url->port) { // "https://host:443" forms
                authority = std::pair{url->host, *url->port};
            }
        }
        if (!authority) {
            throw std::invalid_argument("request.url \"" + shorten(flow.url) + "\" is not a CONNECT host:port");
        }
        flow.host = authority->first;
        flow.port = authority->second;
        flow.path = flow.url;
        return;
    }
    const auto url = splitUrl(flow.url);
    if (!url) {
        throw std::invalid_argument("request.url \"" + shorten(flow.url) + "\" is not an absolute URL");
    }
    flow.scheme = url->scheme;
    flow.host = url->host;
    flow.port = url->port.value_or(defaultPortFor(url->scheme));
    flow.path = url->pathAndQuery;
    const bool upgradedToWebSocket =
        flow.status == 101 && equalsIgnoreCase(firstHeader(flow.responseHeaders, "upgrade"), "websocket");
    const bool chromeWebSocket = entry.string("_resourceType").value_or(std::string()) == "websocket";
    if (flow.scheme == "ws" || flow.scheme == "wss" || upgradedToWebSocket || chromeWebSocket) {
        flow.kind = FlowKind::WebSocket;
    }
}

// A body we hold no bytes of but whose size the HAR gives is "captured: nothing", which
// is what truncated means for flows.
void sizeBody(BodyCapture& body, const BodyBytes& source, std::uint64_t declaredSize) {
    if (source.source == BodySource::None && body.data.empty()) {
        body.size = declaredSize;
        body.truncated = declaredSize > 0;
    } else {
        body.size = body.data.size();
    }
}

// Browsers write content.text decoded (HAR 1.2 "content": "the HTTP response is decoded
// (decompressed & unchunked)"), but flows hold bytes as they were on the wire. Keeping
// Content-Encoding would make every later decode of this flow fail, so it goes.
bool dropContentEncoding(HeaderList& headers, const BodyBytes& body) {
    if (body.source != BodySource::Decoded || !isContentEncoded(contentEncodingOf(headers))) {
        return false;
    }
    std::erase_if(headers, [](const auto& header) { return equalsIgnoreCase(header.first, "content-encoding"); });
    return true;
}

} // namespace

void applyForeignDefaults(const JsonFields& entry, const HarEntryParts& parts, Flow& flow, EntryNotes& notes) {
    const JsonFields request(*parts.request, "request");
    std::optional<JsonFields> response;
    if (parts.response) {
        response.emplace(*parts.response, "response");
    }
    locate(entry, flow);
    if (flow.httpVersion.empty() && response) {
        flow.httpVersion = response->string("httpVersion").value_or(std::string());
    }
    flow.httpVersion = normalizeHttpVersion(std::move(flow.httpVersion));

    flow.requestContentType = firstHeader(flow.requestHeaders, "content-type");
    if (flow.requestContentType.empty()) {
        flow.requestContentType = parts.postDataMimeType.value_or(std::string());
    }
    flow.responseContentType = firstHeader(flow.responseHeaders, "content-type");
    if (flow.responseContentType.empty()) {
        flow.responseContentType = parts.contentMimeType.value_or(std::string());
    }

    sizeBody(flow.requestBody, parts.requestBody, nonNegative(request, "bodySize"));
    std::uint64_t declaredResponse = 0;
    if (response) {
        declaredResponse = nonNegative(*response, "bodySize");
        if (const auto* content = response->object("content")) {
            declaredResponse =
                std::max(declaredResponse, nonNegative(JsonFields(*content, "response.content"), "size"));
        }
    }
    sizeBody(flow.responseBody, parts.responseBody, declaredResponse);
    const bool droppedRequest = dropContentEncoding(flow.requestHeaders, parts.requestBody);
    const bool droppedResponse = dropContentEncoding(flow.responseHeaders, parts.responseBody);
    notes.contentEncodingRemoved = droppedRequest || droppedResponse;

    // Wire byte counts: HAR's own sizes where given; Chrome's _transferSize is the closest
    // thing to what reached the client.
    flow.bytesFromClient = nonNegative(request, "headersSize") + nonNegative(request, "bodySize");
    if (response) {
        const auto transfer = response->integer("_transferSize");
        flow.bytesToClient = transfer && *transfer >= 0
                                 ? static_cast<std::uint64_t>(*transfer)
                                 : nonNegative(*response, "headersSize") + nonNegative(*response, "bodySize");
        if (auto error = response->string("_error"); error && !error->empty()) {
            flow.errorKind = std::string(kImportedErrorKind);
            flow.errorMessage = std::move(*error);
        }
    }
}

} // namespace flowscope::store::exporting
