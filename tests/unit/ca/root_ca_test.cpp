// The root CA: first-run creation, the files on disk, reloading, and the certificate profile.

#include "ca/certificate_authority.hpp"
#include "ca_test_support.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <regex>

namespace flowscope::ca::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

TEST(RootCa, FirstRunCreatesCertKeyAndDer) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());

    EXPECT_EQ(ca->paths().certPem, dir.certs() / "ca.pem");
    EXPECT_TRUE(fs::is_regular_file(dir.certs() / "ca.pem"));
    EXPECT_TRUE(fs::is_regular_file(dir.certs() / "ca-key.pem"));
    EXPECT_TRUE(fs::is_regular_file(dir.certs() / "ca.cer"));
    EXPECT_TRUE(fs::is_regular_file(dir.certs() / "leaf" / "leaf-key.pem"));

    // No staged or temporary files are left behind.
    for (const auto& entry : fs::directory_iterator(dir.certs())) {
        const std::string name = entry.path().filename().string();
        EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
        EXPECT_FALSE(name.ends_with(".new")) << name;
    }
}

TEST(RootCa, PrivateKeysAreOwnerOnlyPkcs8) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());

    const fs::perms ownerOnly = fs::perms::owner_read | fs::perms::owner_write;
    EXPECT_EQ(fs::status(dir.certs() / "ca-key.pem").permissions(), ownerOnly);
    EXPECT_EQ(fs::status(dir.certs() / "leaf" / "leaf-key.pem").permissions(), ownerOnly);

    const std::string key = readFile(dir.certs() / "ca-key.pem");
    EXPECT_TRUE(key.starts_with("-----BEGIN PRIVATE KEY-----")) << "PKCS#8, not a traditional EC key";
}

TEST(RootCa, DerFileIsTheSameCertificateAsPem) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());

    const std::string der = readFile(dir.certs() / "ca.cer");
    const X509Ptr fromDer = certificateFromDer(der);
    ASSERT_NE(fromDer, nullptr);
    const X509Ptr fromPem = loadCertificate(dir.certs() / "ca.pem");
    ASSERT_NE(fromPem, nullptr);
    EXPECT_EQ(X509_cmp(fromDer.get(), fromPem.get()), 0);
    EXPECT_EQ(ca->rootDer(), der);
    EXPECT_EQ(ca->rootPem(), readFile(dir.certs() / "ca.pem"));
}

TEST(RootCa, SecondLoadReturnsTheSameCa) {
    TempDir dir;
    const CaInfo first = CertificateAuthority::loadOrCreate(dir.certs())->info();
    const std::string keyBefore = readFile(dir.certs() / "ca-key.pem");

    const CaInfo second = CertificateAuthority::loadOrCreate(dir.certs())->info();
    EXPECT_EQ(first.sha256Fingerprint, second.sha256Fingerprint);
    EXPECT_EQ(first.subject, second.subject);
    EXPECT_EQ(readFile(dir.certs() / "ca-key.pem"), keyBefore);
}

TEST(RootCa, MissingDerIsRewritten) {
    TempDir dir;
    const std::string der = CertificateAuthority::loadOrCreate(dir.certs())->rootDer();
    fs::remove(dir.certs() / "ca.cer");

    CertificateAuthority::loadOrCreate(dir.certs());
    ASSERT_TRUE(fs::exists(dir.certs() / "ca.cer"));
    EXPECT_EQ(readFile(dir.certs() / "ca.cer"), der);
}

TEST(RootCa, StaleDerIsRewritten) {
    TempDir dir;
    const std::string der = CertificateAuthority::loadOrCreate(dir.certs())->rootDer();
    writeFile(dir.certs() / "ca.cer", "stale");

    CertificateAuthority::loadOrCreate(dir.certs());
    EXPECT_EQ(readFile(dir.certs() / "ca.cer"), der);
}

TEST(RootCa, TwoInstallsAreDistinguishable) {
    TempDir first;
    TempDir second;
    const CaInfo a = CertificateAuthority::loadOrCreate(first.certs())->info();
    const CaInfo b = CertificateAuthority::loadOrCreate(second.certs())->info();
    EXPECT_NE(a.subject, b.subject);
    EXPECT_NE(a.sha256Fingerprint, b.sha256Fingerprint);
}

TEST(RootCa, SubjectNamesProductOwnerAndInstall) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    X509* root = ca->rootCertificate();

    const std::string cn = commonName(root).value_or("");
    EXPECT_TRUE(std::regex_match(cn, std::regex(R"(Flowscope CA \(.+@.+, [0-9a-f]{8}\))"))) << cn;
    EXPECT_LE(cn.size(), 64u);
    EXPECT_EQ(nameEntry(root, NID_organizationName), "Flowscope");
    const std::string unit = nameEntry(root, NID_organizationalUnitName).value_or("");
    EXPECT_NE(unit.find("install"), std::string::npos) << unit;
    // The install id appears in both CN and OU.
    EXPECT_NE(unit.find(cn.substr(cn.size() - 9, 8)), std::string::npos);
    EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(root), X509_get_issuer_name(root)), 0);
}

TEST(RootCa, ProfileIsAConstrainedP256Sha256Ca) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    X509* root = ca->rootCertificate();

    EXPECT_EQ(X509_get_version(root), X509_VERSION_3);
    EXPECT_EQ(X509_check_ca(root), 1);
    EXPECT_EQ(extensionCritical(root, NID_basic_constraints), true);
    EXPECT_EQ(X509_get_pathlen(root), 0);
    EXPECT_EQ(extensionCritical(root, NID_key_usage), true);
    EXPECT_EQ(X509_get_key_usage(root), static_cast<std::uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    ASSERT_NE(X509_get0_subject_key_id(root), nullptr);
    EXPECT_EQ(octets(X509_get0_subject_key_id(root)).size(), 20u);

    EVP_PKEY* key = X509_get0_pubkey(root);
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(EVP_PKEY_is_a(key, "EC"), 1);
    char group[64] = {};
    ASSERT_EQ(EVP_PKEY_get_group_name(key, group, sizeof group, nullptr), 1);
    EXPECT_STREQ(group, "prime256v1");
    EXPECT_EQ(X509_get_signature_nid(root), NID_ecdsa_with_SHA256);
    EXPECT_EQ(X509_verify(root, key), 1);
}

TEST(RootCa, SerialIsPositiveAndAbout128Bits) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const BignumPtr serial{ASN1_INTEGER_to_BN(X509_get0_serialNumber(ca->rootCertificate()), nullptr)};
    ASSERT_NE(serial, nullptr);
    EXPECT_FALSE(BN_is_negative(serial.get()));
    EXPECT_LE(BN_num_bits(serial.get()), 127);
    EXPECT_GE(BN_num_bits(serial.get()), 96); // fails with probability 2^-31
}

TEST(RootCa, ValidForTenYearsFromADayBack) {
    TempDir dir;
    const Clock::time_point now = Clock::now();
    const CaInfo info = CertificateAuthority::loadOrCreate(dir.certs())->info();

    EXPECT_NEAR(daysBetween(info.notBefore, now), 1.0, 0.01);
    EXPECT_NEAR(daysBetween(now, info.notAfter), 3652.0, 1.0); // ten Gregorian years
}

TEST(RootCa, InfoMatchesTheCertificate) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const CaInfo info = ca->info();

    const std::string der = readFile(dir.certs() / "ca.cer");
    const Bytes digest = sha256({reinterpret_cast<const unsigned char*>(der.data()), der.size()});
    EXPECT_EQ(info.sha256Fingerprint, colonHex(digest));
    EXPECT_TRUE(std::regex_match(info.sha256Fingerprint, std::regex("([0-9A-F]{2}:){31}[0-9A-F]{2}")));

    // RFC 2253 lists the most specific RDN first.
    EXPECT_TRUE(info.subject.starts_with("CN=Flowscope CA (")) << info.subject;
    EXPECT_NE(info.subject.find(",OU=Flowscope install "), std::string::npos) << info.subject;
    EXPECT_TRUE(info.subject.ends_with(",O=Flowscope")) << info.subject;
    EXPECT_EQ(info.notBefore, toTimePoint(X509_get0_notBefore(ca->rootCertificate())));
    EXPECT_LT(info.notBefore, info.notAfter);
}

TEST(RootCa, RegenerateChangesTheCaAndEmptiesTheLeafCache) {
    TempDir dir;
    const auto old = CertificateAuthority::loadOrCreate(dir.certs());
    const CaInfo before = old->info();
    old->leafFor("cached.example");
    old->flushLeafCache();
    ASSERT_EQ(leafFiles(dir.certs()).size(), 1u);

    const auto fresh = CertificateAuthority::regenerate(dir.certs());
    EXPECT_NE(fresh->info().sha256Fingerprint, before.sha256Fingerprint);
    EXPECT_NE(fresh->info().subject, before.subject);
    EXPECT_TRUE(leafFiles(dir.certs()).empty());
    EXPECT_EQ(readFile(dir.certs() / "ca.cer"), fresh->rootDer());
    EXPECT_EQ(fs::status(dir.certs() / "ca-key.pem").permissions(), fs::perms::owner_read | fs::perms::owner_write);

    const LeafCertificate leaf = fresh->leafFor("cached.example");
    EXPECT_EQ(fresh->signaturesMade(), 1u);
    EXPECT_EQ(verifyChain(fresh->rootCertificate(), leaf.cert.get(), "cached.example", false), std::nullopt);
    EXPECT_NE(verifyChain(old->rootCertificate(), leaf.cert.get(), "cached.example", false), std::nullopt);

    // And the new pair is what the next run loads.
    EXPECT_EQ(CertificateAuthority::loadOrCreate(dir.certs())->info().sha256Fingerprint,
              fresh->info().sha256Fingerprint);
}

TEST(RootCa, RegenerateRecoversFromACorruptPair) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());
    writeFile(dir.certs() / "ca.pem", "garbage");
    EXPECT_THROW(CertificateAuthority::loadOrCreate(dir.certs()), CaError);

    const auto fresh = CertificateAuthority::regenerate(dir.certs());
    EXPECT_EQ(CertificateAuthority::loadOrCreate(dir.certs())->info().sha256Fingerprint,
              fresh->info().sha256Fingerprint);
}

TEST(RootCa, CreatesMissingParentDirectories) {
    TempDir dir;
    const fs::path nested = dir.path() / "a" / "b" / "certs";
    CertificateAuthority::loadOrCreate(nested);
    EXPECT_TRUE(fs::exists(nested / "ca.pem"));
}

} // namespace
} // namespace flowscope::ca::test
