// classifyFirstBytes: what a client speaks inside a CONNECT tunnel.

#include "http/first_bytes.hpp"

#include <gtest/gtest.h>
#include <string>

namespace flowscope::http {
namespace {

using namespace std::string_literals;

// The first bytes of a real TLS 1.3 ClientHello (curl): record header 16 03 01 <len>,
// handshake type 01, handshake length, legacy_version 03 03, random...
const std::string kClientHello = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\x5a\x0e\x8b\x31"s;

struct FirstBytesCase {
    const char* name;
    std::string bytes;
    TunnelProtocol expected;
};
void PrintTo(const FirstBytesCase& c, std::ostream* os) {
    *os << c.name;
}

class FirstBytes : public ::testing::TestWithParam<FirstBytesCase> {};

TEST_P(FirstBytes, Classified) {
    const FirstBytesCase& c = GetParam();
    EXPECT_EQ(classifyFirstBytes(c.bytes), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FirstBytes,
    ::testing::Values(FirstBytesCase{"Empty", "", TunnelProtocol::NeedMore},
                      FirstBytesCase{"ClientHello", kClientHello, TunnelProtocol::TlsClientHello},
                      FirstBytesCase{"ClientHelloSixBytes", kClientHello.substr(0, 6), TunnelProtocol::TlsClientHello},
                      FirstBytesCase{"ClientHelloRecordVersion0303", "\x16\x03\x03\x00\x40\x01"s,
                                     TunnelProtocol::TlsClientHello},
                      FirstBytesCase{"ClientHelloOneByte", kClientHello.substr(0, 1), TunnelProtocol::NeedMore},
                      FirstBytesCase{"ClientHelloTwoBytes", kClientHello.substr(0, 2), TunnelProtocol::NeedMore},
                      FirstBytesCase{"ClientHelloFiveBytes", kClientHello.substr(0, 5), TunnelProtocol::NeedMore},
                      FirstBytesCase{"HandshakeButServerHello", "\x16\x03\x03\x00\x40\x02"s, TunnelProtocol::Other},
                      FirstBytesCase{"HandshakeRecordWrongMajor", "\x16\x02"s, TunnelProtocol::Other},
                      FirstBytesCase{"Sslv2ClientHello", "\x80\x2e\x01\x03\x01"s, TunnelProtocol::Other},
                      FirstBytesCase{"ApplicationDataRecord", "\x17\x03\x03\x00\x10"s, TunnelProtocol::Other},
                      FirstBytesCase{"Get", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", TunnelProtocol::Http},
                      FirstBytesCase{"Post", "POST /x HTTP/1.1\r\n", TunnelProtocol::Http},
                      FirstBytesCase{"Connect", "CONNECT example.com:443 HTTP/1.1\r\n", TunnelProtocol::Http},
                      FirstBytesCase{"ConnectWithoutSpaceYet", "CONNECT", TunnelProtocol::NeedMore},
                      FirstBytesCase{"PartialMethod", "GE", TunnelProtocol::NeedMore},
                      FirstBytesCase{"MethodAndSpace", "GET ", TunnelProtocol::Http},
                      FirstBytesCase{"Http2Preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", TunnelProtocol::Http},
                      FirstBytesCase{"SshBanner", "SSH-2.0-OpenSSH_9.2p1\r\n", TunnelProtocol::Other},
                      FirstBytesCase{"SshBannerPartial", "SSH", TunnelProtocol::NeedMore},
                      FirstBytesCase{"SshBannerUpToDash", "SSH-", TunnelProtocol::Other},
                      FirstBytesCase{"LowerCaseMethod", "get / HTTP/1.1\r\n", TunnelProtocol::Other},
                      FirstBytesCase{"LeadingSpace", " GET /", TunnelProtocol::Other},
                      FirstBytesCase{"SmtpGreeting", "220 mail.example.com ESMTP\r\n", TunnelProtocol::Other},
                      FirstBytesCase{"Binary", "\x00\x01\x02\x03\xff"s, TunnelProtocol::Other},
                      FirstBytesCase{"LongCapitalRun", std::string(17, 'A'), TunnelProtocol::Other},
                      FirstBytesCase{"SixteenCapitals", std::string(16, 'A'), TunnelProtocol::NeedMore},
                      FirstBytesCase{"SixteenCapitalsThenSpace", std::string(16, 'A') + " /", TunnelProtocol::Http}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(FirstBytes, EveryPrefixOfAClientHelloIsNeedMoreOrClientHello) {
    for (std::size_t n = 0; n <= kClientHello.size(); ++n) {
        const auto result = classifyFirstBytes(std::string_view(kClientHello).substr(0, n));
        EXPECT_EQ(result, n < 6 ? TunnelProtocol::NeedMore : TunnelProtocol::TlsClientHello) << n;
    }
}

TEST(FirstBytes, EveryPrefixOfARequestLineIsNeedMoreOrHttp) {
    const std::string line = "OPTIONS * HTTP/1.1\r\n";
    for (std::size_t n = 0; n <= line.size(); ++n) {
        const auto result = classifyFirstBytes(std::string_view(line).substr(0, n));
        EXPECT_EQ(result, n < 8 ? TunnelProtocol::NeedMore : TunnelProtocol::Http) << n;
    }
}

} // namespace
} // namespace flowscope::http
