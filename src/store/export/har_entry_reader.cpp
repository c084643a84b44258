#include "store/export/har_entry_reader.hpp"

#include "store/export/har_body.hpp"
#include "store/export/har_foreign_entry.hpp"
#include "store/export/har_format.hpp"
#include "store/export/har_websocket.hpp"
#include "store/export/har_json_fields.hpp"
#include "store/export/iso_time.hpp"
#include "store/export/text_codec.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace flowscope::store::exporting {
namespace {

HeaderList readHeaders(const JsonFields& parent) {
    HeaderList headers;
    const auto* list = parent.array("headers");
    if (!list) {
        return headers;
    }
    headers.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = (*list)[i];
        const std::string path = parent.pathOf("headers") + "[" + std::to_string(i) + "]";
        if (!item.is_object()) {
            throw std::invalid_argument(path + " is not an object");
        }
        const JsonFields header(item, path);
        std::string name = header.requiredString("name");
        std::string value = header.string("value").value_or(std::string());
        if (header.boolean(kLatin1Key).value_or(false)) {
            auto rawName = latin1FromUtf8(name);
            auto rawValue = latin1FromUtf8(value);
            if (!rawName || !rawValue) {
                throw std::invalid_argument(path + " has a character above U+00FF in a Latin-1 header");
            }
            name = std::move(*rawName);
            value = std::move(*rawValue);
        }
        headers.emplace_back(std::move(name), std::move(value));
    }
    return headers;
}

BodyBytes readBody(const JsonFields& object) {
    try {
        return bodyFromHar(object.json());
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument(object.path() + "." + error.what());
    }
}

// HAR milliseconds -> microseconds; a negative value is HAR's "not applicable".
std::int64_t phaseUs(const JsonFields& timings, std::string_view key) {
    const auto ms = timings.number(key);
    if (!ms || *ms < 0 || !std::isfinite(*ms)) {
        return -1;
    }
    return std::llround(*ms * 1000.0);
}

// The parts every entry has, read from the standard HAR places.
Flow readStandardFields(const JsonFields& entry, HarEntryParts& parts) {
    Flow flow;
    const auto* request = entry.object("request");
    if (!request) {
        entry.fail("request", "missing");
    }
    parts.request = request;
    const JsonFields req(*request, "request");
    flow.method = req.requiredString("method");
    flow.url = req.requiredString("url");
    flow.httpVersion = req.string("httpVersion").value_or(std::string());
    flow.requestHeaders = readHeaders(req);
    if (const auto* postData = req.object("postData")) {
        const JsonFields post(*postData, "request.postData");
        parts.requestBody = readBody(post);
        parts.postDataMimeType = post.string("mimeType");
    }

    if (const auto* response = entry.object("response")) {
        parts.response = response;
        const JsonFields resp(*response, "response");
        flow.status = static_cast<int>(std::clamp<std::int64_t>(resp.integer("status").value_or(0), 0, 999));
        flow.reason = resp.string("statusText").value_or(std::string());
        flow.responseHeaders = readHeaders(resp);
        if (const auto* content = resp.object("content")) {
            const JsonFields body(*content, "response.content");
            parts.responseBody = readBody(body);
            parts.contentMimeType = body.string("mimeType");
        }
    }

    if (const auto started = entry.string("startedDateTime")) {
        const auto us = parseIso8601(*started);
        if (!us) {
            entry.fail("startedDateTime", "\"" + started->substr(0, 64) + "\" is not an ISO 8601 date");
        }
        flow.startedAtUs = *us;
    }
    const double timeMs = entry.number("time").value_or(0.0);
    flow.endedAtUs = flow.startedAtUs + (timeMs > 0 && std::isfinite(timeMs) ? std::llround(timeMs * 1000.0) : 0);

    if (const auto* timingsJson = entry.object("timings")) {
        const JsonFields timings(*timingsJson, "timings");
        flow.timing.dnsUs = phaseUs(timings, "dns");
        flow.timing.tlsUs = phaseUs(timings, "ssl");
        const std::int64_t connectUs = phaseUs(timings, "connect");
        // HAR's connect includes ssl (HAR 1.2 "timings"); flows keep them apart.
        flow.timing.connectUs =
            connectUs < 0 ? -1 : std::max<std::int64_t>(connectUs - std::max<std::int64_t>(flow.timing.tlsUs, 0), 0);
        flow.timing.sendUs = phaseUs(timings, "send");
        flow.timing.waitUs = phaseUs(timings, "wait");
        flow.timing.receiveUs = phaseUs(timings, "receive");
    }
    flow.requestBody.data = std::move(parts.requestBody.data);
    flow.responseBody.data = std::move(parts.responseBody.data);
    return flow;
}

std::string latin1Member(const std::string& text, std::string_view name) {
    auto bytes = latin1FromUtf8(text);
    if (!bytes) {
        throw std::invalid_argument(std::string(kFlowscopeKey) + ".latin1 names " + std::string(name) +
                                    ", which has a character above U+00FF");
    }
    return std::move(*bytes);
}

void readBodyInfo(const JsonFields& custom, std::string_view key, BodyCapture& body) {
    if (const auto* info = custom.object(key)) {
        const JsonFields fields(*info, custom.pathOf(key));
        body.size = fields.unsignedInteger("size").value_or(body.data.size());
        body.truncated = fields.boolean("truncated").value_or(false);
    } else {
        body.size = body.data.size();
    }
}

// Our own entries: everything HAR had no place for, exactly as written.
void restoreFlowscopeFields(const JsonFields& custom, Flow& flow) {
    flow.id = custom.integer("id").value_or(0);
    flow.kind = flowKindFromString(custom.string("kind").value_or("http"));
    flow.startedAtUs = custom.integer("startedAtUs").value_or(flow.startedAtUs);
    flow.endedAtUs = custom.integer("endedAtUs").value_or(flow.endedAtUs);
    if (const auto* timingJson = custom.object("timingUs")) {
        const JsonFields timing(*timingJson, custom.pathOf("timingUs"));
        flow.timing.dnsUs = timing.integer("dns").value_or(-1);
        flow.timing.connectUs = timing.integer("connect").value_or(-1);
        flow.timing.tlsUs = timing.integer("tls").value_or(-1);
        flow.timing.sendUs = timing.integer("send").value_or(-1);
        flow.timing.waitUs = timing.integer("wait").value_or(-1);
        flow.timing.receiveUs = timing.integer("receive").value_or(-1);
    }
    flow.clientAddress = custom.string("clientAddress").value_or(std::string());
    flow.scheme = custom.string("scheme").value_or(std::string());
    flow.host = custom.string("host").value_or(std::string());
    const auto port = custom.unsignedInteger("port").value_or(0);
    if (port > 65535) {
        custom.fail("port", "is out of range");
    }
    flow.port = static_cast<std::uint16_t>(port);
    flow.path = custom.string("path").value_or(std::string());
    flow.requestContentType = custom.string("requestContentType").value_or(std::string());
    readBodyInfo(custom, "requestBody", flow.requestBody);
    readBodyInfo(custom, "responseBody", flow.responseBody);
    flow.bytesFromClient = custom.unsignedInteger("bytesFromClient").value_or(0);
    flow.bytesToClient = custom.unsignedInteger("bytesToClient").value_or(0);
    if (const auto* tlsJson = custom.object("tls")) {
        const JsonFields tls(*tlsJson, custom.pathOf("tls"));
        for (const auto& field : kTlsTextFields) {
            flow.tls.*field.member = tls.string(field.name).value_or(std::string());
        }
    }
    flow.errorKind = custom.string("errorKind").value_or(std::string());
    flow.errorMessage = custom.string("errorMessage").value_or(std::string());
    if (const auto* webSocket = custom.object("webSocket")) {
        flow.webSocket = readWebSocketSummary(JsonFields(*webSocket, custom.pathOf("webSocket")));
    }

    const auto* latin1 = custom.array("latin1");
    if (!latin1) {
        return;
    }
    for (const auto& item : *latin1) {
        if (!item.is_string()) {
            custom.fail("latin1", "has an element that is not a string");
        }
        const auto& name = item.get_ref<const std::string&>();
        for (const auto& field : kFlowTextFields) {
            if (name == field.name) {
                flow.*field.member = latin1Member(flow.*field.member, name);
            }
        }
        for (const auto& field : kTlsTextFields) {
            if (name.size() > 4 && name.compare(0, 4, "tls.") == 0 && name.substr(4) == field.name) {
                flow.tls.*field.member = latin1Member(flow.tls.*field.member, name);
            }
        }
    }
}

} // namespace

Flow flowFromHarEntry(const nlohmann::json& entryJson, EntryNotes& notes) {
    if (!entryJson.is_object()) {
        throw std::invalid_argument("is not an object");
    }
    const JsonFields entry(entryJson, "");
    HarEntryParts parts;
    Flow flow = readStandardFields(entry, parts);
    flow.messages = readWebSocketMessages(entry);
    if (const auto* custom = entry.object(kFlowscopeKey)) {
        flow.responseContentType = parts.contentMimeType.value_or(std::string());
        restoreFlowscopeFields(JsonFields(*custom, std::string(kFlowscopeKey)), flow);
    } else {
        applyForeignDefaults(entry, parts, flow, notes);
        flow.webSocket = summarizeMessages(flow.messages);
    }
    return flow;
}

} // namespace flowscope::store::exporting
