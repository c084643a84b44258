// Absolute-form and authority-form request targets, URL building, IP literal detection.

#include "http/url.hpp"

#include <gtest/gtest.h>
#include <optional>
#include <string>

namespace flowscope::http {
namespace {

struct UrlCase {
    const char* target;
    const char* scheme;
    const char* host;
    std::uint16_t port;
    const char* pathAndQuery;
};

class AbsoluteUrlValid : public ::testing::TestWithParam<UrlCase> {};

TEST_P(AbsoluteUrlValid, Parses) {
    const UrlCase& c = GetParam();
    const auto url = parseAbsoluteUrl(c.target);
    ASSERT_TRUE(url.has_value()) << c.target;
    EXPECT_EQ(url->scheme, c.scheme) << c.target;
    EXPECT_EQ(url->authority.host, c.host) << c.target;
    EXPECT_EQ(url->authority.port, c.port) << c.target;
    EXPECT_EQ(url->pathAndQuery, c.pathAndQuery) << c.target;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AbsoluteUrlValid,
    ::testing::Values(UrlCase{"http://example.com/", "http", "example.com", 80, "/"},
                      UrlCase{"https://example.com/a/b", "https", "example.com", 443, "/a/b"},
                      // ws/wss are aliases of http/https with the same default ports
                      UrlCase{"ws://chat.example.com/socket", "http", "chat.example.com", 80, "/socket"},
                      UrlCase{"wss://chat.example.com/socket", "https", "chat.example.com", 443, "/socket"},
                      UrlCase{"http://example.com:8080/x", "http", "example.com", 8080, "/x"},
                      UrlCase{"https://example.com:80/x", "https", "example.com", 80, "/x"},
                      UrlCase{"http://example.com:65535/", "http", "example.com", 65535, "/"},
                      UrlCase{"https://[::1]:8443/v6", "https", "::1", 8443, "/v6"},
                      UrlCase{"http://[2001:db8::1]/", "http", "2001:db8::1", 80, "/"},
                      UrlCase{"http://192.168.0.1:3000/api", "http", "192.168.0.1", 3000, "/api"},
                      UrlCase{"HTTP://Example.COM/Path/Keeps/Case", "http", "example.com", 80, "/Path/Keeps/Case"},
                      UrlCase{"HtTpS://WWW.EXAMPLE.COM", "https", "www.example.com", 443, "/"},
                      UrlCase{"http://example.com", "http", "example.com", 80, "/"},
                      UrlCase{"http://example.com:8080", "http", "example.com", 8080, "/"},
                      UrlCase{"http://example.com?q=1&r=2", "http", "example.com", 80, "/?q=1&r=2"},
                      UrlCase{"http://example.com/search?q=a%20b&x=", "http", "example.com", 80, "/search?q=a%20b&x="},
                      UrlCase{"http://example.com/page#section", "http", "example.com", 80, "/page"},
                      UrlCase{"http://example.com/p?q=1#frag?x", "http", "example.com", 80, "/p?q=1"},
                      UrlCase{"http://example.com#frag", "http", "example.com", 80, "/"},
                      UrlCase{"http://example.com/a@b", "http", "example.com", 80, "/a@b"},
                      UrlCase{"http://my_host.local/", "http", "my_host.local", 80, "/"}));

class AbsoluteUrlInvalid : public ::testing::TestWithParam<const char*> {};

TEST_P(AbsoluteUrlInvalid, IsRejected) {
    EXPECT_FALSE(parseAbsoluteUrl(GetParam()).has_value()) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Cases, AbsoluteUrlInvalid,
                         ::testing::Values(
                             // userinfo: deprecated and a spoofing trick
                             "http://user@example.com/", "http://user:pass@example.com/",
                             "http://trusted.com@evil.com/", "http://@example.com/",
                             // bad ports
                             "http://example.com:0/", "http://example.com:65536/", "http://example.com:99999/",
                             "http://example.com:abc/", "http://example.com:/", "http://example.com:-1/",
                             "http://example.com:+80/", "http://example.com:8 0/", "http://[::1]:/",
                             // non-http schemes and non-URLs
                             "ftp://example.com/", "file:///etc/passwd", "javascript://example.com/%0aalert(1)",
                             "gopher://example.com/", "://example.com/", "example.com/path", "/origin/form",
                             "http:/example.com/", "",
                             // bad hosts
                             "http:///path", "http://exa mple.com/", "http://exa\\mple.com/", "http://[::1/",
                             "http://[not-v6]/", "http://::1/", "http://[::1]x/", "http://[fe80::1%25eth0]/",
                             "http://example.com%00.evil/"));

TEST(Authority, ConnectTargets) {
    const auto plain = parseAuthority("Example.com:443", 0);
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->host, "example.com");
    EXPECT_EQ(plain->port, 443);
    EXPECT_FALSE(plain->isIpv6());
    EXPECT_EQ(plain->toString(), "example.com:443");

    const auto v6 = parseAuthority("[::1]:443", 0);
    ASSERT_TRUE(v6.has_value());
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 443);
    EXPECT_TRUE(v6->isIpv6());
    EXPECT_EQ(v6->toString(), "[::1]:443");

    const auto v4 = parseAuthority("10.0.0.1:8443", 0);
    ASSERT_TRUE(v4.has_value());
    EXPECT_EQ(v4->host, "10.0.0.1");
    EXPECT_EQ(v4->port, 8443);
}

TEST(Authority, PortIsRequiredWhenThereIsNoDefault) {
    EXPECT_FALSE(parseAuthority("example.com", 0).has_value());
    EXPECT_FALSE(parseAuthority("[::1]", 0).has_value());
    EXPECT_FALSE(parseAuthority("example.com:", 0).has_value());
    EXPECT_FALSE(parseAuthority("[::1]:", 0).has_value());
    EXPECT_FALSE(parseAuthority("", 0).has_value());
    EXPECT_FALSE(parseAuthority(":443", 0).has_value());
    EXPECT_FALSE(parseAuthority("::1:443", 0).has_value()); // IPv6 needs brackets
    EXPECT_FALSE(parseAuthority("[::1]443", 0).has_value());
    EXPECT_FALSE(parseAuthority("example.com:443:443", 0).has_value());
    EXPECT_FALSE(parseAuthority("user@example.com:443", 0).has_value());
}

TEST(Authority, DefaultPortIsUsedWhenGiven) {
    const auto host = parseAuthority("example.com", 80);
    ASSERT_TRUE(host.has_value());
    EXPECT_EQ(host->port, 80);
    const auto v6 = parseAuthority("[::1]", 443);
    ASSERT_TRUE(v6.has_value());
    EXPECT_EQ(v6->port, 443);
}

TEST(Authority, HostHeaderOmitsTheSchemesDefaultPort) {
    EXPECT_EQ((Authority{"example.com", 80}).hostHeader("http"), "example.com");
    EXPECT_EQ((Authority{"example.com", 443}).hostHeader("https"), "example.com");
    EXPECT_EQ((Authority{"example.com", 443}).hostHeader("http"), "example.com:443");
    EXPECT_EQ((Authority{"::1", 8443}).hostHeader("https"), "[::1]:8443");
    EXPECT_EQ((Authority{"::1", 443}).hostHeader("https"), "[::1]");
}

TEST(DefaultPort, KnownSchemes) {
    EXPECT_EQ(defaultPort("http"), 80);
    EXPECT_EQ(defaultPort("https"), 443);
    EXPECT_EQ(defaultPort("ws"), 80);
    EXPECT_EQ(defaultPort("wss"), 443);
    EXPECT_EQ(defaultPort("ftp"), 0);
}

TEST(BuildUrl, OmitsDefaultPortsAndBracketsIpv6) {
    EXPECT_EQ(buildUrl("http", {"example.com", 80}, "/a?b"), "http://example.com/a?b");
    EXPECT_EQ(buildUrl("https", {"example.com", 443}, "/"), "https://example.com/");
    EXPECT_EQ(buildUrl("https", {"example.com", 8443}, "/x"), "https://example.com:8443/x");
    EXPECT_EQ(buildUrl("http", {"example.com", 443}, "/"), "http://example.com:443/");
    EXPECT_EQ(buildUrl("http", {"::1", 8080}, ""), "http://[::1]:8080/");
    EXPECT_EQ(buildUrl("https", {"2001:db8::1", 443}, "/p"), "https://[2001:db8::1]/p");
}

TEST(BuildUrl, RoundTripsThroughParse) {
    for (const char* text :
         {"http://example.com/", "https://example.com:8443/a?b=c", "http://[::1]:8080/x", "https://10.1.2.3/"}) {
        const auto url = parseAbsoluteUrl(text);
        ASSERT_TRUE(url.has_value()) << text;
        EXPECT_EQ(buildUrl(url->scheme, url->authority, url->pathAndQuery), text);
    }
}

struct LiteralCase {
    const char* text;
    bool ipv4;
    bool ipv6;
};

class IpLiterals : public ::testing::TestWithParam<LiteralCase> {};

TEST_P(IpLiterals, Classified) {
    const LiteralCase& c = GetParam();
    EXPECT_EQ(isIpv4Literal(c.text), c.ipv4) << c.text;
    EXPECT_EQ(isIpv6Literal(c.text), c.ipv6) << c.text;
    EXPECT_EQ(isIpLiteral(c.text), c.ipv4 || c.ipv6) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IpLiterals,
    ::testing::Values(LiteralCase{"1.2.3.4", true, false}, LiteralCase{"0.0.0.0", true, false},
                      LiteralCase{"255.255.255.255", true, false}, LiteralCase{"1.2.3", false, false},
                      LiteralCase{"1.2.3.4.5", false, false}, LiteralCase{"01.2.3.4", false, false},
                      LiteralCase{"1.2.3.04", false, false}, LiteralCase{"256.1.1.1", false, false},
                      LiteralCase{"1.2.3.4.", false, false}, LiteralCase{".1.2.3", false, false},
                      LiteralCase{"1..2.3", false, false}, LiteralCase{"1.2.3.-4", false, false},
                      LiteralCase{"1.2.3.4a", false, false}, LiteralCase{"0x7f.0.0.1", false, false},
                      LiteralCase{"2130706433", false, false}, LiteralCase{"1234.1.1.1", false, false},
                      LiteralCase{"", false, false}, LiteralCase{"example.com", false, false},
                      LiteralCase{"::", false, true}, LiteralCase{"::1", false, true}, LiteralCase{"1::", false, true},
                      LiteralCase{"fe80::1", false, true}, LiteralCase{"2001:db8::1", false, true},
                      LiteralCase{"2001:DB8:0:0:0:0:0:1", false, true}, LiteralCase{"1:2:3:4:5:6:7:8", false, true},
                      LiteralCase{"1:2:3:4:5:6:7::", false, true}, LiteralCase{"::ffff:1.2.3.4", false, true},
                      LiteralCase{"1:2:3:4:5:6:1.2.3.4", false, true}, LiteralCase{":::", false, false},
                      LiteralCase{"1::2::3", false, false}, LiteralCase{":1::", false, false},
                      LiteralCase{"1:", false, false}, LiteralCase{":1", false, false},
                      LiteralCase{"1:2:3:4:5:6:7", false, false}, LiteralCase{"1:2:3:4:5:6:7:8:9", false, false},
                      LiteralCase{"1::2:3:4:5:6:7:8", false, false}, LiteralCase{"12345::", false, false},
                      LiteralCase{"g::1", false, false}, LiteralCase{"::ffff:1.2.3", false, false},
                      LiteralCase{"::ffff:1.2.3.4:1", false, false}, LiteralCase{"1.2.3.4::", false, false},
                      LiteralCase{"1:2:3:4:5:6:7:1.2.3.4", false, false}, LiteralCase{"fe80::1%eth0", false, false},
                      LiteralCase{"[::1]", false, false}, LiteralCase{":", false, false}));

} // namespace
} // namespace flowscope::http
