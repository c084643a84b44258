// Headers (order-preserving, case-insensitive lookups) and head serialisation.

#include "http/headers.hpp"
#include "http/message.hpp"

#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

namespace flowscope::http {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields fieldsOf(const Headers& headers) {
    Fields out;
    for (const auto& field : headers)
        out.emplace_back(field.name, field.value);
    return out;
}

Headers makeHeaders(const Fields& fields) {
    Headers headers;
    for (const auto& [name, value] : fields)
        headers.add(name, value);
    return headers;
}

TEST(EqualsIgnoreCase, AsciiOnly) {
    EXPECT_TRUE(equalsIgnoreCase("Content-Length", "content-length"));
    EXPECT_TRUE(equalsIgnoreCase("", ""));
    EXPECT_FALSE(equalsIgnoreCase("Host", "Hos"));
    EXPECT_FALSE(equalsIgnoreCase("Host", "Hosu"));
    EXPECT_FALSE(equalsIgnoreCase("\xC3\xA9", "\xC3\x89")); // no Unicode folding
    EXPECT_FALSE(equalsIgnoreCase("[", "{"));               // '[' + 32 is '{': only letters fold
}

TEST(Headers, AddKeepsOrderCaseAndDuplicates) {
    Headers headers;
    headers.add("Set-Cookie", "a=1");
    headers.add("content-type", "text/html");
    headers.add("SET-COOKIE", "b=2");
    EXPECT_EQ(fieldsOf(headers), (Fields{{"Set-Cookie", "a=1"}, {"content-type", "text/html"}, {"SET-COOKIE", "b=2"}}));
    EXPECT_EQ(headers.size(), 3u);
    EXPECT_EQ(headers.countOf("set-cookie"), 2u);
    EXPECT_EQ(headers.get("Set-Cookie"), "a=1"); // first one
    EXPECT_EQ(headers.get("Content-Type"), "text/html");
    EXPECT_EQ(headers.get("Missing"), std::nullopt);
    EXPECT_TRUE(headers.contains("CONTENT-TYPE"));
    EXPECT_FALSE(headers.contains("Content"));
}

TEST(Headers, SetReplacesTheFirstInPlaceAndDropsTheRest) {
    Headers headers =
        makeHeaders({{"A", "1"}, {"x-dup", "old1"}, {"B", "2"}, {"X-Dup", "old2"}, {"C", "3"}, {"X-DUP", "old3"}});
    headers.set("X-Dup", "new");
    // The first field keeps its position and its original name spelling.
    EXPECT_EQ(fieldsOf(headers), (Fields{{"A", "1"}, {"x-dup", "new"}, {"B", "2"}, {"C", "3"}}));
}

TEST(Headers, SetAppendsWhenAbsent) {
    Headers headers = makeHeaders({{"A", "1"}});
    headers.set("Via", "1.1 flowscope");
    EXPECT_EQ(fieldsOf(headers), (Fields{{"A", "1"}, {"Via", "1.1 flowscope"}}));
    headers.set("via", "");
    EXPECT_EQ(fieldsOf(headers), (Fields{{"A", "1"}, {"Via", ""}}));
}

TEST(Headers, RemoveReturnsHowManyWentAndKeepsTheRestInOrder) {
    Headers headers = makeHeaders({{"A", "1"}, {"te", "x"}, {"B", "2"}, {"TE", "y"}, {"C", "3"}});
    EXPECT_EQ(headers.remove("Te"), 2u);
    EXPECT_EQ(fieldsOf(headers), (Fields{{"A", "1"}, {"B", "2"}, {"C", "3"}}));
    EXPECT_EQ(headers.remove("Te"), 0u);
    EXPECT_EQ(headers.remove("T"), 0u); // no prefix matching
    EXPECT_EQ(headers.size(), 3u);
    headers.clear();
    EXPECT_TRUE(headers.empty());
}

TEST(Headers, HasTokenAcrossFieldsAndLists) {
    const Headers headers = makeHeaders({{"Connection", "keep-alive"},
                                         {"Accept", "close"},
                                         {"connection", " Upgrade ,\tX-Custom,,"},
                                         {"Cache-Control", "no-cache, no-store"}});
    EXPECT_TRUE(headers.hasToken("Connection", "keep-alive"));
    EXPECT_TRUE(headers.hasToken("CONNECTION", "upgrade"));
    EXPECT_TRUE(headers.hasToken("Connection", "x-custom"));
    EXPECT_FALSE(headers.hasToken("Connection", "close")); // in another field
    EXPECT_FALSE(headers.hasToken("Connection", "keep"));  // whole elements only
    EXPECT_FALSE(headers.hasToken("Connection", ""));
    EXPECT_TRUE(headers.hasToken("cache-control", "NO-STORE"));
    EXPECT_FALSE(headers.hasToken("Cache-Control", "no-cache, no-store"));
    EXPECT_FALSE(headers.hasToken("Missing", "x"));
}

TEST(ListElements, TrimsAndSkipsEmpty) {
    std::vector<std::string> elements;
    forEachListElement(" a , b,,\tc\t, ,d", [&](std::string_view e) { elements.emplace_back(e); });
    EXPECT_EQ(elements, (std::vector<std::string>{"a", "b", "c", "d"}));
    elements.clear();
    forEachListElement("", [&](std::string_view e) { elements.emplace_back(e); });
    forEachListElement(" , ,", [&](std::string_view e) { elements.emplace_back(e); });
    EXPECT_TRUE(elements.empty());
}

TEST(AppendHead, RequestBytesAreExact) {
    RequestHead head;
    head.method = "POST";
    head.target = "/submit?x=1";
    head.version = 11;
    head.headers = makeHeaders({{"Host", "example.com"}, {"content-length", "3"}, {"X-Empty", ""}});
    std::string out = "prefix|";
    appendHead(out, head);
    EXPECT_EQ(out, "prefix|POST /submit?x=1 HTTP/1.1\r\nHost: example.com\r\ncontent-length: 3\r\nX-Empty: \r\n\r\n");
}

TEST(AppendHead, Http10RequestWithoutFields) {
    RequestHead head;
    head.method = "GET";
    head.target = "/";
    head.version = 10;
    std::string out;
    appendHead(out, head);
    EXPECT_EQ(out, "GET / HTTP/1.0\r\n\r\n");
}

TEST(AppendHead, ResponseBytesAreExact) {
    ResponseHead head;
    head.status = 404;
    head.reason = "Not Found";
    head.headers = makeHeaders({{"Content-Length", "0"}, {"Server", "test"}});
    std::string out;
    appendHead(out, head);
    EXPECT_EQ(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nServer: test\r\n\r\n");

    ResponseHead empty;
    empty.status = 200;
    empty.version = 10;
    out.clear();
    appendHead(out, empty);
    EXPECT_EQ(out, "HTTP/1.0 200 \r\n\r\n"); // SP before an empty reason (RFC 9112 §4)
}

TEST(Message, VersionStringAndDefaultReasons) {
    EXPECT_EQ(versionString(10), "HTTP/1.0");
    EXPECT_EQ(versionString(11), "HTTP/1.1");
    EXPECT_EQ(defaultReason(200), "OK");
    EXPECT_EQ(defaultReason(502), "Bad Gateway");
    EXPECT_EQ(defaultReason(431), "Request Header Fields Too Large");
    EXPECT_EQ(defaultReason(299), "");
}

} // namespace
} // namespace flowscope::http
