// What the HAR looks like to other tools: HAR 1.2 structure and the mapping of each
// Flow field to its standard place (README.md in src/store/export).
#include "export_test_support.hpp"
#include "har_structure.hpp"
#include "store/export/har_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace flowscope::store::test {
namespace {

using Json = nlohmann::json;

Json exportOne(const Flow& flow, const HarOptions& options = {}) {
    std::ostringstream out;
    writeHar(out, {flow}, options);
    return Json::parse(out.str())["log"]["entries"][0];
}

TEST(HarWriter, OutputIsStructurallyValidHar12) {
    const std::string text = harText(variedFlows());
    const Json har = Json::parse(text);
    const auto problems = harStructureProblems(har);
    for (const auto& problem : problems) {
        ADD_FAILURE() << problem;
    }
    EXPECT_EQ(har["log"]["version"], "1.2");
    EXPECT_EQ(har["log"]["creator"]["name"], "Flowscope");
    EXPECT_EQ(har["log"]["creator"]["version"], "0.1.0-test");
    EXPECT_EQ(har["log"]["entries"].size(), variedFlows().size());
}

TEST(HarWriter, TheCheckerCatchesBrokenDocuments) {
    Json har = Json::parse(harText({variedFlow("html")}));
    har["log"]["entries"][0]["request"].erase("url");
    har["log"]["entries"][0]["timings"]["send"] = -1;
    har["log"]["entries"][0]["response"]["status"] = "200";
    har["log"]["entries"][0]["madeUp"] = 1;
    const auto problems = harStructureProblems(har);
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0], "log.entries[0].madeUp: is not a HAR 1.2 field and does not start with '_'");
}

TEST(HarWriter, EntryHeadFields) {
    const Flow flow = variedFlow("json_gzip");
    const Json entry = exportOne(flow);
    // 1'717'171'717'123'456 + 1'000'003 us
    EXPECT_EQ(entry["startedDateTime"], "2024-05-31T16:08:38.123Z");
    EXPECT_DOUBLE_EQ(entry["time"].get<double>(), 123.457);
    EXPECT_EQ(entry["connection"], "51001");
    EXPECT_FALSE(entry.contains("serverIPAddress")); // a name, not an address
    EXPECT_TRUE(entry["cache"].is_object() && entry["cache"].empty());
    EXPECT_EQ(exportOne(variedFlow("extremes"))["serverIPAddress"], "10.0.0.7");
}

TEST(HarWriter, TimingsInMillisecondsWithSslInsideConnect) {
    const Json timings = exportOne(variedFlow("json_gzip"))["timings"];
    EXPECT_EQ(timings["blocked"], -1);
    EXPECT_DOUBLE_EQ(timings["dns"].get<double>(), 1.501);
    EXPECT_DOUBLE_EQ(timings["connect"].get<double>(), 5.010); // 2.003 + 3.007
    EXPECT_DOUBLE_EQ(timings["ssl"].get<double>(), 3.007);
    EXPECT_DOUBLE_EQ(timings["send"].get<double>(), 0.011);
    EXPECT_DOUBLE_EQ(timings["wait"].get<double>(), 45.678);
    EXPECT_DOUBLE_EQ(timings["receive"].get<double>(), 0.901);

    const Json error = exportOne(variedFlow("error"))["timings"];
    EXPECT_EQ(error["ssl"], -1);
    EXPECT_DOUBLE_EQ(error["connect"].get<double>(), 1.2);
    EXPECT_EQ(error["send"], 0); // required non-negative; -1 lives in _flowscope.timingUs
    EXPECT_EQ(exportOne(variedFlow("error"))["_flowscope"]["timingUs"]["send"], -1);
}

TEST(HarWriter, RequestMapping) {
    const Json request = exportOne(variedFlow("json_gzip"))["request"];
    EXPECT_EQ(request["method"], "POST");
    EXPECT_EQ(request["url"], "https://api.example.com/v1/items?page=2&q=a%20b+c&empty=&flag");
    EXPECT_EQ(request["httpVersion"], "HTTP/1.1");
    EXPECT_EQ(request["headersSize"], -1);
    EXPECT_EQ(request["bodySize"], 25);
    ASSERT_EQ(request["headers"].size(), 5u);
    EXPECT_EQ(request["headers"][2], (Json{{"name", "Accept-Encoding"}, {"value", "gzip, deflate, br"}}));
    const Json query = request["queryString"];
    ASSERT_EQ(query.size(), 4u);
    EXPECT_EQ(query[1], (Json{{"name", "q"}, {"value", "a b c"}}));
    EXPECT_EQ(query[2], (Json{{"name", "empty"}, {"value", ""}}));
    EXPECT_EQ(query[3], (Json{{"name", "flag"}, {"value", ""}}));
    EXPECT_EQ(request["postData"]["mimeType"], "application/json");
    EXPECT_EQ(request["postData"]["text"], R"({"name":"widget","qty":3})");
    EXPECT_FALSE(request["postData"].contains("encoding"));
    ASSERT_EQ(request["cookies"].size(), 2u);
    EXPECT_EQ(request["cookies"][1]["name"], "theme");
    EXPECT_EQ(request["cookies"][1]["value"], "dark");
}

TEST(HarWriter, FormPostHasParams) {
    const Json postData = exportOne(variedFlow("form"))["request"]["postData"];
    EXPECT_EQ(postData["text"], "user=j%C3%BCrgen&pass=a+b%26c%3D&remember");
    ASSERT_EQ(postData["params"].size(), 3u);
    EXPECT_EQ(postData["params"][0], (Json{{"name", "user"}, {"value", "jürgen"}}));
    EXPECT_EQ(postData["params"][1], (Json{{"name", "pass"}, {"value", "a b&c="}}));
    EXPECT_EQ(postData["params"][2], (Json{{"name", "remember"}, {"value", ""}}));
}

TEST(HarWriter, BinaryBodiesAreBase64) {
    const Json upload = exportOne(variedFlow("chunked_upload"))["request"]["postData"];
    EXPECT_EQ(upload["encoding"], "base64");
    EXPECT_EQ(upload["mimeType"], "application/octet-stream");
    const Json image = exportOne(variedFlow("image"))["response"]["content"];
    EXPECT_EQ(image["encoding"], "base64");
    EXPECT_EQ(image["mimeType"], "image/png");
    EXPECT_EQ(image["size"], 524);
    EXPECT_EQ(image["text"].get<std::string>().substr(0, 12), "iVBORw0KGgoA"); // "\x89PNG\r\n\x1a\n\0"
}

TEST(HarWriter, ContentEncodedBodyKeepsWireBytesByDefault) {
    const Json response = exportOne(variedFlow("json_gzip"))["response"];
    const Json content = response["content"];
    EXPECT_EQ(content["encoding"], "base64");
    EXPECT_EQ(content["_contentEncoding"], "gzip");
    EXPECT_EQ(content["size"], 40);
    EXPECT_FALSE(content.contains("compression"));
    EXPECT_EQ(content["text"].get<std::string>().substr(0, 4), "H4sI"); // gzip magic
    EXPECT_EQ(content["mimeType"], "application/json; charset=utf-8");
    // Encoded text that happens to be UTF-8 is still marked, so it is not mistaken for decoded text.
    const Json upload = exportOne(variedFlow("compressed_upload"))["request"]["postData"];
    EXPECT_EQ(upload["_contentEncoding"], "br");
    EXPECT_EQ(upload["encoding"], "base64");
    // "identity" is no coding at all.
    const Json identity = exportOne(variedFlow("compressed_upload"))["response"]["content"];
    EXPECT_EQ(identity["text"], "accepted");
    EXPECT_FALSE(identity.contains("_contentEncoding"));
}

TEST(HarWriter, DecoderWritesDecodedTextAndWireBytes) {
    HarOptions options;
    options.decodeContent = [](std::string_view body, std::string_view coding) -> std::optional<std::string> {
        EXPECT_EQ(coding, "gzip");
        EXPECT_EQ(body.size(), 40u);
        return std::string(R"({"items":[1,2,3],"more":"………………"})");
    };
    const Json content = exportOne(variedFlow("json_gzip"), options)["response"]["content"];
    EXPECT_EQ(content["text"], R"({"items":[1,2,3],"more":"………………"})");
    EXPECT_FALSE(content.contains("encoding"));
    EXPECT_FALSE(content.contains("_contentEncoding"));
    EXPECT_EQ(content["_wireBase64"].get<std::string>().substr(0, 4), "H4sI");
    EXPECT_EQ(content["size"], 45);       // decoded length
    EXPECT_EQ(content["compression"], 5); // bytes saved
}

TEST(HarWriter, TruncatedCaptureIsNeverDecoded) {
    Flow flow = variedFlow("json_gzip");
    flow.responseBody.truncated = true;
    flow.responseBody.size = 1'000;
    HarOptions options;
    options.decodeContent = [](std::string_view, std::string_view) -> std::optional<std::string> {
        ADD_FAILURE() << "decoder called for a truncated body";
        return std::nullopt;
    };
    const Json entry = exportOne(flow, options);
    EXPECT_EQ(entry["response"]["content"]["_contentEncoding"], "gzip");
    EXPECT_EQ(entry["response"]["content"]["size"], 1000);
    EXPECT_EQ(entry["response"]["bodySize"], 1000);
    EXPECT_EQ(entry["_flowscope"]["responseBody"], (Json{{"size", 1000}, {"truncated", true}}));
}

TEST(HarWriter, ResponseMappingAndCookies) {
    const Json response = exportOne(variedFlow("json_gzip"))["response"];
    EXPECT_EQ(response["status"], 200);
    EXPECT_EQ(response["statusText"], "OK");
    EXPECT_EQ(response["httpVersion"], "HTTP/1.1");
    EXPECT_EQ(response["redirectURL"], "");
    EXPECT_EQ(response["headersSize"], -1);
    ASSERT_EQ(response["cookies"].size(), 2u);
    EXPECT_EQ(response["cookies"][0], (Json{{"name", "session"},
                                            {"value", "xyz"},
                                            {"path", "/"},
                                            {"domain", ".example.com"},
                                            {"expires", "2026-10-21T07:28:00.000Z"},
                                            {"httpOnly", true},
                                            {"secure", true}}));
    // Max-Age counts from the end of the exchange: 16:08:38.123456 + 0.123457 s + 3600 s.
    EXPECT_EQ(response["cookies"][1]["expires"], "2024-05-31T17:08:38.246Z");
    EXPECT_EQ(response["cookies"][1]["sameSite"], "Lax");
    EXPECT_EQ(exportOne(variedFlow("form"))["response"]["redirectURL"], "https://login.example.com/home");
}

TEST(HarWriter, DuplicateHeadersKeepOrderAndEachSetCookieIsOneCookie) {
    const Json entry = exportOne(variedFlow("duplicate_headers"));
    const Json headers = entry["request"]["headers"];
    ASSERT_EQ(headers.size(), 6u);
    EXPECT_EQ(headers[1]["name"], "X-Dup");
    EXPECT_EQ(headers[3]["name"], "x-dup");
    EXPECT_EQ(headers[4]["value"], "3");
    EXPECT_EQ(headers[5], (Json{{"name", "X-Empty"}, {"value", ""}}));
    const Json cookies = entry["response"]["cookies"];
    ASSERT_EQ(cookies.size(), 3u);
    EXPECT_EQ(cookies[1]["path"], "/x");
    EXPECT_EQ(cookies[2]["name"], "");
    EXPECT_EQ(cookies[2]["value"], "c");
}

TEST(HarWriter, NonUtf8HeadersAreLatin1AndMarked) {
    const Json entry = exportOne(variedFlow("unicode_headers"));
    const Json headers = entry["request"]["headers"];
    EXPECT_EQ(headers[1], (Json{{"name", "X-Title"}, {"value", "日本語のタイトル 🚀"}}));
    EXPECT_EQ(headers[2], (Json{{"name", "X-Latin1"}, {"value", "café crème"}, {"_latin1", true}}));
    EXPECT_EQ(headers[3]["name"], "X-Raw-ÿ");
    EXPECT_EQ(entry["response"]["statusText"], "OK ÿþ");
    EXPECT_EQ(entry["response"]["content"]["encoding"], "base64"); // Latin-1 body: bytes, not text
    EXPECT_EQ(entry["_flowscope"]["latin1"], (Json{"reason", "tls.upstreamCertSubject"}));
    const Json query = entry["request"]["queryString"];
    EXPECT_EQ(query[0], (Json{{"name", "名前"}, {"value", "値"}}));
    EXPECT_EQ(query[1], (Json{{"name", "x"}, {"value", "€"}}));
}

TEST(HarWriter, TunnelIsAConnectEntryWithCustomFields) {
    const Json entry = exportOne(variedFlow("tunnel"));
    EXPECT_EQ(entry["request"]["method"], "CONNECT");
    EXPECT_EQ(entry["request"]["url"], "pinned.example.com:443");
    EXPECT_EQ(entry["response"]["status"], 0);
    EXPECT_EQ(entry["response"]["httpVersion"], "");
    EXPECT_DOUBLE_EQ(entry["time"].get<double>(), 45'000.001);
    EXPECT_EQ(entry["connection"], "60000");
    const Json custom = entry["_flowscope"];
    EXPECT_EQ(custom["kind"], "tunnel");
    EXPECT_EQ(custom["host"], "pinned.example.com");
    EXPECT_EQ(custom["port"], 443);
    EXPECT_EQ(custom["bytesFromClient"], 52'311);
    EXPECT_EQ(custom["bytesToClient"], 1'048'577);
    EXPECT_EQ(custom["scheme"], "");
}

TEST(HarWriter, ErrorFlowCarriesErrorForChromeAndForUs) {
    const Json entry = exportOne(variedFlow("error"));
    EXPECT_EQ(entry["response"]["_error"], "expired.example.net:443: certificate has expired");
    EXPECT_EQ(entry["_flowscope"]["errorKind"], "upstream_cert_expired");
    EXPECT_FALSE(exportOne(variedFlow("html"))["_flowscope"].contains("errorKind"));
}

// Chrome's form, so DevTools-style viewers show the messages: type, epoch seconds, opcode,
// data (text as is, binary as base64); exact values ride in each message's _flowscope.
TEST(HarWriter, WebSocketMessagesAreWrittenTheWayChromeDoes) {
    const Json entry = exportOne(variedFlow("websocket"));
    ASSERT_TRUE(entry.contains("_webSocketMessages"));
    const Json& messages = entry["_webSocketMessages"];
    ASSERT_EQ(messages.size(), 7u);
    EXPECT_EQ(messages[0]["type"], "send");
    EXPECT_EQ(messages[0]["opcode"], 1);
    EXPECT_EQ(messages[0]["data"], R"({"op":"subscribe"})");
    EXPECT_NEAR(messages[0]["time"].get<double>(), 1'716'000'000.123457, 1e-6);
    EXPECT_EQ(messages[0]["_flowscope"]["timeUs"], 1'716'000'000'123'457);
    EXPECT_EQ(messages[0]["_flowscope"]["seq"], 0);
    EXPECT_EQ(messages[1]["type"], "receive");
    EXPECT_EQ(messages[1]["data"], "h\u00e9llo, compressed");
    EXPECT_EQ(messages[1]["_flowscope"]["compressed"], true);
    EXPECT_EQ(messages[2]["opcode"], 2);
    EXPECT_EQ(messages[2]["data"], "AP8QgA=="); // binary: base64, as Chrome writes it
    EXPECT_FALSE(messages[2].contains("_encoding"));
    EXPECT_EQ(messages[3]["_encoding"], "base64"); // text cut mid-character is not UTF-8
    EXPECT_EQ(messages[6]["opcode"], 8);
    EXPECT_EQ(messages[6]["_flowscope"]["closeCode"], 4001);
    const Json& summary = entry["_flowscope"]["webSocket"];
    EXPECT_EQ(summary["messagesFromClient"], 3);
    EXPECT_EQ(summary["closedBy"], "client");
    // Other kinds have neither.
    EXPECT_FALSE(exportOne(variedFlow("html")).contains("_webSocketMessages"));
    EXPECT_FALSE(exportOne(variedFlow("html"))["_flowscope"].contains("webSocket"));
}

TEST(HarWriter, FlowscopeObjectCarriesWhatHarCannot) {
    const Json custom = exportOne(variedFlow("json_gzip"))["_flowscope"];
    EXPECT_EQ(custom["format"], 1);
    EXPECT_EQ(custom["id"], 1);
    EXPECT_EQ(custom["kind"], "http");
    EXPECT_EQ(custom["startedAtUs"], 1'717'171'718'123'459);
    EXPECT_EQ(custom["clientAddress"], "127.0.0.1:51001");
    EXPECT_EQ(custom["tls"]["clientAlpn"], "h2");
    EXPECT_EQ(custom["tls"]["upstreamCertIssuer"], "CN=Example CA,O=Example,C=US");
    EXPECT_EQ(custom["requestBody"], (Json{{"size", 25}, {"truncated", false}}));
    EXPECT_FALSE(custom.contains("latin1"));
}

TEST(HarWriter, StreamingWriterWritesEachEntryAsItIsAdded) {
    std::ostringstream out;
    HarWriter writer(out);
    writer.begin();
    const auto head = out.str().size();
    EXPECT_EQ(out.str(), R"({"log":{"version":"1.2","creator":{"name":"Flowscope","version":""},"entries":[)");
    writer.add(variedFlow("html"));
    EXPECT_GT(out.str().size(), head);
    const auto one = out.str().size();
    writer.add(variedFlow("image"));
    EXPECT_GT(out.str().size(), one);
    EXPECT_EQ(writer.entriesWritten(), 2u);
    writer.end();
    writer.end(); // idempotent
    EXPECT_THROW(writer.add(variedFlow("html")), HarError);
    EXPECT_EQ(Json::parse(out.str())["log"]["entries"].size(), 2u);
}

TEST(HarWriter, FailedStreamThrows) {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    HarWriter writer(out);
    EXPECT_THROW(writer.begin(), HarError);
}

TEST(HarWriter, CreatorIsEscaped) {
    std::ostringstream out;
    writeHar(out, {}, HarOptions{"Flow\"scope\\", "1.0\n", {}});
    const Json har = Json::parse(out.str());
    EXPECT_EQ(har["log"]["creator"]["name"], "Flow\"scope\\");
    EXPECT_TRUE(har["log"]["entries"].empty());
}

TEST(HarWriter, WriteHarFromPullsUntilEmpty) {
    int left = 3;
    std::ostringstream out;
    const std::size_t written = writeHarFrom(out, [&]() -> std::optional<Flow> {
        if (left == 0) {
            return std::nullopt;
        }
        --left;
        return variedFlow("html");
    });
    EXPECT_EQ(written, 3u);
    EXPECT_EQ(Json::parse(out.str())["log"]["entries"].size(), 3u);
}

} // namespace
} // namespace flowscope::store::test
