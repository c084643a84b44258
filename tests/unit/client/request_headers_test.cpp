// What the resend path changes in a request's headers before sending, and what it refuses.
#include "client/request_headers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace flowscope::client {
namespace {

using ::testing::HasSubstr;

RequestSpec spec(std::string method, std::string url, HeaderList headers, std::string body = {}) {
    return RequestSpec{std::move(method), std::move(url), std::move(headers), std::move(body)};
}

TEST(EffectiveHeaders, KeepsOrderAndCaseAndAddsHostFirst) {
    const auto result = effectiveHeaders(spec("GET", "http://Example.test:8080/a?b=1", {{"x-B", "2"}, {"X-a", "1"}}));
    EXPECT_EQ(result, (HeaderList{{"Host", "example.test:8080"}, {"x-B", "2"}, {"X-a", "1"}}));
}

TEST(EffectiveHeaders, HostOmitsTheDefaultPortAndBracketsIpv6) {
    EXPECT_EQ(effectiveHeaders(spec("GET", "https://h.test:443/", {})), (HeaderList{{"Host", "h.test"}}));
    EXPECT_EQ(effectiveHeaders(spec("GET", "http://[::1]:81/", {})), (HeaderList{{"Host", "[::1]:81"}}));
}

TEST(EffectiveHeaders, KeepsAHostTheUserWrote) {
    const auto result = effectiveHeaders(spec("GET", "http://127.0.0.1:81/", {{"Accept", "*/*"}, {"host", "v.test"}}));
    EXPECT_EQ(result, (HeaderList{{"Accept", "*/*"}, {"host", "v.test"}}));
}

TEST(EffectiveHeaders, DropsHopByHopFieldsAndThoseConnectionNames) {
    const auto result = effectiveHeaders(spec("GET", "http://h.test/",
                                              {{"Host", "h.test"},
                                               {"Connection", "keep-alive, X-Private, Content-Length, Host"},
                                               {"X-Private", "secret"},
                                               {"Keep-Alive", "timeout=5"},
                                               {"Proxy-Connection", "keep-alive"},
                                               {"TE", "trailers"},
                                               {"Trailer", "X-T"},
                                               {"Upgrade", "websocket"},
                                               {"Proxy-Authorization", "Basic eA=="},
                                               {"Transfer-Encoding", "chunked"},
                                               {"Accept", "*/*"}}));
    // Connection cannot strip Host: that would misroute the request.
    EXPECT_EQ(result, (HeaderList{{"Host", "h.test"}, {"Accept", "*/*"}}));
}

TEST(EffectiveHeaders, ContentLengthFollowsTheBodyInPlace) {
    const auto result = effectiveHeaders(spec(
        "POST", "http://h.test/",
        {{"Host", "h.test"}, {"content-length", "999"}, {"X-After", "1"}, {"Content-Length", "5"}}, "hello world"));
    EXPECT_EQ(result, (HeaderList{{"Host", "h.test"}, {"content-length", "11"}, {"X-After", "1"}}));
}

TEST(EffectiveHeaders, ContentLengthAppendedForABodyOrABodyMethod) {
    EXPECT_EQ(effectiveHeaders(spec("DELETE", "http://h.test/", {{"Host", "h"}}, "x")),
              (HeaderList{{"Host", "h"}, {"Content-Length", "1"}}));
    // RFC 9110 §8.6: POST with no content still says so; GET with none says nothing.
    EXPECT_EQ(effectiveHeaders(spec("POST", "http://h.test/", {{"Host", "h"}})),
              (HeaderList{{"Host", "h"}, {"Content-Length", "0"}}));
    EXPECT_EQ(effectiveHeaders(spec("GET", "http://h.test/", {{"Host", "h"}, {"Content-Length", "12"}})),
              (HeaderList{{"Host", "h"}}));
}

TEST(EffectiveHeaders, IsIdempotent) {
    RequestSpec request = spec("PUT", "https://h.test:8443/x", {{"Connection", "close"}, {"A", "1"}}, "body");
    request.headers = effectiveHeaders(request);
    EXPECT_EQ(effectiveHeaders(request), request.headers);
    EXPECT_EQ(request.headers, (HeaderList{{"Host", "h.test:8443"}, {"A", "1"}, {"Content-Length", "4"}}));
}

TEST(ManagedHeaders, AreTheOnesTheSenderControls) {
    for (const char* name : {"host", "CONTENT-LENGTH", "connection", "Transfer-Encoding", "upgrade", "te"})
        EXPECT_TRUE(isManagedHeader(name)) << name;
    for (const char* name : {"Accept", "Cookie", "Content-Type", "Authorization"})
        EXPECT_FALSE(isManagedHeader(name)) << name;
}

TEST(ValidateRequest, AcceptsAnOrdinaryRequest) {
    EXPECT_EQ(validateRequest(spec("PATCH", "https://h.test/x?y=1#frag", {{"X-Ok", "a b\tc"}}, "{}")), "");
    EXPECT_EQ(validateRequest(spec("PURGE", "ws://h.test/socket", {})), ""); // sent as http
}

TEST(ValidateRequest, RefusesWhatWouldCorruptTheWire) {
    EXPECT_THAT(validateRequest(spec("GE T", "http://h.test/", {})), HasSubstr("invalid method"));
    EXPECT_THAT(validateRequest(spec("", "http://h.test/", {})), HasSubstr("invalid method"));
    EXPECT_THAT(validateRequest(spec("GET", "", {})), HasSubstr("URL is empty"));
    EXPECT_THAT(validateRequest(spec("GET", "/relative", {})), HasSubstr("invalid URL"));
    EXPECT_THAT(validateRequest(spec("GET", "ftp://h.test/", {})), HasSubstr("invalid URL"));
    EXPECT_THAT(validateRequest(spec("GET", "http://user@h.test/", {})), HasSubstr("invalid URL"));
    EXPECT_THAT(validateRequest(spec("GET", "http://h.test/", {{"Bad Name", "x"}})), HasSubstr("invalid header name"));
    EXPECT_THAT(validateRequest(spec("GET", "http://h.test/", {{"", "x"}})), HasSubstr("invalid header name"));
    EXPECT_THAT(validateRequest(spec("GET", "http://h.test/", {{"X-Smuggle", "a\r\nHost: evil"}})),
                HasSubstr("line break"));
    EXPECT_THAT(validateRequest(spec("GET", "http://h.test/", {{"X-Nul", std::string("a\0b", 3)}})),
                HasSubstr("line break or NUL"));
}

} // namespace
} // namespace flowscope::client
