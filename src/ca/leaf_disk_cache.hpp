#pragma once
// Leaves kept in <certs>/leaf/ across runs, one PEM certificate per host (internal header).

#include "ca/certificate_authority.hpp"
#include "ca/host_name.hpp"
#include "ca/openssl_util.hpp"

#include <filesystem>

namespace flowscope::ca {

// A cached leaf must still have this long to live; anything shorter is re-minted, so a
// client never sees a certificate expire during a debugging session.
inline constexpr std::chrono::days kMinDiskLeafLifetime{30};

// Thread safety: load(), store() and clear() may run concurrently. Files are replaced
// atomically (rename), so a reader sees a whole old or a whole new certificate.
class LeafDiskCache {
public:
    // `root` and `leafKey` must outlive the cache.
    LeafDiskCache(std::filesystem::path dir, X509* root, EVP_PKEY* leafKey);

    // The cached leaf for `host`, or nullptr when there is none or it is not usable:
    // unparsable, not issued by this root (issuer name and X509_verify against the root
    // key), for another key than the current leaf key, for another name (hash collision
    // or a renamed file), not yet valid, or with kMinDiskLeafLifetime or less to live.
    X509Ptr load(const HostName& host, Clock::time_point now) const;

    // Writes the leaf (atomically; not fsynced: losing a cache entry costs one signature).
    // Throws CaError.
    void store(const HostName& host, X509* cert) const;

    // Deletes every cached leaf (and stray temporary files), keeping the leaf key.
    void clear() const;

    std::filesystem::path fileFor(const HostName& host) const { return m_dir / leafFileName(host); }

private:
    bool usable(X509* cert, const HostName& host, Clock::time_point now) const;

    std::filesystem::path m_dir;
    X509NamePtr m_issuer;
    EVP_PKEY* m_rootPublicKey;
    EVP_PKEY* m_leafKey;
};

// Deletes the cached leaves in `dir` (every *.pem but the leaf key, and stray temporary
// files). Best effort: a file that cannot be deleted is re-validated when loaded.
void removeCachedLeaves(const std::filesystem::path& dir);

} // namespace flowscope::ca
