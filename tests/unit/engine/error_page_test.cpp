// The responses the proxy writes itself: well-framed, labelled, and safe to render.

#include "engine/error_page.hpp"

#include <gtest/gtest.h>
#include <string>

namespace flowscope::engine {
namespace {

struct SplitResponse {
    std::string head; // up to and including the empty line
    std::string body;
};

SplitResponse split(const std::string& response) {
    const auto end = response.find("\r\n\r\n");
    if (end == std::string::npos)
        return {response, {}};
    return {response.substr(0, end + 4), response.substr(end + 4)};
}

std::string fieldValue(const std::string& head, const std::string& name) {
    const std::string key = "\r\n" + name + ": ";
    const auto at = head.find(key);
    if (at == std::string::npos)
        return {};
    const auto start = at + key.size();
    return head.substr(start, head.find("\r\n", start) - start);
}

TEST(ErrorPage, IsACompleteWellFramedResponse) {
    const std::string response = buildErrorResponse(502, "upstream_connect_failed", "connection refused");
    const auto [head, body] = split(response);
    ASSERT_FALSE(body.empty());
    EXPECT_EQ(head.rfind("HTTP/1.1 502 Bad Gateway\r\n", 0), 0u) << head;
    EXPECT_EQ(fieldValue(head, "Content-Length"), std::to_string(body.size()));
    EXPECT_EQ(fieldValue(head, "Connection"), "close");
    EXPECT_EQ(fieldValue(head, "Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(fieldValue(head, "X-Flowscope-Error"), "upstream_connect_failed");
    EXPECT_NE(body.find("connection refused"), std::string::npos);
    EXPECT_NE(body.find("<h1>502 Bad Gateway</h1>"), std::string::npos);
}

TEST(ErrorPage, StatusLinesForOtherCodes) {
    EXPECT_EQ(buildErrorResponse(504, "timeout", "x").rfind("HTTP/1.1 504 Gateway Timeout\r\n", 0), 0u);
    EXPECT_EQ(buildErrorResponse(400, "bad_request", "x").rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
    // Unknown status: empty reason phrase, still a valid status line (RFC 9112 §4).
    EXPECT_EQ(buildErrorResponse(599, "odd", "x").rfind("HTTP/1.1 599 \r\n", 0), 0u);
}

TEST(ErrorPage, HostileMessageIsEscaped) {
    const std::string hostile = "<script>alert('x')</script> & \"quoted\"";
    const std::string response = buildErrorResponse(502, "tls_failed", hostile);
    const auto [head, body] = split(response);
    EXPECT_EQ(body.find("<script>"), std::string::npos);
    EXPECT_NE(body.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"), std::string::npos)
        << body;
    EXPECT_EQ(fieldValue(head, "Content-Length"), std::to_string(body.size()));
}

TEST(ErrorPage, ContentLengthCountsBytesNotCharacters) {
    const std::string message = "h\xC3\xB4te introuvable \xE2\x80\x94 r\xC3\xA9seau";
    const auto [head, body] = split(buildErrorResponse(502, "dns", message));
    EXPECT_EQ(fieldValue(head, "Content-Length"), std::to_string(body.size()));
    EXPECT_NE(body.find(message), std::string::npos);
}

TEST(EscapeHtml, EscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(escapeHtml(""), "");
    EXPECT_EQ(escapeHtml("plain text 123"), "plain text 123");
    EXPECT_EQ(escapeHtml("<>&\"'"), "&lt;&gt;&amp;&quot;&#39;");
    EXPECT_EQ(escapeHtml("&lt;"), "&amp;lt;"); // no double-decoding tricks
}

} // namespace
} // namespace flowscope::engine
