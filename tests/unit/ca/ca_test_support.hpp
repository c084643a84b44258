#pragma once
// Shared helpers for the ca unit tests: temporary directories and certificate inspection.

#include "ca/certificate_authority.hpp"
#include "ca/openssl_util.hpp"

#include <chrono>
#include <filesystem>
#include <openssl/x509_vfy.h>
#include <optional>
#include <string>
#include <vector>

namespace flowscope::ca::test {

// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path certs() const { return m_path / "certs"; }

private:
    std::filesystem::path m_path;
};

std::string readFile(const std::filesystem::path& path);
void writeFile(const std::filesystem::path& path, const std::string& bytes);

// Cached leaf files (leaf/*.pem without the leaf key), sorted.
std::vector<std::filesystem::path> leafFiles(const std::filesystem::path& certsDir);

X509Ptr loadCertificate(const std::filesystem::path& pemFile);

std::optional<std::string> commonName(X509* cert);
std::optional<std::string> nameEntry(X509* cert, int nid);
// The extension's criticality, or nullopt when the certificate lacks it.
std::optional<bool> extensionCritical(X509* cert, int nid);

struct SanEntry {
    int type = 0; // GEN_DNS, GEN_IPADD
    std::vector<unsigned char> value;
};
std::vector<SanEntry> subjectAltNames(X509* cert);

std::vector<unsigned char> octets(const ASN1_OCTET_STRING* string);

// X509_verify_cert against a store holding only `root`, with the TLS server purpose and
// the host (DNS name or IP literal) check; X509_V_FLAG_X509_STRICT for RFC 5280 rules.
// Returns the OpenSSL error text, or nullopt when the chain verifies.
std::optional<std::string> verifyChain(X509* root, X509* leaf, const std::string& host, bool isIp);

double daysBetween(std::chrono::system_clock::time_point from, std::chrono::system_clock::time_point to);

} // namespace flowscope::ca::test
