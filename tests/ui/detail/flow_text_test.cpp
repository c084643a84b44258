#include "detail/flow_text.hpp"
#include "sample_flows.hpp"

#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

using test::failedFlow;
using test::httpsFlow;
using test::plainFlow;
using test::tunnelFlow;

TEST(FlowText, StartLines) {
    EXPECT_EQ(requestLine(httpsFlow()), QStringLiteral("POST /v1/users?page=2&q=ada+lovelace&tag=%C3%A9 HTTP/1.1"));
    EXPECT_EQ(statusLine(httpsFlow()), QStringLiteral("HTTP/1.1 201 Created"));
    EXPECT_EQ(requestLine(tunnelFlow()), QStringLiteral("CONNECT pinned.example.test:443 HTTP/1.1"));
    EXPECT_TRUE(statusLine(failedFlow()).isEmpty());
    store::Flow v6 = tunnelFlow();
    v6.host = "::1";
    EXPECT_EQ(requestLine(v6), QStringLiteral("CONNECT [::1]:443 HTTP/1.1"));
}

TEST(FlowText, RawMessagesAreTheWireBytes) {
    const store::Flow flow = httpsFlow();
    const QByteArray raw = rawRequest(flow);
    EXPECT_TRUE(
        raw.startsWith("POST /v1/users?page=2&q=ada+lovelace&tag=%C3%A9 HTTP/1.1\r\nHost: api.example.test\r\n"));
    EXPECT_TRUE(raw.contains("\r\nx-trace: 1\r\nX-Trace: 2\r\n")); // order and case as sent
    EXPECT_TRUE(raw.endsWith("Content-Length: 15\r\n\r\n{\"name\":\"Ada\"}\n"));
    const QByteArray response = rawResponse(flow);
    EXPECT_TRUE(response.startsWith("HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\n"));
    // The body as captured: still gzip.
    EXPECT_TRUE(response.endsWith(QByteArray::fromStdString(flow.responseBody.data)));
    EXPECT_TRUE(rawResponse(failedFlow()).isEmpty());
}

TEST(FlowText, HeaderLookupIgnoresCase) {
    EXPECT_EQ(headerValue(httpsFlow().responseHeaders, "content-encoding"), QStringLiteral("gzip"));
    EXPECT_EQ(headerValue(httpsFlow().requestHeaders, "X-TRACE"), QStringLiteral("1")); // the first
    EXPECT_TRUE(headerValue(plainFlow().requestHeaders, "Cookie").isEmpty());
}

TEST(FlowText, HeaderRowsKeepDuplicatesInOrder) {
    const auto rows = headerRows(httpsFlow().requestHeaders);
    ASSERT_EQ(rows.size(), 6);
    EXPECT_EQ(rows[3], (QStringList{QStringLiteral("x-trace"), QStringLiteral("1")}));
    EXPECT_EQ(rows[4], (QStringList{QStringLiteral("X-Trace"), QStringLiteral("2")}));
}

TEST(FlowText, QueryIsDecoded) {
    const auto rows = queryRows(httpsFlow());
    ASSERT_EQ(rows.size(), 3);
    EXPECT_EQ(rows[0], (QStringList{QStringLiteral("page"), QStringLiteral("2")}));
    EXPECT_EQ(rows[1], (QStringList{QStringLiteral("q"), QStringLiteral("ada lovelace")}));
    EXPECT_EQ(rows[2], (QStringList{QStringLiteral("tag"), QString(QChar(0xE9))}));
    EXPECT_TRUE(queryRows(plainFlow()).isEmpty());
}

TEST(FlowText, RequestCookiesArePairs) {
    const auto rows = requestCookieRows(httpsFlow());
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[0], (QStringList{QStringLiteral("session"), QStringLiteral("abc123")}));
    EXPECT_EQ(rows[1], (QStringList{QStringLiteral("theme"), QStringLiteral("dark")}));
}

TEST(FlowText, SetCookieAttributesAreParsed) {
    const auto rows = responseCookieRows(httpsFlow());
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[0].size(), responseCookieColumns().size());
    EXPECT_EQ(rows[0][0], QStringLiteral("session"));
    EXPECT_EQ(rows[0][1], QStringLiteral("xyz"));
    EXPECT_EQ(rows[0][2], QStringLiteral("example.test"));
    EXPECT_EQ(rows[0][3], QStringLiteral("/"));
    EXPECT_FALSE(rows[0][5].isEmpty()); // HttpOnly
    EXPECT_FALSE(rows[0][6].isEmpty()); // Secure
    EXPECT_EQ(rows[0][7], QStringLiteral("Lax"));
    EXPECT_EQ(rows[1][0], QStringLiteral("seen"));
    EXPECT_TRUE(rows[1][5].isEmpty());

    store::Flow withMaxAge = httpsFlow();
    withMaxAge.responseHeaders = {{"Set-Cookie", "a=1; Max-Age=60"}};
    const auto expiring = responseCookieRows(withMaxAge);
    ASSERT_EQ(expiring.size(), 1);
    EXPECT_TRUE(expiring[0][4].startsWith(QStringLiteral("2023-11-14T22:1"))) << expiring[0][4].toStdString();
}

TEST(FlowText, TlsFlows) {
    EXPECT_TRUE(isTlsFlow(httpsFlow()));
    EXPECT_FALSE(isTlsFlow(plainFlow()));
    EXPECT_FALSE(isTlsFlow(tunnelFlow())); // not decrypted: the proxy knows no TLS details
    store::Flow wss = plainFlow();
    wss.scheme = "wss";
    EXPECT_TRUE(isTlsFlow(wss));
}

} // namespace
} // namespace flowscope::ui
