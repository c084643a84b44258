#include "export_test_support.hpp"

#include "store/export/har_writer.hpp"

#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

namespace flowscope::store::test {
namespace {

constexpr std::int64_t kBase = 1'717'171'717'123'456; // 2024-05-31T16:08:37.123456Z

Flow baseFlow(std::int64_t id, std::string scheme, std::string host, std::uint16_t port, std::string path) {
    Flow flow;
    flow.id = id;
    flow.startedAtUs = kBase + id * 1'000'003; // microseconds that are not whole milliseconds
    flow.endedAtUs = flow.startedAtUs + 123'457;
    flow.timing = {1'501, 2'003, 3'007, 11, 45'678, 901};
    flow.clientAddress = "127.0.0.1:5" + std::to_string(1000 + id);
    flow.scheme = std::move(scheme);
    flow.method = "GET";
    flow.host = std::move(host);
    flow.port = port;
    flow.path = std::move(path);
    const bool defaultPort = (flow.scheme == "https" && port == 443) || (flow.scheme == "http" && port == 80);
    flow.url = flow.scheme + "://" + flow.host + (defaultPort ? "" : ":" + std::to_string(port)) + flow.path;
    flow.httpVersion = "HTTP/1.1";
    flow.status = 200;
    flow.reason = "OK";
    flow.requestHeaders = {{"Host", flow.host}, {"User-Agent", "flowscope-test/1"}};
    flow.bytesFromClient = 300 + static_cast<std::uint64_t>(id);
    flow.bytesToClient = 900 + static_cast<std::uint64_t>(id);
    return flow;
}

void setBody(BodyCapture& body, std::string data) {
    body.size = data.size();
    body.data = std::move(data);
}

std::string binaryBytes(std::size_t size, unsigned seed) {
    std::string bytes(size, '\0');
    unsigned state = seed;
    for (char& c : bytes) {
        state = state * 1'103'515'245u + 12'345u;
        c = static_cast<char>((state >> 16) & 0xFF);
    }
    return bytes;
}

using Factory = std::function<Flow()>;

const std::vector<std::pair<std::string, Factory>>& factories() {
    static const std::vector<std::pair<std::string, Factory>> list = {
        {"json_gzip",
         [] {
             Flow flow = baseFlow(1, "https", "api.example.com", 443, "/v1/items?page=2&q=a%20b+c&empty=&flag");
             flow.method = "POST";
             flow.requestHeaders = {{"Host", "api.example.com"},
                                    {"Content-Type", "application/json"},
                                    {"Accept-Encoding", "gzip, deflate, br"},
                                    {"Cookie", "session=abc123; theme=dark"},
                                    {"Content-Length", "25"}};
             setBody(flow.requestBody, R"({"name":"widget","qty":3})");
             flow.requestContentType = "application/json";
             flow.responseHeaders = {{"Content-Type", "application/json; charset=utf-8"},
                                     {"Content-Encoding", "gzip"},
                                     {"Set-Cookie", "session=xyz; Path=/; Domain=.example.com; Secure; HttpOnly; "
                                                    "Expires=Wed, 21 Oct 2026 07:28:00 GMT"},
                                     {"Set-Cookie", "pref=1; Max-Age=3600; SameSite=Lax"},
                                     {"Content-Length", "40"}};
             // gzip magic and header, then deflate-looking bytes: never UTF-8.
             setBody(flow.responseBody,
                     std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + binaryBytes(30, 7));
             flow.responseContentType = "application/json; charset=utf-8";
             flow.tls = {"api.example.com",
                         "h2",
                         "TLSv1.3",
                         "TLSv1.3",
                         "TLS_AES_128_GCM_SHA256",
                         "CN=api.example.com,O=Example",
                         "CN=Example CA,O=Example,C=US"};
             return flow;
         }},
        {"html",
         [] {
             Flow flow = baseFlow(2, "http", "www.example.org", 8080, "/index.html");
             flow.timing = {-1, -1, -1, 5, 20'000, 1'000}; // pooled connection: no dns/connect/tls
             flow.responseHeaders = {{"Content-Type", "text/html; charset=UTF-8"}, {"Content-Length", "0"}};
             setBody(flow.responseBody, "<!doctype html>\n<html><body><h1>Grüße — 你好 🎉</h1>\r\n</body></html>\n");
             flow.responseContentType = "text/html; charset=UTF-8";
             return flow;
         }},
        {"image",
         [] {
             Flow flow = baseFlow(3, "https", "cdn.example.com", 443, "/img/logo.png");
             flow.responseHeaders = {{"Content-Type", "image/png"}, {"Cache-Control", "max-age=31536000"}};
             setBody(flow.responseBody,
                     std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + binaryBytes(500, 3) + std::string(8, '\0'));
             flow.responseContentType = "image/png";
             return flow;
         }},
        {"chunked_upload",
         [] {
             Flow flow = baseFlow(4, "https", "upload.example.com", 8443, "/files/blob.bin");
             flow.method = "PUT";
             flow.requestHeaders = {{"Host", "upload.example.com:8443"},
                                    {"Transfer-Encoding", "chunked"},
                                    {"Content-Type", "application/octet-stream"}};
             setBody(flow.requestBody, binaryBytes(4096, 11));
             flow.requestContentType = "application/octet-stream";
             flow.status = 201;
             flow.reason = "Created";
             flow.responseHeaders = {{"Location", "/files/blob.bin"}, {"Content-Length", "0"}};
             return flow;
         }},
        {"error",
         [] {
             Flow flow = baseFlow(5, "https", "expired.example.net", 443, "/");
             flow.timing = {800, 1'200, -1, -1, -1, -1};
             flow.status = 502;
             flow.reason = "Bad Gateway";
             flow.responseHeaders = {{"Content-Type", "text/plain; charset=utf-8"}, {"Connection", "close"}};
             setBody(flow.responseBody, "expired.example.net:443: certificate has expired\n");
             flow.responseContentType = "text/plain; charset=utf-8";
             flow.errorKind = "upstream_cert_expired";
             flow.errorMessage = "expired.example.net:443: certificate has expired";
             flow.tls.sni = "expired.example.net";
             return flow;
         }},
        {"tunnel",
         [] {
             Flow flow;
             flow.id = 6;
             flow.kind = FlowKind::Tunnel;
             flow.startedAtUs = kBase + 6'000'000;
             flow.endedAtUs = flow.startedAtUs + 45'000'001;
             flow.clientAddress = "[::1]:60000";
             flow.method = "CONNECT";
             flow.host = "pinned.example.com";
             flow.port = 443;
             flow.path = "pinned.example.com:443";
             flow.url = "pinned.example.com:443";
             flow.httpVersion = "HTTP/1.1";
             flow.bytesFromClient = 52'311;
             flow.bytesToClient = 1'048'577;
             return flow;
         }},
        {"unicode_headers",
         [] {
             Flow flow = baseFlow(7, "https", "i18n.example.jp", 443, "/ページ?名前=値&x=%E2%82%AC");
             flow.requestHeaders = {{"Host", "i18n.example.jp"},
                                    {"X-Title", "日本語のタイトル 🚀"},
                                    {"X-Latin1", "caf\xe9 cr\xe8me"}, // obs-text, not UTF-8
                                    {"X-Raw-\xff", "\x80\x81"},       // not UTF-8 in the name either
                                    {"X-Quotes", R"(it's "quoted" \ back)"}};
             flow.reason = "OK \xff\xfe"; // not UTF-8
             flow.errorMessage = "";
             flow.responseHeaders = {{"Content-Type", "text/plain; charset=iso-8859-1"}};
             setBody(flow.responseBody, "caf\xe9"); // Latin-1 text: not UTF-8
             flow.responseContentType = "text/plain; charset=iso-8859-1";
             flow.tls.upstreamCertSubject = "CN=\xe9t\xe9"; // not UTF-8
             flow.tls.upstreamCertIssuer = "CN=Ünïcödé CA";
             return flow;
         }},
        {"truncated",
         [] {
             Flow flow = baseFlow(8, "https", "big.example.com", 443, "/large.txt");
             flow.responseHeaders = {{"Content-Type", "text/plain; charset=utf-8"}};
             // Cut inside a three-byte character: the captured prefix is not valid UTF-8.
             flow.responseBody.data = std::string(998, 'a') + "\xe2\x82";
             flow.responseBody.size = 5'000'000;
             flow.responseBody.truncated = true;
             flow.responseContentType = "text/plain; charset=utf-8";
             return flow;
         }},
        {"empty",
         [] {
             Flow flow = baseFlow(9, "https", "api.example.com", 443, "/v1/ping");
             flow.method = "DELETE";
             flow.requestHeaders.emplace_back("Content-Length", "0");
             flow.status = 204;
             flow.reason = "No Content";
             flow.responseHeaders = {};
             return flow;
         }},
        {"duplicate_headers",
         [] {
             Flow flow = baseFlow(10, "https", "dups.example.com", 443, "/");
             flow.requestHeaders = {{"Host", "dups.example.com"},
                                    {"X-Dup", "1"},
                                    {"accept", "text/html"},
                                    {"x-dup", "2"},
                                    {"X-DUP", "3"},
                                    {"X-Empty", ""}};
             flow.responseHeaders = {{"Set-Cookie", "a=1"}, {"Vary", "Accept"},  {"Set-Cookie", "b=2; Path=/x"},
                                     {"Vary", "Origin"},    {"set-cookie", "c"}, {"Warning", ""}};
             return flow;
         }},
        {"websocket",
         [] {
             Flow flow = baseFlow(11, "wss", "ws.example.com", 443, "/socket?token=1");
             flow.kind = FlowKind::WebSocket;
             flow.url = "wss://ws.example.com/socket?token=1";
             flow.requestHeaders = {{"Host", "ws.example.com"},
                                    {"Upgrade", "websocket"},
                                    {"Connection", "Upgrade"},
                                    {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                    {"Sec-WebSocket-Version", "13"}};
             flow.status = 101;
             flow.reason = "Switching Protocols";
             flow.responseHeaders = {{"Upgrade", "websocket"},
                                     {"Connection", "Upgrade"},
                                     {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
                                     {"Sec-WebSocket-Extensions", "permessage-deflate"}};
             flow.webSocket.messagesFromClient = 3;
             flow.webSocket.messagesFromServer = 3;
             flow.webSocket.messagesDropped = 1;
             flow.webSocket.payloadsDropped = 1;
             flow.webSocket.closeCode = 4001;
             flow.webSocket.closeReason = "caf\xE9"; // not UTF-8: raw bytes must survive
             flow.webSocket.closedBy = CloseInitiator::Client;
             flow.webSocket.protocolError = "server->client: reserved bits set (RFC 6455 \xC2\xA7" "5.2)";
             const auto message = [](std::int64_t seq, MessageDirection direction, int opcode, std::string payload) {
                 WebSocketMessage m;
                 m.seq = seq;
                 m.direction = direction;
                 m.timeUs = 1'716'000'000'123'457 + seq * 1'001; // µs that seconds-as-double may round
                 m.opcode = opcode;
                 m.length = payload.size();
                 m.wireLength = payload.size();
                 m.payload = std::move(payload);
                 return m;
             };
             using D = MessageDirection;
             flow.messages.push_back(message(0, D::ClientToServer, kOpcodeText, "{\"op\":\"subscribe\"}"));
             WebSocketMessage compressed = message(1, D::ServerToClient, kOpcodeText, "h\xC3\xA9llo, compressed");
             compressed.compressed = true;
             compressed.wireLength = 11;
             compressed.frameCount = 2;
             flow.messages.push_back(compressed);
             flow.messages.push_back(message(2, D::ServerToClient, kOpcodeBinary, std::string("\x00\xff\x10\x80", 4)));
             WebSocketMessage cut = message(4, D::ClientToServer, kOpcodeText, "caf\xC3"); // cut mid-character
             cut.length = 1000;
             cut.truncated = true;
             cut.error = "invalid UTF-8 in text message";
             flow.messages.push_back(cut);
             WebSocketMessage dropped = message(5, D::ServerToClient, kOpcodeBinary, "");
             dropped.length = 70000;
             dropped.wireLength = 70000;
             dropped.truncated = true;
             dropped.payloadDropped = true;
             flow.messages.push_back(dropped);
             flow.messages.push_back(message(6, D::ClientToServer, kOpcodePing, ""));
             WebSocketMessage close = message(7, D::ClientToServer, kOpcodeClose, std::string("\x0F\xA1" "caf\xE9", 6));
             close.closeCode = 4001;
             close.closeReason = "caf\xE9";
             flow.messages.push_back(close);
             return flow;
         }},
        {"uncaptured",
         [] {
             Flow flow = baseFlow(12, "https", "video.example.com", 443, "/movie.mp4");
             flow.responseHeaders = {{"Content-Type", "video/mp4"}};
             flow.responseBody.size = 734'003'200; // max_body_size 0: counted, not kept
             flow.responseBody.truncated = true;
             flow.responseContentType = "video/mp4";
             return flow;
         }},
        {"form",
         [] {
             Flow flow = baseFlow(13, "https", "login.example.com", 443, "/session");
             flow.method = "POST";
             flow.requestHeaders = {{"Host", "login.example.com"},
                                    {"Content-Type", "application/x-www-form-urlencoded"}};
             setBody(flow.requestBody, "user=j%C3%BCrgen&pass=a+b%26c%3D&remember");
             flow.requestContentType = "application/x-www-form-urlencoded";
             flow.status = 302;
             flow.reason = "Found";
             flow.responseHeaders = {{"Location", "https://login.example.com/home"},
                                     {"Set-Cookie", "sid=42; Secure; HttpOnly; Path=/"}};
             return flow;
         }},
        {"compressed_upload",
         [] {
             Flow flow = baseFlow(14, "https", "logs.example.com", 443, "/ingest");
             flow.method = "POST";
             flow.requestHeaders = {
                 {"Host", "logs.example.com"}, {"Content-Type", "application/json"}, {"Content-Encoding", "br"}};
             setBody(flow.requestBody, "plain ascii but declared br"); // UTF-8, still sent as wire bytes
             flow.requestContentType = "application/json";
             flow.responseHeaders = {{"Content-Encoding", "identity"}, {"Content-Type", "text/plain"}};
             setBody(flow.responseBody, "accepted");
             flow.responseContentType = "text/plain";
             return flow;
         }},
        {"extremes",
         [] {
             Flow flow = baseFlow(15, "http", "10.0.0.7", 65535, "/");
             flow.id = (std::int64_t{1} << 53) + 1; // not representable as a double
             flow.startedAtUs = 0;
             flow.endedAtUs = 0;
             flow.timing = {0, 0, 0, 0, 0, 0};
             flow.clientAddress = "";
             flow.method = "PATCH";
             flow.httpVersion = "HTTP/1.0";
             flow.status = 999;
             flow.reason = "";
             flow.requestHeaders = {};
             setBody(flow.requestBody, std::string(1, '\0'));
             flow.bytesFromClient = std::numeric_limits<std::uint64_t>::max();
             flow.bytesToClient = 0;
             return flow;
         }},
    };
    return list;
}

} // namespace

std::vector<Flow> variedFlows() {
    std::vector<Flow> flows;
    for (const auto& [name, make] : factories()) {
        flows.push_back(make());
    }
    return flows;
}

std::vector<std::string> variedFlowNames() {
    std::vector<std::string> names;
    for (const auto& entry : factories()) {
        names.push_back(entry.first);
    }
    return names;
}

Flow variedFlow(const std::string& name) {
    for (const auto& [caseName, make] : factories()) {
        if (caseName == name) {
            return make();
        }
    }
    throw std::invalid_argument("no varied flow called " + name);
}

void expectSameFlow(const Flow& expected, const Flow& actual) {
    SCOPED_TRACE("flow " + std::to_string(expected.id) + " " + expected.url);
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.kind, actual.kind);
    EXPECT_EQ(expected.startedAtUs, actual.startedAtUs);
    EXPECT_EQ(expected.endedAtUs, actual.endedAtUs);
    EXPECT_EQ(expected.timing.dnsUs, actual.timing.dnsUs);
    EXPECT_EQ(expected.timing.connectUs, actual.timing.connectUs);
    EXPECT_EQ(expected.timing.tlsUs, actual.timing.tlsUs);
    EXPECT_EQ(expected.timing.sendUs, actual.timing.sendUs);
    EXPECT_EQ(expected.timing.waitUs, actual.timing.waitUs);
    EXPECT_EQ(expected.timing.receiveUs, actual.timing.receiveUs);
    EXPECT_EQ(expected.clientAddress, actual.clientAddress);
    EXPECT_EQ(expected.scheme, actual.scheme);
    EXPECT_EQ(expected.method, actual.method);
    EXPECT_EQ(expected.url, actual.url);
    EXPECT_EQ(expected.host, actual.host);
    EXPECT_EQ(expected.port, actual.port);
    EXPECT_EQ(expected.path, actual.path);
    EXPECT_EQ(expected.httpVersion, actual.httpVersion);
    EXPECT_EQ(expected.status, actual.status);
    EXPECT_EQ(expected.reason, actual.reason);
    EXPECT_EQ(expected.requestHeaders, actual.requestHeaders);
    EXPECT_EQ(expected.responseHeaders, actual.responseHeaders);
    EXPECT_EQ(expected.requestBody.data, actual.requestBody.data);
    EXPECT_EQ(expected.requestBody.size, actual.requestBody.size);
    EXPECT_EQ(expected.requestBody.truncated, actual.requestBody.truncated);
    EXPECT_EQ(expected.responseBody.data, actual.responseBody.data);
    EXPECT_EQ(expected.responseBody.size, actual.responseBody.size);
    EXPECT_EQ(expected.responseBody.truncated, actual.responseBody.truncated);
    EXPECT_EQ(expected.requestContentType, actual.requestContentType);
    EXPECT_EQ(expected.responseContentType, actual.responseContentType);
    EXPECT_EQ(expected.tls.sni, actual.tls.sni);
    EXPECT_EQ(expected.tls.clientAlpn, actual.tls.clientAlpn);
    EXPECT_EQ(expected.tls.clientVersion, actual.tls.clientVersion);
    EXPECT_EQ(expected.tls.upstreamVersion, actual.tls.upstreamVersion);
    EXPECT_EQ(expected.tls.upstreamCipher, actual.tls.upstreamCipher);
    EXPECT_EQ(expected.tls.upstreamCertSubject, actual.tls.upstreamCertSubject);
    EXPECT_EQ(expected.tls.upstreamCertIssuer, actual.tls.upstreamCertIssuer);
    EXPECT_EQ(expected.bytesFromClient, actual.bytesFromClient);
    EXPECT_EQ(expected.bytesToClient, actual.bytesToClient);
    EXPECT_EQ(expected.errorKind, actual.errorKind);
    EXPECT_EQ(expected.errorMessage, actual.errorMessage);
    EXPECT_EQ(expected.webSocket, actual.webSocket);
    ASSERT_EQ(expected.messages.size(), actual.messages.size());
    for (std::size_t i = 0; i < expected.messages.size(); ++i) {
        EXPECT_TRUE(expected.messages[i] == actual.messages[i]) << "message " << i << " (seq "
                                                              << expected.messages[i].seq << ") differs";
        EXPECT_EQ(expected.messages[i].timeUs, actual.messages[i].timeUs) << "message " << i;
        EXPECT_EQ(expected.messages[i].payload, actual.messages[i].payload) << "message " << i;
    }
}

std::string harText(const std::vector<Flow>& flows) {
    std::ostringstream out;
    writeHar(out, flows, HarOptions{"Flowscope", "0.1.0-test", {}});
    return out.str();
}

} // namespace flowscope::store::test
