// Importing HAR written by browsers, and refusing broken files with readable reasons.
#include "store/export/har_reader.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace flowscope::store::test {
namespace {

// Hand-written in the shape Chrome's DevTools "Export HAR" produces: pages, _initiator,
// _priority, _resourceType, _transferSize, HTTP/2 pseudo-headers, decoded bodies.
constexpr const char* kChromeHar = R"json({
  "log": {
    "version": "1.2",
    "creator": {"name": "WebInspector", "version": "537.36"},
    "pages": [{
      "startedDateTime": "2024-05-31T16:08:37.000Z",
      "id": "page_1",
      "title": "https://shop.example.com/",
      "pageTimings": {"onContentLoad": 412.7, "onLoad": 980.2}
    }],
    "entries": [
      {
        "_initiator": {"type": "other"},
        "_priority": "VeryHigh",
        "_resourceType": "document",
        "cache": {},
        "connection": "219145",
        "pageref": "page_1",
        "request": {
          "method": "GET",
          "url": "https://shop.example.com/?utm=a%2Bb&lang=de",
          "httpVersion": "http/2.0",
          "headers": [
            {"name": ":authority", "value": "shop.example.com"},
            {"name": ":method", "value": "GET"},
            {"name": "accept-encoding", "value": "gzip, deflate, br, zstd"},
            {"name": "cookie", "value": "sid=1"}
          ],
          "queryString": [{"name": "utm", "value": "a%2Bb"}, {"name": "lang", "value": "de"}],
          "cookies": [{"name": "sid", "value": "1", "path": "/", "domain": "shop.example.com",
                       "expires": "2025-01-01T00:00:00.000Z", "httpOnly": true, "secure": true, "sameSite": "Lax"}],
          "headersSize": -1,
          "bodySize": 0
        },
        "response": {
          "status": 200,
          "statusText": "",
          "httpVersion": "http/2.0",
          "headers": [
            {"name": "content-encoding", "value": "br"},
            {"name": "content-type", "value": "text/html; charset=utf-8"},
            {"name": "vary", "value": "Accept-Encoding"}
          ],
          "cookies": [],
          "content": {"size": 29, "mimeType": "text/html", "compression": -120, "text": "<html><p>Grüße</p></html>\n"},
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": -1,
          "_transferSize": 1543,
          "_error": null,
          "_fetchedViaServiceWorker": false
        },
        "serverIPAddress": "93.184.216.34",
        "startedDateTime": "2024-05-31T16:08:37.123Z",
        "time": 245.82300000000001,
        "timings": {
          "blocked": 3.51, "dns": 12.25, "ssl": 20.5, "connect": 45.75, "send": 0.3,
          "wait": 150.123, "receive": 13.3, "_blocked_queueing": 2.1, "_workerStart": -1
        }
      },
      {
        "_initiator": {"type": "script", "stack": {"callFrames": []}},
        "_resourceType": "image",
        "cache": {},
        "request": {
          "method": "GET", "url": "https://cdn.example.com/logo.png", "httpVersion": "http/1.1",
          "headers": [{"name": "Host", "value": "cdn.example.com"}],
          "queryString": [], "cookies": [], "headersSize": 120, "bodySize": 0
        },
        "response": {
          "status": 200, "statusText": "OK", "httpVersion": "http/1.1",
          "headers": [{"name": "Content-Type", "value": "image/png"}, {"name": "Content-Length", "value": "8"}],
          "cookies": [],
          "content": {"size": 8, "mimeType": "image/png", "text": "iVBORw0KGgo=", "encoding": "base64"},
          "redirectURL": "", "headersSize": 95, "bodySize": 8, "_transferSize": 103, "_error": null
        },
        "startedDateTime": "2024-05-31T16:08:37.500Z",
        "time": 20,
        "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 18, "receive": 1.9}
      },
      {
        "_resourceType": "fetch",
        "cache": {},
        "request": {
          "method": "POST", "url": "https://api.example.com/v1/cart", "httpVersion": "",
          "headers": [{"name": "Content-Type", "value": "application/json"}],
          "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 17,
          "postData": {"mimeType": "application/json", "text": "{\"sku\":\"A-1\",\"n\":2}"}
        },
        "response": {
          "status": 0, "statusText": "", "httpVersion": "",
          "headers": [], "cookies": [], "content": {"size": 0, "mimeType": "x-unknown"},
          "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 0,
          "_error": "net::ERR_CONNECTION_REFUSED"
        },
        "startedDateTime": "2024-05-31T16:08:38Z",
        "time": 3.2,
        "timings": {"blocked": 3.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 0, "receive": 0}
      },
      {
        "_resourceType": "websocket",
        "_webSocketMessages": [
          {"type": "send", "time": 1717171718.5, "opcode": 1, "data": "hello"},
          {"type": "receive", "time": 1717171718.625, "opcode": 1, "data": "{\"price\":1}"},
          {"type": "receive", "time": 1717171719.25, "opcode": 2, "data": "AAH+/w=="}
        ],
        "cache": {},
        "request": {
          "method": "GET", "url": "wss://live.example.com/feed", "httpVersion": "HTTP/1.1",
          "headers": [{"name": "Upgrade", "value": "websocket"}], "queryString": [], "cookies": [],
          "headersSize": -1, "bodySize": 0
        },
        "response": {
          "status": 101, "statusText": "Switching Protocols", "httpVersion": "HTTP/1.1",
          "headers": [{"name": "Upgrade", "value": "websocket"}], "cookies": [],
          "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "",
          "headersSize": -1, "bodySize": 0
        },
        "startedDateTime": "2024-05-31T16:08:39.000Z",
        "time": 1000,
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "send": 0, "wait": 10, "receive": 0}
      }
    ]
  }
})json";

// Firefox's shape: log.browser, timezone offsets, no ssl timing, response bodies absent
// unless saved "with content".
constexpr const char* kFirefoxHar = R"json({
  "log": {
    "version": "1.2",
    "creator": {"name": "Firefox", "version": "126.0"},
    "browser": {"name": "Firefox", "version": "126.0"},
    "pages": [{"startedDateTime": "2024-05-31T18:08:37.123+02:00", "id": "page_1", "pageTimings": {"onLoad": 500},
               "title": "Example"}],
    "entries": [{
      "pageref": "page_1",
      "startedDateTime": "2024-05-31T18:08:37.123+02:00",
      "request": {
        "bodySize": 0, "method": "GET", "url": "http://example.com:8080/a/b?x=1#frag",
        "httpVersion": "HTTP/1.1",
        "headers": [{"name": "Host", "value": "example.com:8080"}, {"name": "Accept", "value": "*/*"}],
        "cookies": [], "queryString": [{"name": "x", "value": "1"}], "headersSize": 310
      },
      "response": {
        "status": 304, "statusText": "Not Modified", "httpVersion": "HTTP/1.1",
        "headers": [{"name": "ETag", "value": "\"abc\""}], "cookies": [],
        "content": {"mimeType": "text/css", "size": 5120},
        "redirectURL": "", "headersSize": 180, "bodySize": 5120
      },
      "cache": {}, "timings": {"blocked": 0, "dns": 0, "connect": 0, "send": 0, "wait": 35, "receive": 0},
      "time": 35, "_securityState": "insecure", "serverIPAddress": "93.184.216.34", "connection": "80"
    }]
  }
})json";

std::vector<Flow> read(const std::string& text, HarReadReport& report, HarReadOptions options = {}) {
    std::istringstream in(text);
    return readHar(in, report, options);
}

std::string errorOf(const std::string& text) {
    HarReadReport report;
    try {
        read(text, report);
    } catch (const HarError& error) {
        return error.what();
    }
    return "(no error)";
}

TEST(HarReader, ChromeExport) {
    HarReadReport report;
    const std::vector<Flow> flows = read(kChromeHar, report);
    ASSERT_EQ(flows.size(), 4u);
    EXPECT_EQ(report.creator, "WebInspector 537.36");
    EXPECT_EQ(report.entriesSkipped, 0u);
    EXPECT_EQ(report.contentEncodingRemoved, 1u);

    const Flow& page = flows[0];
    EXPECT_EQ(page.id, 0);
    EXPECT_EQ(page.kind, FlowKind::Http);
    EXPECT_EQ(page.method, "GET");
    EXPECT_EQ(page.url, "https://shop.example.com/?utm=a%2Bb&lang=de");
    EXPECT_EQ(page.scheme, "https");
    EXPECT_EQ(page.host, "shop.example.com");
    EXPECT_EQ(page.port, 443);
    EXPECT_EQ(page.path, "/?utm=a%2Bb&lang=de");
    EXPECT_EQ(page.httpVersion, "HTTP/2");
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.startedAtUs, 1'717'171'717'123'000);
    EXPECT_EQ(page.endedAtUs, 1'717'171'717'123'000 + 245'823);
    EXPECT_EQ(page.timing.dnsUs, 12'250);
    EXPECT_EQ(page.timing.connectUs, 25'250); // 45.75 - 20.5: HAR's connect includes ssl
    EXPECT_EQ(page.timing.tlsUs, 20'500);
    EXPECT_EQ(page.timing.sendUs, 300);
    EXPECT_EQ(page.timing.waitUs, 150'123);
    EXPECT_EQ(page.timing.receiveUs, 13'300);
    ASSERT_EQ(page.requestHeaders.size(), 4u);
    EXPECT_EQ(page.requestHeaders[0], (std::pair<std::string, std::string>{":authority", "shop.example.com"}));
    // The decoded body no longer matches "content-encoding: br", so that header is dropped.
    ASSERT_EQ(page.responseHeaders.size(), 2u);
    EXPECT_EQ(page.responseHeaders[0].first, "content-type");
    EXPECT_EQ(page.responseBody.data, "<html><p>Grüße</p></html>\n");
    EXPECT_EQ(page.responseBody.size, page.responseBody.data.size());
    EXPECT_FALSE(page.responseBody.truncated);
    EXPECT_EQ(page.responseContentType, "text/html; charset=utf-8");
    EXPECT_EQ(page.bytesToClient, 1543u);
    EXPECT_TRUE(page.errorKind.empty());
    EXPECT_TRUE(page.clientAddress.empty());

    const Flow& image = flows[1];
    EXPECT_EQ(image.responseBody.data, std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(image.httpVersion, "HTTP/1.1");
    EXPECT_EQ(image.timing.connectUs, -1);
    EXPECT_EQ(image.timing.tlsUs, -1);
    EXPECT_EQ(image.bytesFromClient, 120u);
    EXPECT_EQ(image.bytesToClient, 103u);
    EXPECT_EQ(image.responseHeaders.size(), 2u); // no Content-Encoding: nothing dropped

    const Flow& failed = flows[2];
    EXPECT_EQ(failed.method, "POST");
    EXPECT_EQ(failed.requestBody.data, R"({"sku":"A-1","n":2})");
    EXPECT_EQ(failed.requestBody.size, 19u);
    EXPECT_EQ(failed.requestContentType, "application/json");
    EXPECT_EQ(failed.status, 0);
    EXPECT_EQ(failed.errorKind, "imported");
    EXPECT_EQ(failed.errorMessage, "net::ERR_CONNECTION_REFUSED");
    EXPECT_EQ(failed.responseContentType, "x-unknown");
    EXPECT_EQ(failed.startedAtUs, 1'717'171'718'000'000);

    const Flow& socket = flows[3];
    EXPECT_EQ(socket.kind, FlowKind::WebSocket);
    EXPECT_EQ(socket.scheme, "wss");
    EXPECT_EQ(socket.status, 101);
    // Chrome's _webSocketMessages: direction from "type", epoch seconds, binary as base64.
    ASSERT_EQ(socket.messages.size(), 3u);
    EXPECT_EQ(socket.messages[0].direction, MessageDirection::ClientToServer);
    EXPECT_EQ(socket.messages[0].timeUs, 1'717'171'718'500'000);
    EXPECT_EQ(socket.messages[0].opcode, kOpcodeText);
    EXPECT_EQ(socket.messages[0].payload, "hello");
    EXPECT_EQ(socket.messages[0].length, 5u);
    EXPECT_EQ(socket.messages[1].direction, MessageDirection::ServerToClient);
    EXPECT_EQ(socket.messages[1].payload, R"({"price":1})");
    EXPECT_EQ(socket.messages[1].seq, 1);
    EXPECT_EQ(socket.messages[2].opcode, kOpcodeBinary);
    EXPECT_EQ(socket.messages[2].payload, std::string("\x00\x01\xfe\xff", 4));
    EXPECT_EQ(socket.messages[2].timeUs, 1'717'171'719'250'000);
    EXPECT_EQ(socket.webSocket.messagesFromClient, 1u);
    EXPECT_EQ(socket.webSocket.messagesFromServer, 2u);
    EXPECT_EQ(socket.webSocket.closedBy, CloseInitiator::None);
}

TEST(HarReader, BadWebSocketMessageIsReportedWithItsPath) {
    const std::string har = R"json({"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": [
      {"request": {"method": "GET", "url": "wss://a.example/", "headers": []},
       "response": {"status": 101, "headers": []},
       "_webSocketMessages": [{"type": "send", "opcode": 1, "data": "ok"}, {"type": "sideways", "data": "x"}]}
    ]}})json";
    HarReadReport report;
    EXPECT_TRUE(read(har, report).empty());
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0], "entry 0: _webSocketMessages[1].type is neither \"send\" nor \"receive\"");
}

TEST(HarReader, FirefoxExport) {
    HarReadReport report;
    const std::vector<Flow> flows = read(kFirefoxHar, report);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(report.creator, "Firefox 126.0");
    const Flow& flow = flows[0];
    EXPECT_EQ(flow.startedAtUs, 1'717'171'717'123'000); // +02:00 taken into account
    EXPECT_EQ(flow.host, "example.com");
    EXPECT_EQ(flow.port, 8080);
    EXPECT_EQ(flow.path, "/a/b?x=1"); // the fragment never goes on the wire
    EXPECT_EQ(flow.status, 304);
    EXPECT_EQ(flow.timing.dnsUs, 0);
    EXPECT_EQ(flow.timing.tlsUs, -1);
    // Not saved "with content": known by size only, which flows call truncated.
    EXPECT_TRUE(flow.responseBody.data.empty());
    EXPECT_EQ(flow.responseBody.size, 5120u);
    EXPECT_TRUE(flow.responseBody.truncated);
    EXPECT_EQ(flow.responseContentType, "text/css");
    EXPECT_EQ(flow.bytesFromClient, 310u);
    EXPECT_EQ(flow.bytesToClient, 180u + 5120u);
}

TEST(HarReader, MinimalEntryGetsDefaults) {
    HarReadReport report;
    const auto flows = read(R"({"log":{"entries":[{"request":{"method":"GET","url":"http://a.test"}}]}})", report);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].path, "/");
    EXPECT_EQ(flows[0].port, 80);
    EXPECT_EQ(flows[0].status, 0);
    EXPECT_EQ(flows[0].startedAtUs, 0);
    EXPECT_EQ(flows[0].timing.waitUs, -1);
    EXPECT_EQ(report.harVersion, "");
}

TEST(HarReader, ConnectEntryFromAnotherToolIsATunnel) {
    HarReadReport report;
    const auto flows =
        read(R"({"log":{"entries":[{"request":{"method":"CONNECT","url":"[2001:db8::1]:8443"}}]}})", report);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].kind, FlowKind::Tunnel);
    EXPECT_EQ(flows[0].host, "2001:db8::1");
    EXPECT_EQ(flows[0].port, 8443);
}

TEST(HarReader, NotJsonSaysNotAHarFile) {
    const std::string error = errorOf("<!doctype html><html></html>");
    EXPECT_EQ(error.rfind("not a HAR file: ", 0), 0u) << error;
    EXPECT_NE(error.find("line 1, column 1"), std::string::npos) << error;
    EXPECT_EQ(errorOf("").rfind("not a HAR file: ", 0), 0u);
}

TEST(HarReader, WrongShapesSayWhatIsWrong) {
    EXPECT_EQ(errorOf("[1,2]"), "not a HAR file: the top level is not a JSON object");
    EXPECT_EQ(errorOf("42"), "not a HAR file: the top level is not a JSON object");
    EXPECT_EQ(errorOf(R"({"entries":[]})"), "not a HAR file: no \"log\" object at the top level");
    EXPECT_EQ(errorOf(R"({"log":[]})"), "not a HAR file: \"log\" is not an object");
    EXPECT_EQ(errorOf(R"({"log":{"version":"1.2"}})"), "not a HAR file: log.entries is missing");
    EXPECT_EQ(errorOf(R"({"log":{"entries":{}}})"), "not a HAR file: log.entries is not an array");
    EXPECT_EQ(errorOf(R"({"log":{"entries":"x"}})"), "not a HAR file: log.entries is not an array");
}

TEST(HarReader, TruncatedJsonAfterEntriesIsMalformed) {
    const std::string text = R"({"log":{"entries":[{"request":{"method":"GET","url":"http://a.test/"}},{"requ)";
    std::istringstream in(text);
    HarReadReport report;
    std::size_t consumed = 0;
    try {
        readHarEntries(
            in, [&](Flow&&) { ++consumed; }, report);
        FAIL() << "no error";
    } catch (const HarError& error) {
        EXPECT_EQ(std::string(error.what()).rfind("malformed HAR JSON: ", 0), 0u) << error.what();
    }
    EXPECT_EQ(consumed, 1u); // the streaming reader had already handed over the good entry
}

constexpr const char* kPartlyBad = R"json({"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[
  {"request":{"method":"GET","url":"https://ok.test/1"}},
  {"request":{"method":"GET"}},
  "not an entry",
  {"response":{"status":200}},
  {"request":{"method":"GET","url":"data:image/png;base64,AAAA"}},
  {"request":{"method":"GET","url":"https://ok.test/2","headers":{"a":"b"}}},
  {"request":{"method":"GET","url":"https://ok.test/3","headers":[{"name":"A","value":7}]}},
  {"request":{"method":"GET","url":"https://ok.test/4"},"response":{"status":"200"}},
  {"request":{"method":"GET","url":"https://ok.test/5"},"startedDateTime":"yesterday"},
  {"request":{"method":"GET","url":"https://ok.test/6"},"response":{"content":{"text":"!!","encoding":"base64"}}},
  {"request":{"method":"GET","url":"https://ok.test/7"},"response":{"content":{"text":"x","encoding":"rot13"}}},
  {"request":{"method":"GET","url":"https://ok.test/8"},"_flowscope":{"id":"seven"}},
  {"request":{"method":"GET","url":"https://ok.test/9","headers":[{"name":"A","value":"\u0100","_latin1":true}]}},
  {"request":{"method":"GET","url":"https://ok.test/10"}}
]}})json";

TEST(HarReader, UnusableEntriesAreSkippedAndReported) {
    HarReadReport report;
    const auto flows = read(kPartlyBad, report);
    ASSERT_EQ(flows.size(), 2u);
    EXPECT_EQ(flows[0].url, "https://ok.test/1");
    EXPECT_EQ(flows[1].url, "https://ok.test/10");
    EXPECT_EQ(report.entriesSeen, 14u);
    EXPECT_EQ(report.flowsRead, 2u);
    EXPECT_EQ(report.entriesSkipped, 12u);
    const std::vector<std::string> expected = {
        "entry 1: request.url missing",
        "entry 2: is not an object",
        "entry 3: request missing",
        "entry 4: request.url \"data:image/png;base64,AAAA\" is not an absolute URL",
        "entry 5: request.headers is not an array",
        "entry 6: request.headers[0].value is not a string",
        "entry 7: response.status is not an integer",
        "entry 8: startedDateTime \"yesterday\" is not an ISO 8601 date",
        "entry 9: response.content.text is not valid base64",
        "entry 10: response.content.encoding \"rot13\" is unknown",
        "entry 11: _flowscope.id is not an integer",
        "entry 12: request.headers[0] has a character above U+00FF in a Latin-1 header",
    };
    EXPECT_EQ(report.problems, expected);
}

TEST(HarReader, StrictModeThrowsAtTheFirstBadEntry) {
    HarReadReport report;
    try {
        read(kPartlyBad, report, HarReadOptions{true});
        FAIL() << "no error";
    } catch (const HarError& error) {
        EXPECT_STREQ(error.what(), "entry 1: request.url missing");
    }
}

TEST(HarReader, ProblemListIsCappedButCountIsNot) {
    std::string text = R"({"log":{"entries":[)";
    for (int i = 0; i < 150; ++i) {
        text += (i ? "," : "") + std::string("{}");
    }
    text += "]}}";
    HarReadReport report;
    EXPECT_TRUE(read(text, report).empty());
    EXPECT_EQ(report.entriesSkipped, 150u);
    EXPECT_EQ(report.problems.size(), HarReadReport::kMaxProblems);
}

TEST(HarReader, ByteOrderMarkAndNullFieldsAreAccepted) {
    HarReadReport report;
    const auto flows = read("\xEF\xBB\xBF"
                            R"({"log":{"entries":[{"request":{"method":"GET","url":"http://a.test/",)"
                            R"("postData":null,"headers":null},"response":null,"timings":null}]}})",
                            report);
    ASSERT_EQ(flows.size(), 1u);
}

} // namespace
} // namespace flowscope::store::test
