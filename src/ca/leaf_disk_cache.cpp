#include "ca/leaf_disk_cache.hpp"

#include "ca/file_io.hpp"
#include "ca/leaf_key.hpp"
#include "ca/x509_extensions.hpp"

#include <fmt/format.h>
#include <system_error>

namespace flowscope::ca {
namespace fs = std::filesystem;

namespace {

// True when the leaf's subjectAltName is exactly the one GeneralName minted for `host`.
bool namesOnly(X509* cert, const HostName& host) {
    const GeneralNamesPtr names{
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr))};
    if (!names || sk_GENERAL_NAME_num(names.get()) != 1) {
        return false;
    }
    const GeneralNamePtr expected = generalNameFor(host);
    return GENERAL_NAME_cmp(sk_GENERAL_NAME_value(names.get(), 0), expected.get()) == 0;
}

} // namespace

LeafDiskCache::LeafDiskCache(fs::path dir, X509* root, EVP_PKEY* leafKey)
    : m_dir(std::move(dir)), m_issuer(X509_NAME_dup(X509_get_subject_name(root))),
      m_rootPublicKey(X509_get0_pubkey(root)), m_leafKey(leafKey) {
    check(m_issuer != nullptr && m_rootPublicKey != nullptr, "reading the root certificate");
    // Cache the name's DER now so concurrent comparisons only read it.
    check(i2d_X509_NAME(m_issuer.get(), nullptr) > 0, "encoding the issuer name");
}

bool LeafDiskCache::usable(X509* cert, const HostName& host, Clock::time_point now) const {
    if (X509_NAME_cmp(X509_get_issuer_name(cert), m_issuer.get()) != 0) {
        return false;
    }
    // The signature check rejects a file edited by hand or left over from an earlier root
    // that had the same subject.
    if (X509_verify(cert, m_rootPublicKey) != 1) {
        return false;
    }
    if (EVP_PKEY_eq(X509_get0_pubkey(cert), m_leafKey) != 1) {
        return false;
    }
    if (!namesOnly(cert, host)) {
        return false;
    }
    const Clock::time_point notBefore = toTimePoint(X509_get0_notBefore(cert));
    const Clock::time_point notAfter = toTimePoint(X509_get0_notAfter(cert));
    return notBefore <= now && notAfter - now > kMinDiskLeafLifetime;
}

X509Ptr LeafDiskCache::load(const HostName& host, Clock::time_point now) const {
    std::optional<std::string> pem;
    try {
        pem = readFileIfExists(fileFor(host));
    } catch (const std::system_error&) {
        return nullptr; // unreadable: re-minted and overwritten
    }
    if (!pem) {
        return nullptr;
    }
    X509Ptr cert = certificateFromPem(*pem);
    bool ok = false;
    try {
        ok = cert && usable(cert.get(), host, now);
    } catch (const CaError&) {
        ok = false; // e.g. a malformed time field
    }
    takeOpensslErrors(); // a rejected file is routine, not an error to report later
    return ok ? std::move(cert) : nullptr;
}

void LeafDiskCache::store(const HostName& host, X509* cert) const {
    try {
        writeFileAtomically(fileFor(host), certificateToPem(cert), FileAccess::Public, Durability::NoFlush);
    } catch (const std::system_error& error) {
        throw CaError(fmt::format("cannot cache the leaf for {}: {}", host.text, error.what()));
    }
}

void LeafDiskCache::clear() const {
    removeCachedLeaves(m_dir);
}

void removeCachedLeaves(const fs::path& dir) {
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const bool leaf = name.ends_with(".pem") && name != kLeafKeyFileName;
        const bool temporary = name.find(".pem.tmp-") != std::string::npos && !name.starts_with(kLeafKeyFileName);
        std::error_code entryError;
        if ((leaf || temporary) && entry.is_regular_file(entryError)) {
            fs::remove(entry.path(), entryError);
        }
    }
}

} // namespace flowscope::ca
