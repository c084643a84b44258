// Host normalisation and the leaf cache file names derived from it.

#include "ca/certificate_authority.hpp"
#include "ca/host_name.hpp"

#include <gtest/gtest.h>

namespace flowscope::ca {
namespace {

TEST(HostName, DnsNamesAreLowerCasedWithoutTrailingDot) {
    const HostName host = parseHostName("WWW.Example.COM.");
    EXPECT_EQ(host.text, "www.example.com");
    EXPECT_FALSE(host.isIp());
}

TEST(HostName, Ipv4IsStrict) {
    const HostName host = parseHostName("10.0.0.255");
    EXPECT_TRUE(host.isIp());
    EXPECT_EQ(host.ipAddress, (std::vector<unsigned char>{10, 0, 0, 255}));
    // Not IPv4: these are DNS names (nip.io style) or malformed quads.
    EXPECT_FALSE(parseHostName("1.2.3.4.nip.io").isIp());
    EXPECT_FALSE(parseHostName("1.2.3").isIp());
    EXPECT_FALSE(parseHostName("1.2.3.256").isIp());
    EXPECT_FALSE(parseHostName("01.2.3.4").isIp());
    EXPECT_TRUE(parseHostName("1.2.3.4.").isIp());
}

TEST(HostName, Ipv6IsCanonicalisedPerRfc5952) {
    EXPECT_EQ(parseHostName("2001:0DB8:0000:0000:0000:0000:0000:0001").text, "2001:db8::1");
    EXPECT_EQ(parseHostName("[::1]").text, "::1");
    EXPECT_EQ(parseHostName("::").text, "::");
    EXPECT_EQ(parseHostName("2001:db8:0:1:1:1:1:1").text, "2001:db8:0:1:1:1:1:1"); // a single 0 stays
    EXPECT_EQ(parseHostName("2001:0:0:1:0:0:0:1").text, "2001:0:0:1::1");          // longest run wins
    EXPECT_EQ(parseHostName("1:0:0:2:0:0:3:4").text, "1::2:0:0:3:4");              // first of equal runs
    EXPECT_EQ(parseHostName("::ffff:192.0.2.1").ipAddress.size(), 16u);
    EXPECT_THROW(parseHostName("1:2:3"), CaError);
    EXPECT_THROW(parseHostName("fe80::1%eth0"), CaError);
    EXPECT_THROW(parseHostName("12345::1"), CaError);
}

TEST(HostName, RefusesWhatCannotBeACertificateName) {
    EXPECT_THROW(parseHostName(""), CaError);
    EXPECT_THROW(parseHostName("."), CaError);
    EXPECT_THROW(parseHostName("a b"), CaError);
    EXPECT_THROW(parseHostName(std::string("nul\0byte", 8)), CaError);
    EXPECT_THROW(parseHostName("\xe4\xb8\xad.example"), CaError);
    EXPECT_NO_THROW(parseHostName(std::string(253, 'a')));
    EXPECT_THROW(parseHostName(std::string(254, 'a')), CaError);
}

TEST(HostName, ErrorMessagesAreOneEscapedLine) {
    try {
        parseHostName("bad\nhost");
        FAIL() << "no exception";
    } catch (const CaError& error) {
        const std::string message = error.what();
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        EXPECT_NE(message.find("bad\\x0ahost"), std::string::npos) << message;
    }
}

TEST(LeafFileName, KeepsOnlySafeCharactersAndAddsAHash) {
    EXPECT_EQ(leafFileName(parseHostName("example.com")).substr(0, 12), "example.com_");
    EXPECT_EQ(leafFileName(parseHostName("example.com")).size(), std::string("example.com_12345678.pem").size());
    const std::string traversal = leafFileName(parseHostName("../../etc"));
    EXPECT_EQ(traversal.substr(0, 10), ".._.._etc_");
    EXPECT_EQ(traversal.find('/'), std::string::npos);
    EXPECT_EQ(leafFileName(parseHostName("2001:db8::1")).substr(0, 12), "2001_db8__1_");
}

TEST(LeafFileName, HashSeparatesNamesThatSanitiseAlike) {
    EXPECT_NE(leafFileName(parseHostName("a_b.example")), leafFileName(parseHostName("a/b.example")));
    EXPECT_EQ(leafFileName(parseHostName("A.example")), leafFileName(parseHostName("a.example")));
}

TEST(LeafFileName, StaysShortForLongNames) {
    const std::string name = leafFileName(parseHostName(std::string(250, 'x')));
    EXPECT_LE(name.size(), 120u);
}

} // namespace
} // namespace flowscope::ca
