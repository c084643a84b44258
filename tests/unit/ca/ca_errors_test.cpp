// Loading a damaged CA: every problem is a CaError with one readable line naming the file,
// and an interrupted first run or regeneration is finished or rolled back, never half done.

#include "ca/certificate_authority.hpp"
#include "ca/install_identity.hpp"
#include "ca/root_ca.hpp"
#include "ca_test_support.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>

namespace flowscope::ca::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

// The message of the CaError loadOrCreate throws (fails the test when it does not throw).
std::string loadError(const fs::path& certs) {
    try {
        CertificateAuthority::loadOrCreate(certs);
    } catch (const CaError& error) {
        return error.what();
    }
    ADD_FAILURE() << "loadOrCreate did not throw CaError";
    return {};
}

void expectOneLine(const std::string& message) {
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(CaErrors, CorruptCertificate) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());
    writeFile(dir.certs() / "ca.pem", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("corrupt CA certificate " + (dir.certs() / "ca.pem").string() + ":"), std::string::npos)
        << message;
    expectOneLine(message);
}

TEST(CaErrors, CorruptKey) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());
    writeFile(dir.certs() / "ca-key.pem", "nonsense");

    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("corrupt CA key " + (dir.certs() / "ca-key.pem").string()), std::string::npos) << message;
    expectOneLine(message);
}

TEST(CaErrors, EncryptedKeyIsReportedNotPromptedFor) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());
    const PkeyPtr key = privateKeyFromPem(readFile(dir.certs() / "ca-key.pem"));
    const BioPtr bio{BIO_new(BIO_s_mem())};
    char passphrase[] = "secret";
    ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(bio.get(), key.get(), EVP_aes_256_cbc(), passphrase,
                                            static_cast<int>(sizeof passphrase - 1), nullptr, nullptr),
              1);
    writeFile(dir.certs() / "ca-key.pem", memoryBioContents(bio.get()));

    // OpenSSL's default callback would read a passphrase from the terminal; ours refuses.
    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("corrupt CA key"), std::string::npos) << message;
    expectOneLine(message);
}

TEST(CaErrors, KeyMissingWhileCertificatePresent) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());
    fs::remove(dir.certs() / "ca-key.pem");

    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("CA key " + (dir.certs() / "ca-key.pem").string() + " is missing"), std::string::npos)
        << message;
    expectOneLine(message);
    // Nothing was silently recreated over the user's certificate.
    EXPECT_FALSE(fs::exists(dir.certs() / "ca-key.pem"));
}

TEST(CaErrors, CertificateMissingWhileKeyPresent) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());
    fs::remove(dir.certs() / "ca.pem");

    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("CA certificate " + (dir.certs() / "ca.pem").string() + " is missing"), std::string::npos)
        << message;
    expectOneLine(message);
}

TEST(CaErrors, KeyFromAnotherCa) {
    TempDir dir;
    TempDir other;
    CertificateAuthority::loadOrCreate(dir.certs());
    CertificateAuthority::loadOrCreate(other.certs());
    fs::copy_file(other.certs() / "ca-key.pem", dir.certs() / "ca-key.pem", fs::copy_options::overwrite_existing);

    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("does not match the certificate " + (dir.certs() / "ca.pem").string()), std::string::npos)
        << message;
    expectOneLine(message);
}

TEST(CaErrors, CertificateThatIsNotACa) {
    TempDir dir;
    std::string leafPem;
    {
        const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
        leafPem = certificateToPem(ca->leafFor("not-a-ca.example").cert.get());
    }
    // A matching pair, but the certificate is a leaf.
    writeFile(dir.certs() / "ca.pem", leafPem);
    fs::copy_file(dir.certs() / "leaf" / "leaf-key.pem", dir.certs() / "ca-key.pem",
                  fs::copy_options::overwrite_existing);

    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("is not a CA certificate"), std::string::npos) << message;
    EXPECT_NE(message.find((dir.certs() / "ca.pem").string()), std::string::npos) << message;
    expectOneLine(message);
}

TEST(CaErrors, ExpiredRoot) {
    TempDir dir;
    RootMaterial root = buildRootCa(InstallIdentity{"tester@host", "0badc0de"}, Clock::now() - std::chrono::days{4000});
    fs::create_directories(dir.certs());
    writeFile(dir.certs() / "ca.pem", certificateToPem(root.cert.get()));
    writeFile(dir.certs() / "ca-key.pem", privateKeyToPkcs8Pem(root.key.get()));

    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("expired on"), std::string::npos) << message;
    expectOneLine(message);
}

TEST(CaErrors, UnreadableCertificate) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());
    fs::remove(dir.certs() / "ca.pem");
    fs::create_directory(dir.certs() / "ca.pem"); // readable by nobody as a file, even root

    const std::string message = loadError(dir.certs());
    EXPECT_NE(message.find("cannot read CA certificate " + (dir.certs() / "ca.pem").string()), std::string::npos)
        << message;
    expectOneLine(message);
}

TEST(CaErrors, LooseKeyPermissionsAreTightened) {
    TempDir dir;
    CertificateAuthority::loadOrCreate(dir.certs());
    fs::permissions(dir.certs() / "ca-key.pem", fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);

    CertificateAuthority::loadOrCreate(dir.certs());
    EXPECT_EQ(fs::status(dir.certs() / "ca-key.pem").permissions(), fs::perms::owner_read | fs::perms::owner_write);
}

// Crash after the key was renamed into place but before the certificate: the next run
// finishes the commit.
TEST(CaCrashRecovery, StagedCertificateBesideCommittedKeyIsFinished) {
    TempDir dir;
    const std::string fingerprint = CertificateAuthority::loadOrCreate(dir.certs())->info().sha256Fingerprint;
    fs::rename(dir.certs() / "ca.pem", dir.certs() / "ca.pem.new");
    fs::remove(dir.certs() / "ca.cer");

    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    EXPECT_EQ(ca->info().sha256Fingerprint, fingerprint);
    EXPECT_FALSE(fs::exists(dir.certs() / "ca.pem.new"));
    EXPECT_TRUE(fs::exists(dir.certs() / "ca.cer"));
}

// Crash while staging on the first run: nothing was committed, so a fresh CA is created.
TEST(CaCrashRecovery, StagedPairWithoutCommitIsDiscardedOnFirstRun) {
    TempDir dir;
    fs::create_directories(dir.certs());
    writeFile(dir.certs() / "ca-key.pem.new", "half");
    writeFile(dir.certs() / "ca.pem.new", "");

    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    EXPECT_FALSE(fs::exists(dir.certs() / "ca-key.pem.new"));
    EXPECT_FALSE(fs::exists(dir.certs() / "ca.pem.new"));
    EXPECT_TRUE(fs::exists(dir.certs() / "ca.pem"));
}

// Crash while staging a regeneration: the old pair stays in use.
TEST(CaCrashRecovery, StagedPairDuringRegenerateKeepsTheOldCa) {
    TempDir dir;
    TempDir other;
    const std::string fingerprint = CertificateAuthority::loadOrCreate(dir.certs())->info().sha256Fingerprint;
    CertificateAuthority::loadOrCreate(other.certs());
    fs::copy_file(other.certs() / "ca-key.pem", dir.certs() / "ca-key.pem.new");
    fs::copy_file(other.certs() / "ca.pem", dir.certs() / "ca.pem.new");

    EXPECT_EQ(CertificateAuthority::loadOrCreate(dir.certs())->info().sha256Fingerprint, fingerprint);
    EXPECT_FALSE(fs::exists(dir.certs() / "ca-key.pem.new"));
    EXPECT_FALSE(fs::exists(dir.certs() / "ca.pem.new"));
}

} // namespace
} // namespace flowscope::ca::test
