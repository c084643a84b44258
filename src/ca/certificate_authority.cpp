#include "ca/certificate_authority.hpp"

#include "ca/host_name.hpp"
#include "ca/leaf_cache.hpp"
#include "ca/leaf_disk_cache.hpp"
#include "ca/leaf_disk_writer.hpp"
#include "ca/leaf_key.hpp"
#include "ca/leaf_minter.hpp"
#include "ca/openssl_util.hpp"
#include "ca/root_ca_files.hpp"

#include <atomic>
#include <fmt/format.h>
#include <system_error>

namespace flowscope::ca {
namespace fs = std::filesystem;

CaPaths::CaPaths(fs::path certsDir)
    : dir(std::move(certsDir)), certPem(dir / "ca.pem"), keyPem(dir / "ca-key.pem"), certDer(dir / "ca.cer"),
      leafDir(dir / "leaf") {}

// The leaf machinery, built once the root and the leaf key are known.
struct CertificateAuthority::Cache {
    Cache(const CaPaths& paths, X509* root, EVP_PKEY* rootKey, EVP_PKEY* leafKey)
        : minter(root, rootKey, leafKey), disk(paths.leafDir, root, leafKey) {}

    LeafMinter minter;
    LeafDiskCache disk;
    LeafDiskWriter diskWriter{disk}; // after `disk`, which it writes to
    LeafCache memory;
    std::atomic<std::uint64_t> signatures{0};
};

namespace {

// Creates leaf/ and loads its key; a new key makes every cached leaf useless, so they go.
PkeyPtr prepareLeafDirectory(const CaPaths& paths) {
    std::error_code ec;
    fs::create_directories(paths.leafDir, ec);
    if (ec) {
        throw CaError(
            fmt::format("cannot create the leaf cache directory {}: {}", paths.leafDir.string(), ec.message()));
    }
    LeafKey leafKey = loadOrCreateLeafKey(paths.leafDir / kLeafKeyFileName);
    if (leafKey.created) {
        removeCachedLeaves(paths.leafDir);
    }
    return std::move(leafKey.key);
}

} // namespace

CertificateAuthority::CertificateAuthority(CaPaths paths, X509Ptr rootCert, PkeyPtr rootKey, PkeyPtr leafKey)
    : m_paths(std::move(paths)), m_rootCert(std::move(rootCert)), m_rootKey(std::move(rootKey)),
      m_leafKey(std::move(leafKey)),
      m_cache(std::make_unique<Cache>(m_paths, m_rootCert.get(), m_rootKey.get(), m_leafKey.get())) {}

CertificateAuthority::~CertificateAuthority() = default;

std::unique_ptr<CertificateAuthority> CertificateAuthority::loadOrCreate(const fs::path& certsDir) {
    CaPaths paths(certsDir);
    RootMaterial root = loadOrCreateRootFiles(paths);
    PkeyPtr leafKey = prepareLeafDirectory(paths);
    return std::unique_ptr<CertificateAuthority>(
        new CertificateAuthority(std::move(paths), std::move(root.cert), std::move(root.key), std::move(leafKey)));
}

std::unique_ptr<CertificateAuthority> CertificateAuthority::regenerate(const fs::path& certsDir) {
    CaPaths paths(certsDir);
    RootMaterial root = replaceRootFiles(paths);
    PkeyPtr leafKey = prepareLeafDirectory(paths);
    return std::unique_ptr<CertificateAuthority>(
        new CertificateAuthority(std::move(paths), std::move(root.cert), std::move(root.key), std::move(leafKey)));
}

LeafCertificate CertificateAuthority::leafFor(std::string_view host) {
    const HostName name = parseHostName(host);
    const Clock::time_point now = Clock::now();
    std::shared_ptr<X509> cert = m_cache->memory.getOrCreate(name.text, now, [&]() -> std::shared_ptr<X509> {
        if (X509Ptr cached = m_cache->disk.load(name, now)) {
            return cached;
        }
        std::shared_ptr<X509> minted = m_cache->minter.mint(name, now);
        m_cache->signatures.fetch_add(1, std::memory_order_relaxed);
        m_cache->diskWriter.enqueue(name, minted); // written off this (handshake) thread
        return minted;
    });
    return LeafCertificate{std::move(cert), m_leafKey};
}

CaInfo CertificateAuthority::info() const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    check(X509_digest(m_rootCert.get(), EVP_sha256(), digest, &size) == 1, "X509_digest");
    return CaInfo{
        nameToRfc2253(X509_get_subject_name(m_rootCert.get())),
        colonHex(std::span<const unsigned char>(digest, size)),
        toTimePoint(X509_get0_notBefore(m_rootCert.get())),
        toTimePoint(X509_get0_notAfter(m_rootCert.get())),
    };
}

std::string CertificateAuthority::rootPem() const {
    return certificateToPem(m_rootCert.get());
}

std::string CertificateAuthority::rootDer() const {
    return certificateToDer(m_rootCert.get());
}

void CertificateAuthority::clearCache() {
    m_cache->diskWriter.discardPending(); // nothing queued may land after the clear
    m_cache->memory.clear();
    m_cache->disk.clear();
}

void CertificateAuthority::flushLeafCache() {
    m_cache->diskWriter.flush();
}

std::uint64_t CertificateAuthority::signaturesMade() const {
    return m_cache->signatures.load(std::memory_order_relaxed);
}

} // namespace flowscope::ca
