#include "support/test_pki.hpp"

#include <cstdint>
#include <memory>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdexcept>
#include <string>

namespace flowscope::test {
namespace {

constexpr long kDay = 24 * 60 * 60;

struct PkeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
    void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

[[noreturn]] void fail(const std::string& what) {
    std::string detail;
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        detail += std::string(detail.empty() ? "" : "; ") + text;
    }
    throw std::runtime_error("test PKI: " + what + (detail.empty() ? "" : ": " + detail));
}

void check(bool ok, const char* what) {
    if (!ok)
        fail(what);
}

Pkey makeP256Key() {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    check(key != nullptr, "EC key generation");
    return key;
}

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    check(extension != nullptr, value);
    const bool added = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    check(added, "X509_add_ext");
}

struct Profile {
    const char* commonName = "localhost";
    const char* subjectAltName = nullptr; // nullptr for the CA
    long notBeforeOffset = -kDay;         // seconds from now
    long notAfterOffset = 30 * kDay;
    bool isCa = false;
};

// `issuer`/`issuerKey` null: self-signed.
Cert makeCertificate(const Profile& profile, EVP_PKEY* subjectKey, X509* issuer, EVP_PKEY* issuerKey) {
    Cert cert(X509_new());
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "X509_set_version");
    unsigned char serial[8];
    check(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
    serial[0] &= 0x7F; // positive
    std::int64_t serialValue = 0;
    for (const unsigned char byte : serial)
        serialValue = (serialValue << 8) | byte;
    check(ASN1_INTEGER_set_int64(X509_get_serialNumber(cert.get()), serialValue) == 1, "serial");
    check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), profile.notBeforeOffset) != nullptr, "notBefore");
    check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), profile.notAfterOffset) != nullptr, "notAfter");

    X509_NAME* subject = X509_get_subject_name(cert.get());
    const auto* organisation = reinterpret_cast<const unsigned char*>("Flowscope tests (fake)");
    const auto* commonName = reinterpret_cast<const unsigned char*>(profile.commonName);
    check(X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, organisation, -1, -1, 0) == 1, "O");
    check(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1, "CN");
    X509* signer = issuer != nullptr ? issuer : cert.get();
    check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1, "issuer name");
    check(X509_set_pubkey(cert.get(), subjectKey) == 1, "X509_set_pubkey");

    addExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (profile.isCa) {
        addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        addExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        // A self-signed leaf keeps no keyUsage: with one lacking keyCertSign OpenSSL would
        // not see it as self-signed and report "unable to get local issuer" instead.
        if (issuer != nullptr) {
            addExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
            addExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
        }
        addExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
        addExtension(cert.get(), signer, NID_subject_alt_name, profile.subjectAltName);
    }
    check(X509_sign(cert.get(), issuerKey != nullptr ? issuerKey : subjectKey, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

std::unique_ptr<BIO, BioFree> openForWriting(const std::filesystem::path& file) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_file(file.string().c_str(), "w"));
    check(bio != nullptr, "cannot create PEM file");
    return bio;
}

void writeCertificate(const std::filesystem::path& file, X509* cert) {
    auto bio = openForWriting(file);
    check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
}

void writeKey(const std::filesystem::path& file, EVP_PKEY* key) {
    auto bio = openForWriting(file);
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");
}

CertFiles writeServer(const std::filesystem::path& dir, const char* name, const Profile& profile, X509* issuer,
                      EVP_PKEY* issuerKey) {
    const Pkey key = makeP256Key();
    const Cert cert = makeCertificate(profile, key.get(), issuer, issuerKey);
    CertFiles files{dir / (std::string(name) + ".pem"), dir / (std::string(name) + "-key.pem")};
    writeCertificate(files.cert, cert.get());
    writeKey(files.key, key.get());
    return files;
}

} // namespace

TestPki createTestPki(const std::filesystem::path& dir) {
    TestPki pki;
    const Pkey caKey = makeP256Key();
    Profile caProfile;
    caProfile.commonName = "Flowscope Integration Test Root (fake)";
    caProfile.notAfterOffset = 365 * kDay;
    caProfile.isCa = true;
    const Cert ca = makeCertificate(caProfile, caKey.get(), nullptr, nullptr);
    pki.caCert = dir / "test-ca.pem";
    writeCertificate(pki.caCert, ca.get());

    Profile valid;
    valid.subjectAltName = "DNS:localhost,IP:127.0.0.1";
    pki.valid = writeServer(dir, "valid", valid, ca.get(), caKey.get());

    Profile expired = valid;
    expired.notBeforeOffset = -30 * kDay;
    expired.notAfterOffset = -kDay;
    pki.expired = writeServer(dir, "expired", expired, ca.get(), caKey.get());

    Profile wrongHost;
    wrongHost.commonName = "wrong.example";
    wrongHost.subjectAltName = "DNS:wrong.example";
    pki.wrongHost = writeServer(dir, "wrong-host", wrongHost, ca.get(), caKey.get());

    pki.selfSigned = writeServer(dir, "self-signed", valid, nullptr, nullptr);
    return pki;
}

} // namespace flowscope::test
