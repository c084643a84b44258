// The leaf profile: names, extensions, validity, and a chain that real verification accepts.

#include "ca/certificate_authority.hpp"
#include "ca/install_identity.hpp"
#include "ca/root_ca.hpp"
#include "ca_test_support.hpp"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

namespace flowscope::ca::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

class LeafCertificateTest : public ::testing::Test {
protected:
    void SetUp() override { m_ca = CertificateAuthority::loadOrCreate(m_dir.certs()); }

    X509* root() const { return m_ca->rootCertificate(); }

    TempDir m_dir;
    std::unique_ptr<CertificateAuthority> m_ca;
};

TEST_F(LeafCertificateTest, DnsNameLeaf) {
    const LeafCertificate leaf = m_ca->leafFor("api.example.com");
    X509* cert = leaf.cert.get();

    EXPECT_EQ(commonName(cert), "api.example.com");
    const std::vector<SanEntry> sans = subjectAltNames(cert);
    ASSERT_EQ(sans.size(), 1u);
    EXPECT_EQ(sans[0].type, GEN_DNS);
    EXPECT_EQ(std::string(sans[0].value.begin(), sans[0].value.end()), "api.example.com");
    EXPECT_EQ(verifyChain(root(), cert, "api.example.com", false), std::nullopt);
    EXPECT_NE(verifyChain(root(), cert, "other.example.com", false), std::nullopt);
}

TEST_F(LeafCertificateTest, Ipv4Leaf) {
    const LeafCertificate leaf = m_ca->leafFor("192.168.1.20");
    X509* cert = leaf.cert.get();

    EXPECT_EQ(commonName(cert), "192.168.1.20");
    const std::vector<SanEntry> sans = subjectAltNames(cert);
    ASSERT_EQ(sans.size(), 1u);
    EXPECT_EQ(sans[0].type, GEN_IPADD);
    EXPECT_EQ(sans[0].value, (std::vector<unsigned char>{192, 168, 1, 20}));
    EXPECT_EQ(verifyChain(root(), cert, "192.168.1.20", true), std::nullopt);
    EXPECT_NE(verifyChain(root(), cert, "192.168.1.21", true), std::nullopt);
    // An IP literal is not a DNS name: a hostname check for the same text must not pass.
    EXPECT_NE(verifyChain(root(), cert, "192.168.1.20.nip.io", false), std::nullopt);
}

TEST_F(LeafCertificateTest, Ipv6Leaf) {
    const LeafCertificate leaf = m_ca->leafFor("2001:DB8::1");
    X509* cert = leaf.cert.get();

    EXPECT_EQ(commonName(cert), "2001:db8::1");
    const std::vector<SanEntry> sans = subjectAltNames(cert);
    ASSERT_EQ(sans.size(), 1u);
    EXPECT_EQ(sans[0].type, GEN_IPADD);
    std::vector<unsigned char> expected(16, 0);
    expected[0] = 0x20;
    expected[1] = 0x01;
    expected[2] = 0x0d;
    expected[3] = 0xb8;
    expected[15] = 0x01;
    EXPECT_EQ(sans[0].value, expected);
    EXPECT_EQ(verifyChain(root(), cert, "2001:db8::1", true), std::nullopt);
    EXPECT_EQ(verifyChain(root(), cert, "2001:0db8:0:0:0:0:0:1", true), std::nullopt);
    EXPECT_NE(verifyChain(root(), cert, "2001:db8::2", true), std::nullopt);
}

TEST_F(LeafCertificateTest, ExtensionsFollowTheServerProfile) {
    const LeafCertificate leaf = m_ca->leafFor("www.example.org");
    X509* cert = leaf.cert.get();

    EXPECT_EQ(X509_get_version(cert), X509_VERSION_3);
    EXPECT_EQ(X509_check_ca(cert), 0);
    EXPECT_EQ(extensionCritical(cert, NID_basic_constraints), true);
    EXPECT_EQ(extensionCritical(cert, NID_key_usage), true);
    EXPECT_EQ(X509_get_key_usage(cert), static_cast<std::uint32_t>(KU_DIGITAL_SIGNATURE));
    EXPECT_EQ(extensionCritical(cert, NID_ext_key_usage), false);
    EXPECT_EQ(X509_get_extended_key_usage(cert), static_cast<std::uint32_t>(XKU_SSL_SERVER));
    EXPECT_EQ(extensionCritical(cert, NID_subject_alt_name), false);

    ASSERT_NE(X509_get0_subject_key_id(cert), nullptr);
    ASSERT_NE(X509_get0_authority_key_id(cert), nullptr);
    EXPECT_EQ(octets(X509_get0_authority_key_id(cert)), octets(X509_get0_subject_key_id(root())));
    EXPECT_EQ(X509_NAME_cmp(X509_get_issuer_name(cert), X509_get_subject_name(root())), 0);
    EXPECT_EQ(X509_get_signature_nid(cert), NID_ecdsa_with_SHA256);
    EXPECT_EQ(X509_verify(cert, X509_get0_pubkey(root())), 1);
}

TEST_F(LeafCertificateTest, ValidityStartsADayBackAndStaysWithin397Days) {
    const Clock::time_point now = Clock::now();
    const LeafCertificate leaf = m_ca->leafFor("validity.example");
    const Clock::time_point notBefore = toTimePoint(X509_get0_notBefore(leaf.cert.get()));
    const Clock::time_point notAfter = toTimePoint(X509_get0_notAfter(leaf.cert.get()));

    EXPECT_NEAR(daysBetween(notBefore, now), 1.0, 0.01);
    // CA/Browser Forum BR §6.3.2 counts the period inclusively: notAfter - notBefore + 1s.
    EXPECT_LE(notAfter - notBefore + std::chrono::seconds{1}, std::chrono::days{397});
    EXPECT_GT(daysBetween(notBefore, notAfter), 396.9);
}

TEST_F(LeafCertificateTest, SerialsAreRandomPositiveAndDistinct) {
    const LeafCertificate a = m_ca->leafFor("a.example");
    const LeafCertificate b = m_ca->leafFor("b.example");
    const ASN1_INTEGER* serialA = X509_get0_serialNumber(a.cert.get());
    const ASN1_INTEGER* serialB = X509_get0_serialNumber(b.cert.get());
    EXPECT_NE(ASN1_INTEGER_cmp(serialA, serialB), 0);
    const BignumPtr number{ASN1_INTEGER_to_BN(serialA, nullptr)};
    EXPECT_FALSE(BN_is_negative(number.get()));
    EXPECT_GE(BN_num_bits(number.get()), 96);
    EXPECT_NE(ASN1_INTEGER_cmp(serialA, X509_get0_serialNumber(root())), 0);
}

TEST_F(LeafCertificateTest, AllLeavesShareOneP256KeyMatchingTheCertificate) {
    const LeafCertificate a = m_ca->leafFor("one.example");
    const LeafCertificate b = m_ca->leafFor("two.example");
    ASSERT_NE(a.key, nullptr);
    EXPECT_EQ(a.key, b.key);
    EXPECT_EQ(X509_check_private_key(a.cert.get(), a.key.get()), 1);
    EXPECT_EQ(X509_check_private_key(b.cert.get(), b.key.get()), 1);
    EXPECT_EQ(EVP_PKEY_is_a(a.key.get(), "EC"), 1);
    EXPECT_EQ(EVP_PKEY_get_bits(a.key.get()), 256);
}

TEST_F(LeafCertificateTest, LongNameKeepsFullSanAndTruncatedCommonName) {
    const std::string host = std::string(60, 'a') + "." + std::string(60, 'b') + ".example.com";
    const LeafCertificate leaf = m_ca->leafFor(host);

    EXPECT_EQ(commonName(leaf.cert.get()), host.substr(0, 64));
    const std::vector<SanEntry> sans = subjectAltNames(leaf.cert.get());
    ASSERT_EQ(sans.size(), 1u);
    EXPECT_EQ(std::string(sans[0].value.begin(), sans[0].value.end()), host);
    EXPECT_EQ(verifyChain(root(), leaf.cert.get(), host, false), std::nullopt);
}

TEST_F(LeafCertificateTest, HostSpellingsShareOneLeaf) {
    const LeafCertificate lower = m_ca->leafFor("mixed.example.com");
    EXPECT_EQ(m_ca->leafFor("MiXeD.Example.COM").cert, lower.cert);
    EXPECT_EQ(m_ca->leafFor("mixed.example.com.").cert, lower.cert);

    const LeafCertificate loopback = m_ca->leafFor("::1");
    EXPECT_EQ(m_ca->leafFor("[::1]").cert, loopback.cert);
    EXPECT_EQ(m_ca->leafFor("0:0:0:0:0:0:0:1").cert, loopback.cert);
    EXPECT_EQ(m_ca->signaturesMade(), 2u);
}

TEST_F(LeafCertificateTest, InvalidHostsAreRefused) {
    EXPECT_THROW(m_ca->leafFor(""), CaError);
    EXPECT_THROW(m_ca->leafFor("has space.example"), CaError);
    EXPECT_THROW(m_ca->leafFor("caf\xc3\xa9.example"), CaError);
    EXPECT_THROW(m_ca->leafFor("1:2:3"), CaError);
    EXPECT_THROW(m_ca->leafFor(std::string(254, 'a')), CaError);
    EXPECT_EQ(m_ca->signaturesMade(), 0u);
}

TEST(LeafCertificate, NeverOutlivesTheRoot) {
    TempDir dir;
    // A root with 100 days left, built and re-signed by hand.
    RootMaterial root = buildRootCa(InstallIdentity{"tester@host", "12345678"}, Clock::now());
    ASSERT_NE(X509_time_adj_ex(X509_getm_notAfter(root.cert.get()), 100, 0, nullptr), nullptr);
    ASSERT_GT(X509_sign(root.cert.get(), root.key.get(), EVP_sha256()), 0);
    fs::create_directories(dir.certs());
    writeFile(dir.certs() / "ca.pem", certificateToPem(root.cert.get()));
    writeFile(dir.certs() / "ca-key.pem", privateKeyToPkcs8Pem(root.key.get()));

    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const LeafCertificate leaf = ca->leafFor("short.example");
    EXPECT_EQ(ASN1_TIME_compare(X509_get0_notAfter(leaf.cert.get()), X509_get0_notAfter(root.cert.get())), 0);
    EXPECT_EQ(verifyChain(ca->rootCertificate(), leaf.cert.get(), "short.example", false), std::nullopt);
}

} // namespace
} // namespace flowscope::ca::test
