// The small codecs under the HAR writer and reader.
#include "store/export/har_cookies.hpp"
#include "store/export/iso_time.hpp"
#include "store/export/text_codec.hpp"
#include "store/export/url_parts.hpp"

#include <gtest/gtest.h>

namespace flowscope::store::exporting {
namespace {

TEST(TextCodec, Utf8Validation) {
    EXPECT_TRUE(isUtf8(""));
    EXPECT_TRUE(isUtf8("plain ascii"));
    EXPECT_TRUE(isUtf8("Grüße 你好 🎉"));
    EXPECT_TRUE(isUtf8(std::string("a\0b", 3)));
    EXPECT_FALSE(isUtf8("\xff"));
    EXPECT_FALSE(isUtf8("\xc0\xaf"));         // overlong '/'
    EXPECT_FALSE(isUtf8("\xed\xa0\x80"));     // UTF-16 surrogate
    EXPECT_FALSE(isUtf8("\xf4\x90\x80\x80")); // past U+10FFFF
    EXPECT_FALSE(isUtf8("\xe2\x82"));         // cut short
}

TEST(TextCodec, Utf8ValidationAcrossTheAsciiFastPath) {
    // The check skips ASCII eight bytes at a time: what follows a run of any length must
    // still be judged, including a sequence cut short by the end of the text.
    for (std::size_t run = 0; run <= 17; ++run) {
        const std::string ascii(run, 'a');
        EXPECT_TRUE(isUtf8(ascii)) << run;
        EXPECT_TRUE(isUtf8(ascii + "\xc3\xbc" + ascii)) << run;
        EXPECT_TRUE(isUtf8(ascii + "\xf0\x9f\x98\x80")) << run;
        EXPECT_FALSE(isUtf8(ascii + "\xff" + ascii)) << run;
        EXPECT_FALSE(isUtf8(ascii + "\xe2\x82")) << run;
        EXPECT_FALSE(isUtf8(ascii + "\xc3\xbc" + ascii + "\xed\xa0\x80")) << run;
    }
}

TEST(TextCodec, Latin1RoundTripsEveryByte) {
    std::string all;
    for (int b = 0; b < 256; ++b) {
        all += static_cast<char>(b);
    }
    const std::string text = latin1ToUtf8(all);
    EXPECT_TRUE(isUtf8(text));
    EXPECT_EQ(latin1FromUtf8(text), all);
    EXPECT_EQ(latin1ToUtf8("caf\xe9"), "café");
    EXPECT_FALSE(latin1FromUtf8("€").has_value());
}

TEST(TextCodec, Base64) {
    EXPECT_EQ(base64Encode(""), "");
    EXPECT_EQ(base64Encode("f"), "Zg==");
    EXPECT_EQ(base64Encode("fo"), "Zm8=");
    EXPECT_EQ(base64Encode("foo"), "Zm9v");
    EXPECT_EQ(base64Encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64Decode("Zm9vYmE="), "fooba");
    EXPECT_EQ(base64Decode("Zm9vYmE"), "fooba"); // unpadded
    EXPECT_EQ(base64Decode("Zm9v\r\nYmFy"), "foobar");
    EXPECT_FALSE(base64Decode("Zm9v!").has_value());
    EXPECT_FALSE(base64Decode("Zm9vY").has_value());  // a lone sextet
    EXPECT_FALSE(base64Decode("Zg==Zg").has_value()); // data after padding
    std::string all;
    for (int b = 0; b < 256; ++b) {
        all += static_cast<char>(b);
    }
    for (std::size_t n = 0; n < 7; ++n) {
        EXPECT_EQ(base64Decode(base64Encode(all.substr(n))), all.substr(n));
    }
}

TEST(TextCodec, PercentAndForm) {
    EXPECT_EQ(percentDecode("a%20b+c%zz%4", true), "a b c%zz%4");
    EXPECT_EQ(percentDecode("a+b", false), "a+b");
    EXPECT_EQ(formUrlEncode("a b&c=ü*"), "a+b%26c%3D%C3%BC*");
    EXPECT_EQ(percentDecode(formUrlEncode("x y/z?"), true), "x y/z?");
}

TEST(IsoTime, FormatsUtcWithMilliseconds) {
    EXPECT_EQ(formatIso8601(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(formatIso8601(1'717'171'717'123'456), "2024-05-31T16:08:37.123Z");
    EXPECT_EQ(formatIso8601(-1), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(formatIso8601(951'782'400'000'000), "2000-02-29T00:00:00.000Z");
}

TEST(IsoTime, ParsesTheFormsToolsWrite) {
    EXPECT_EQ(parseIso8601("2024-05-31T16:08:37.123Z"), 1'717'171'717'123'000);
    EXPECT_EQ(parseIso8601("2024-05-31T16:08:37.123456Z"), 1'717'171'717'123'456);
    EXPECT_EQ(parseIso8601("2024-05-31T16:08:37.1234567Z"), 1'717'171'717'123'456);
    EXPECT_EQ(parseIso8601("2024-05-31T18:08:37.123+02:00"), 1'717'171'717'123'000);
    EXPECT_EQ(parseIso8601("2024-05-31T11:38:37.123-0430"), 1'717'171'717'123'000);
    EXPECT_EQ(parseIso8601("2024-05-31T16:08:37"), 1'717'171'717'000'000);
    EXPECT_EQ(parseIso8601("2024-05-31 16:08Z"), 1'717'171'680'000'000);
    EXPECT_FALSE(parseIso8601("2024-02-30T00:00:00Z").has_value());
    EXPECT_FALSE(parseIso8601("yesterday").has_value());
    EXPECT_FALSE(parseIso8601("2024-05-31T16:08:37.Z").has_value());
    EXPECT_FALSE(parseIso8601("2024-05-31T16:08:37Zjunk").has_value());
    EXPECT_FALSE(parseIso8601("2024-05-31").has_value());
}

TEST(IsoTime, CookieDatesPerRfc6265) {
    const auto expected = parseIso8601("2015-10-21T07:28:00Z");
    EXPECT_EQ(parseCookieDate("Wed, 21 Oct 2015 07:28:00 GMT"), expected);     // IMF-fixdate
    EXPECT_EQ(parseCookieDate("Wednesday, 21-Oct-15 07:28:00 GMT"), expected); // RFC 850
    EXPECT_EQ(parseCookieDate("Wed Oct 21 07:28:00 2015"), expected);          // asctime
    EXPECT_EQ(parseCookieDate("21 october 2015 7:28:0"), expected);
    EXPECT_EQ(parseCookieDate("Thu, 01-Jan-1970 00:00:00 GMT"), 0);
    EXPECT_FALSE(parseCookieDate("Wed, 21 Oct 2015").has_value()); // no time
    EXPECT_FALSE(parseCookieDate("Wed, 31 Feb 2015 07:28:00").has_value());
    EXPECT_FALSE(parseCookieDate("Wed, 21 Oct 1500 07:28:00").has_value());
}

TEST(HarCookies, CookieHeader) {
    const auto cookies = parseCookieHeader(" a=1;b = two ; flag; c=x=y;;");
    ASSERT_EQ(cookies.size(), 4u);
    EXPECT_EQ(cookies[0].name, "a");
    EXPECT_EQ(cookies[1].name, "b");
    EXPECT_EQ(cookies[1].value, "two");
    EXPECT_EQ(cookies[2].name, "");
    EXPECT_EQ(cookies[2].value, "flag");
    EXPECT_EQ(cookies[3].value, "x=y");
}

TEST(HarCookies, SetCookieAttributes) {
    const auto cookie = parseSetCookie("id=a3fWa; Expires=Thu, 21 Oct 2021 07:28:00 GMT; Secure; HttpOnly; path=/docs; "
                                       "Domain=example.com; SameSite=Strict; Unknown=1",
                                       0);
    EXPECT_EQ(cookie.name, "id");
    EXPECT_EQ(cookie.value, "a3fWa");
    EXPECT_EQ(cookie.expires, "2021-10-21T07:28:00.000Z");
    EXPECT_TRUE(cookie.secure);
    EXPECT_TRUE(cookie.httpOnly);
    EXPECT_EQ(cookie.path, "/docs");
    EXPECT_EQ(cookie.domain, "example.com");
    EXPECT_EQ(cookie.sameSite, "Strict");

    // Max-Age wins over Expires, counted from when the response arrived.
    const auto maxAge = parseSetCookie("a=b; Max-Age=60; Expires=Thu, 21 Oct 2021 07:28:00 GMT", 1'000'000);
    EXPECT_EQ(maxAge.expires, "1970-01-01T00:01:01.000Z");
    EXPECT_EQ(parseSetCookie("a=b; Max-Age=0", 5'000'000).expires, "1970-01-01T00:00:00.000Z");
    EXPECT_FALSE(parseSetCookie("a=b; Expires=soon", 0).expires.has_value());
    EXPECT_FALSE(parseSetCookie("a=b; Max-Age=abc", 0).expires.has_value());
}

TEST(UrlParts, SplitsAbsoluteUrls) {
    const auto url = splitUrl("HTTPS://user:pw@Example.COM:8443/a/b?x=1&y#frag?no");
    ASSERT_TRUE(url.has_value());
    EXPECT_EQ(url->scheme, "https");
    EXPECT_EQ(url->host, "example.com");
    EXPECT_EQ(url->port, 8443);
    EXPECT_EQ(url->pathAndQuery, "/a/b?x=1&y");
    EXPECT_EQ(url->query, "x=1&y");
    EXPECT_EQ(hostHeaderFor(*url), "example.com:8443");

    const auto bare = splitUrl("http://[::1]");
    ASSERT_TRUE(bare.has_value());
    EXPECT_EQ(bare->host, "::1");
    EXPECT_FALSE(bare->port.has_value());
    EXPECT_EQ(bare->pathAndQuery, "/");
    EXPECT_FALSE(bare->hasQuery);
    EXPECT_EQ(hostHeaderFor(*bare), "[::1]");
    EXPECT_EQ(splitUrl("http://a.test?q")->pathAndQuery, "/?q");

    EXPECT_FALSE(splitUrl("data:text/plain,hi").has_value());
    EXPECT_FALSE(splitUrl("/relative/path").has_value());
    EXPECT_FALSE(splitUrl("http://host:99999/").has_value());
    EXPECT_FALSE(splitUrl("http:///nohost").has_value());
}

TEST(UrlParts, AuthorityAndIpLiterals) {
    EXPECT_EQ(splitAuthority("Example.com:443"), (std::pair<std::string, std::uint16_t>{"example.com", 443}));
    EXPECT_EQ(splitAuthority("[2001:db8::1]:8443"), (std::pair<std::string, std::uint16_t>{"2001:db8::1", 8443}));
    EXPECT_FALSE(splitAuthority("example.com").has_value());
    EXPECT_TRUE(isIpLiteral("10.0.0.7"));
    EXPECT_TRUE(isIpLiteral("2001:db8::1"));
    EXPECT_FALSE(isIpLiteral("10.0.0"));
    EXPECT_FALSE(isIpLiteral("10.0.0.256"));
    EXPECT_FALSE(isIpLiteral("example.com"));
}

TEST(UrlParts, QueryPairs) {
    const auto pairs = parseQuery("a=1&b=x+y%21&&c&d=%ff&%e2%82%ac=euro");
    ASSERT_EQ(pairs.size(), 5u);
    EXPECT_EQ(pairs[1], (std::pair<std::string, std::string>{"b", "x y!"}));
    EXPECT_EQ(pairs[2], (std::pair<std::string, std::string>{"c", ""}));
    EXPECT_EQ(pairs[3], (std::pair<std::string, std::string>{"d", "%ff"})); // would not be UTF-8 decoded
    EXPECT_EQ(pairs[4], (std::pair<std::string, std::string>{"€", "euro"}));
}

} // namespace
} // namespace flowscope::store::exporting
