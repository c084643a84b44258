// removeHopByHopFields: what a proxy strips before forwarding (RFC 9110 §7.6.1).

#include "engine/header_rewrite.hpp"

#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

namespace flowscope::engine {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

http::Headers makeHeaders(const Fields& fields) {
    http::Headers headers;
    for (const auto& [name, value] : fields)
        headers.add(name, value);
    return headers;
}

Fields fieldsOf(const http::Headers& headers) {
    Fields out;
    for (const auto& field : headers)
        out.emplace_back(field.name, field.value);
    return out;
}

TEST(RemoveHopByHop, FieldsNamedByConnectionAreRemoved) {
    auto headers = makeHeaders({{"Host", "example.com"},
                                {"Connection", "X-Secret, x-other"},
                                {"X-Secret", "1"},
                                {"Accept", "*/*"},
                                {"X-Other", "2"},
                                {"connection", "X-Third"},
                                {"X-Third", "3"}});
    removeHopByHopFields(headers, false);
    EXPECT_EQ(fieldsOf(headers), (Fields{{"Host", "example.com"}, {"Accept", "*/*"}}));
}

TEST(RemoveHopByHop, FramingAndRoutingFieldsSurviveEvenWhenListed) {
    auto headers = makeHeaders({{"Host", "example.com"},
                                {"Content-Length", "5"},
                                {"Connection", "host, content-length, TRANSFER-ENCODING, close"},
                                {"Transfer-Encoding", "chunked"}});
    removeHopByHopFields(headers, false);
    EXPECT_EQ(fieldsOf(headers),
              (Fields{{"Host", "example.com"}, {"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}));
}

TEST(RemoveHopByHop, StandardHopByHopFieldsAreRemovedWithoutBeingListed) {
    auto headers = makeHeaders({{"Proxy-Connection", "keep-alive"},
                                {"Keep-Alive", "timeout=5"},
                                {"TE", "trailers"},
                                {"Trailer", "Expires"},
                                {"Proxy-Authorization", "Basic Zm9vOmJhcg=="},
                                {"Upgrade", "websocket"},
                                {"Authorization", "Bearer keep-me"},
                                {"Cookie", "a=b"}});
    removeHopByHopFields(headers, false);
    EXPECT_EQ(fieldsOf(headers), (Fields{{"Authorization", "Bearer keep-me"}, {"Cookie", "a=b"}}));
}

TEST(RemoveHopByHop, UpgradeIsKeptForAProtocolUpgrade) {
    auto headers = makeHeaders({{"Host", "chat.example.com"},
                                {"Connection", "keep-alive, Upgrade"},
                                {"Upgrade", "websocket"},
                                {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                {"Keep-Alive", "timeout=5"}});
    removeHopByHopFields(headers, true);
    EXPECT_EQ(headers.get("Upgrade"), "websocket");
    EXPECT_EQ(headers.countOf("Connection"), 1u);
    EXPECT_EQ(headers.get("Connection"), "Upgrade");
    EXPECT_TRUE(headers.hasToken("Connection", "upgrade"));
    EXPECT_FALSE(headers.contains("Keep-Alive"));
    EXPECT_EQ(headers.get("Sec-WebSocket-Key"), "dGhlIHNhbXBsZSBub25jZQ==");
}

TEST(RemoveHopByHop, UpgradeIsDroppedWithoutKeepUpgrade) {
    auto headers = makeHeaders({{"Connection", "Upgrade"}, {"Upgrade", "h2c"}, {"Accept", "*/*"}});
    removeHopByHopFields(headers, false);
    EXPECT_EQ(fieldsOf(headers), (Fields{{"Accept", "*/*"}}));
}

TEST(RemoveHopByHop, EmptyAndOddConnectionListsAreHarmless) {
    auto headers = makeHeaders({{"Connection", " , ,close,, "}, {"Accept", "*/*"}});
    removeHopByHopFields(headers, false);
    EXPECT_EQ(fieldsOf(headers), (Fields{{"Accept", "*/*"}}));
}

TEST(HeaderListConversion, KeepsOrderCaseAndDuplicates) {
    const auto headers = makeHeaders({{"Set-Cookie", "a=1"}, {"content-type", "text/html"}, {"Set-Cookie", "b=2"}});
    const store::HeaderList list = toHeaderList(headers);
    EXPECT_EQ(list, (store::HeaderList{{"Set-Cookie", "a=1"}, {"content-type", "text/html"}, {"Set-Cookie", "b=2"}}));
    EXPECT_EQ(contentTypeOf(headers), "text/html");
    EXPECT_EQ(contentTypeOf(http::Headers{}), "");
}

} // namespace
} // namespace flowscope::engine
