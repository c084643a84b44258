#include "cli/flow_text.hpp"

#include "cli/message_text.hpp"

#include "http/content_decoding.hpp"
#include "http/headers.hpp"

#include <nlohmann/json.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

namespace flowscope::cli {
namespace {

std::string headerValue(const store::HeaderList& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (http::equalsIgnoreCase(key, name))
            return value;
    }
    return {};
}

bool looksLikeText(std::string_view bytes) {
    // UTF-8 text: no NUL and few control characters other than whitespace.
    std::size_t controls = 0;
    for (const char c : bytes.substr(0, 8192)) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0)
            return false;
        if (u < 0x20 && u != '\n' && u != '\r' && u != '\t')
            ++controls;
    }
    return controls * 100 <= std::min<std::size_t>(bytes.size(), 8192);
}

std::string hexPreview(std::string_view bytes, std::size_t limit = 256) {
    std::string out;
    const std::size_t shown = std::min(bytes.size(), limit);
    for (std::size_t offset = 0; offset < shown; offset += 16) {
        out += fmt::format("{:08x}  ", offset);
        for (std::size_t i = offset; i < offset + 16; ++i) {
            if (i < shown)
                out += fmt::format("{:02x} ", static_cast<unsigned char>(bytes[i]));
            else
                out += "   ";
        }
        out += ' ';
        for (std::size_t i = offset; i < std::min(offset + 16, shown); ++i) {
            const auto u = static_cast<unsigned char>(bytes[i]);
            out += (u >= 0x20 && u < 0x7F) ? static_cast<char>(u) : '.';
        }
        out += '\n';
    }
    if (bytes.size() > shown)
        out += fmt::format("... {} more bytes\n", bytes.size() - shown);
    return out;
}

std::string_view kindName(store::FlowKind kind) { return store::toString(kind); }

nlohmann::json headersToJson(const store::HeaderList& headers) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [name, value] : headers)
        list.push_back({{"name", name}, {"value", value}});
    return list;
}

} // namespace

std::string toBase64(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < bytes.size()) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

namespace {

nlohmann::json bodyToJson(const store::BodyCapture& body, const store::HeaderList& headers) {
    const DisplayBody shown = displayBody(body, headers);
    nlohmann::json json{{"size", body.size}, {"captured", body.data.size()}, {"truncated", body.truncated}};
    if (!shown.decodeError.empty())
        json["decode_error"] = shown.decodeError;
    if (shown.binary) {
        json["encoding"] = "base64";
        json["text"] = toBase64(shown.decoded);
    } else {
        json["encoding"] = "utf-8";
        json["text"] = shown.decoded;
    }
    return json;
}

} // namespace

DisplayBody displayBody(const store::BodyCapture& body, const store::HeaderList& headers) {
    DisplayBody shown;
    const std::string encoding = headerValue(headers, "Content-Encoding");
    if (!encoding.empty() && !body.truncated) {
        http::DecodeResult decoded = http::decodeContent(body.data, encoding);
        if (decoded.ok) {
            shown.decoded = std::move(decoded.data);
        } else {
            shown.decodeError = decoded.error;
            shown.decoded = body.data;
        }
    } else {
        if (!encoding.empty())
            shown.decodeError = fmt::format("body truncated at capture; shown still {}-encoded", encoding);
        shown.decoded = body.data;
    }
    shown.binary = !looksLikeText(shown.decoded);
    shown.text = shown.binary ? hexPreview(shown.decoded) : shown.decoded;
    if (!shown.binary) {
        // Terminal safety: no escape sequences from captured traffic reach the terminal.
        std::replace_if(
            shown.text.begin(), shown.text.end(),
            [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t'; }, '.');
    }
    return shown;
}

std::string formatSize(std::uint64_t bytes) {
    if (bytes < 1024)
        return fmt::format("{} B", bytes);
    if (bytes < 1024 * 1024)
        return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
    if (bytes < 1024ull * 1024 * 1024)
        return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return fmt::format("{:.2f} GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
}

std::string formatDuration(std::int64_t micros) {
    if (micros < 0)
        return "-";
    if (micros < 1000)
        return fmt::format("{} us", micros);
    if (micros < 1000000)
        return fmt::format("{:.1f} ms", static_cast<double>(micros) / 1000.0);
    return fmt::format("{:.2f} s", static_cast<double>(micros) / 1e6);
}

std::string formatTimestamp(std::int64_t epochMicros) {
    const std::time_t seconds = static_cast<std::time_t>(epochMicros / 1000000);
    return fmt::format("{:%Y-%m-%d %H:%M:%S}.{:03}", fmt::localtime(seconds), (epochMicros / 1000) % 1000);
}

std::string listHeader() {
    return fmt::format("{:>7}  {:<23}  {:<7}  {:>6}  {:<50}  {:>10}  {:>9}  {}", "ID", "TIME", "METHOD", "STATUS",
                       "URL", "SIZE", "DURATION", "ERROR");
}

std::string listLine(const store::FlowSummary& flow) {
    std::string url = flow.kind == store::FlowKind::Tunnel ? fmt::format("tunnel {}:{}", flow.host, flow.port)
                                                           : flow.url;
    if (url.size() > 50)
        url = url.substr(0, 47) + "...";
    const std::uint64_t size =
        flow.kind == store::FlowKind::Tunnel ? flow.bytesFromClient + flow.bytesToClient : flow.responseBodySize;
    const std::string status = flow.status == 0 ? "-" : std::to_string(flow.status);
    return fmt::format("{:>7}  {:<23}  {:<7}  {:>6}  {:<50}  {:>10}  {:>9}  {}", flow.id,
                       formatTimestamp(flow.startedAtUs), flow.method.empty() ? "-" : flow.method, status, url,
                       formatSize(size), formatDuration(flow.durationUs), flow.errorKind);
}

nlohmann::json summaryToJson(const store::FlowSummary& flow) {
    return nlohmann::json{{"id", flow.id},
                          {"kind", kindName(flow.kind)},
                          {"started_at_us", flow.startedAtUs},
                          {"duration_us", flow.durationUs},
                          {"method", flow.method},
                          {"scheme", flow.scheme},
                          {"host", flow.host},
                          {"port", flow.port},
                          {"path", flow.path},
                          {"url", flow.url},
                          {"status", flow.status},
                          {"response_content_type", flow.responseContentType},
                          {"request_body_size", flow.requestBodySize},
                          {"response_body_size", flow.responseBodySize},
                          {"bytes_from_client", flow.bytesFromClient},
                          {"bytes_to_client", flow.bytesToClient},
                          {"error_kind", flow.errorKind}};
}

nlohmann::json flowToJson(const store::Flow& flow, std::int64_t storedMessages) {
    const store::FlowTiming& t = flow.timing;
    nlohmann::json json{
        {"id", flow.id},
        {"kind", kindName(flow.kind)},
        {"started_at_us", flow.startedAtUs},
        {"ended_at_us", flow.endedAtUs},
        {"timing_us",
         {{"dns", t.dnsUs}, {"connect", t.connectUs}, {"tls", t.tlsUs}, {"send", t.sendUs}, {"wait", t.waitUs},
          {"receive", t.receiveUs}}},
        {"client_address", flow.clientAddress},
        {"scheme", flow.scheme},
        {"method", flow.method},
        {"url", flow.url},
        {"host", flow.host},
        {"port", flow.port},
        {"path", flow.path},
        {"http_version", flow.httpVersion},
        {"status", flow.status},
        {"reason", flow.reason},
        {"request", {{"headers", headersToJson(flow.requestHeaders)}, {"body", bodyToJson(flow.requestBody, flow.requestHeaders)}}},
        {"response",
         {{"headers", headersToJson(flow.responseHeaders)}, {"body", bodyToJson(flow.responseBody, flow.responseHeaders)}}},
        {"tls",
         {{"sni", flow.tls.sni},
          {"client_alpn", flow.tls.clientAlpn},
          {"client_version", flow.tls.clientVersion},
          {"upstream_version", flow.tls.upstreamVersion},
          {"upstream_cipher", flow.tls.upstreamCipher},
          {"upstream_cert_subject", flow.tls.upstreamCertSubject},
          {"upstream_cert_issuer", flow.tls.upstreamCertIssuer}}},
        {"bytes_from_client", flow.bytesFromClient},
        {"bytes_to_client", flow.bytesToClient},
        {"error", {{"kind", flow.errorKind}, {"message", flow.errorMessage}}},
    };
    if (flow.kind == store::FlowKind::WebSocket)
        json["websocket"] = webSocketToJson(flow, storedMessages);
    return json;
}

std::string flowToText(const store::Flow& flow, std::int64_t storedMessages) {
    std::string out;
    auto line = [&out](std::string text) {
        out += text;
        out += '\n';
    };
    line(fmt::format("Flow {} ({}), {}", flow.id, kindName(flow.kind), formatTimestamp(flow.startedAtUs)));
    line(fmt::format("Client {}", flow.clientAddress));
    if (!flow.errorKind.empty())
        line(fmt::format("ERROR {}: {}", flow.errorKind, flow.errorMessage));
    if (flow.kind == store::FlowKind::Tunnel) {
        line(fmt::format("Tunnel to {}:{}: {} sent by the client, {} received, {}", flow.host, flow.port,
                         formatSize(flow.bytesFromClient), formatSize(flow.bytesToClient),
                         formatDuration(flow.endedAtUs - flow.startedAtUs)));
        return out;
    }
    line("");
    line(fmt::format("> {} {} {}", flow.method, flow.url, flow.httpVersion));
    for (const auto& [name, value] : flow.requestHeaders)
        line(fmt::format("> {}: {}", name, value));
    const auto appendBody = [&](const store::BodyCapture& body, const store::HeaderList& headers) {
        if (body.size == 0)
            return;
        const DisplayBody shown = displayBody(body, headers);
        line("");
        if (!shown.decodeError.empty())
            line(fmt::format("[body could not be decoded: {}]", shown.decodeError));
        if (body.truncated)
            line(fmt::format("[body {} bytes, first {} captured]", body.size, body.data.size()));
        out += shown.text;
        if (!shown.text.empty() && shown.text.back() != '\n')
            out += '\n';
    };
    appendBody(flow.requestBody, flow.requestHeaders);
    line("");
    if (flow.status != 0)
        line(fmt::format("< {} {} {}", flow.httpVersion.empty() ? "HTTP/1.1" : flow.httpVersion, flow.status,
                         flow.reason));
    for (const auto& [name, value] : flow.responseHeaders)
        line(fmt::format("< {}: {}", name, value));
    appendBody(flow.responseBody, flow.responseHeaders);
    line("");
    if (flow.kind == store::FlowKind::WebSocket) {
        out += messagesToText(flow, storedMessages);
        line("");
    }
    const store::FlowTiming& t = flow.timing;
    line(fmt::format("Timing: dns {}, connect {}, tls {}, send {}, wait {}, receive {}; total {}",
                     formatDuration(t.dnsUs), formatDuration(t.connectUs), formatDuration(t.tlsUs),
                     formatDuration(t.sendUs), formatDuration(t.waitUs), formatDuration(t.receiveUs),
                     formatDuration(flow.endedAtUs - flow.startedAtUs)));
    if (!flow.tls.sni.empty() || !flow.tls.upstreamVersion.empty()) {
        line(fmt::format("TLS: client {} (SNI {}, ALPN {}); upstream {} {}", flow.tls.clientVersion,
                         flow.tls.sni.empty() ? "-" : flow.tls.sni,
                         flow.tls.clientAlpn.empty() ? "-" : flow.tls.clientAlpn, flow.tls.upstreamVersion,
                         flow.tls.upstreamCipher));
        if (!flow.tls.upstreamCertSubject.empty())
            line(fmt::format("Upstream certificate: {} (issued by {})", flow.tls.upstreamCertSubject,
                             flow.tls.upstreamCertIssuer));
    }
    return out;
}

} // namespace flowscope::cli
