#pragma once
// The per-install root CA and the leaf certificates minted from it for interception.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <openssl/types.h>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flowscope::ca {

// Readable, one line: "corrupt CA key /x/certs/ca-key.pem: ...".
class CaError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct X509Deleter {
    void operator()(X509* cert) const noexcept;
};
struct PkeyDeleter {
    void operator()(EVP_PKEY* key) const noexcept;
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

// A minted leaf. The key is the install's single leaf key (shared by all leaves).
struct LeafCertificate {
    std::shared_ptr<X509> cert;
    std::shared_ptr<EVP_PKEY> key;
};

struct CaPaths {
    std::filesystem::path dir;     // <data-dir>/certs
    std::filesystem::path certPem; // ca.pem
    std::filesystem::path keyPem;  // ca-key.pem (0600)
    std::filesystem::path certDer; // ca.cer
    std::filesystem::path leafDir; // leaf/
    explicit CaPaths(std::filesystem::path certsDir);
};

struct CaInfo {
    std::string subject;           // RFC 2253 one-line
    std::string sha256Fingerprint; // "AB:CD:..."
    std::chrono::system_clock::time_point notBefore;
    std::chrono::system_clock::time_point notAfter;
};

// Thread safety: leafFor(), info(), clearCache() and the counters are safe from any
// thread. Concurrent first requests for one host mint once: the first caller mints, the
// others wait for its result (single flight per host); different hosts mint in parallel,
// outside the cache lock. Minted leaves are written to the disk cache by a thread of the
// authority's own, so a handshake waits only for the mint itself.
class CertificateAuthority {
public:
    // Loads <certsDir>/ca.pem + ca-key.pem, or creates them (and ca.cer) when both are
    // missing. Throws CaError for a half-present, unreadable or corrupt pair, a key that
    // does not match the certificate, or a certificate that is not a (valid) CA.
    // A missing or stale ca.cer is rewritten; an interrupted first run or regenerate()
    // is finished or rolled back (see root_ca_files.hpp).
    static std::unique_ptr<CertificateAuthority> loadOrCreate(const std::filesystem::path& certsDir);
    // Deletes the CA files and the leaf cache, then creates a new CA.
    static std::unique_ptr<CertificateAuthority> regenerate(const std::filesystem::path& certsDir);

    ~CertificateAuthority();

    // A leaf for a DNS name or an IP literal (IPv6 without brackets): SAN DNS or IP,
    // serverAuth EKU, AKI/SKI, random serial, not-before one day back, 397 days valid.
    // Served from the memory LRU, else the disk cache (if still valid and issued by this
    // CA), else minted and written to disk. Throws CaError for a host that cannot be a
    // certificate name (empty, non-ASCII, whitespace, over 253 characters, bad IPv6).
    LeafCertificate leafFor(std::string_view host);

    const CaPaths& paths() const { return m_paths; }
    X509* rootCertificate() const { return m_rootCert.get(); }
    CaInfo info() const;
    std::string rootPem() const;
    std::string rootDer() const;

    // Empties the memory LRU and deletes certs/leaf/*.
    void clearCache();
    std::uint64_t signaturesMade() const; // leaves signed by this process (not cache hits)
    // Returns once every leaf minted so far is in the disk cache (or failed to be written).
    // The destructor does the same.
    void flushLeafCache();

private:
    CertificateAuthority(CaPaths paths, X509Ptr rootCert, PkeyPtr rootKey, PkeyPtr leafKey);
    struct Cache;
    CaPaths m_paths;
    X509Ptr m_rootCert;
    PkeyPtr m_rootKey;
    std::shared_ptr<EVP_PKEY> m_leafKey;
    std::unique_ptr<Cache> m_cache;
};

} // namespace flowscope::ca
