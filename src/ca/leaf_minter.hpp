#pragma once
// Signs TLS server certificates for intercepted hosts with the root key (internal header).

#include "ca/certificate_authority.hpp"
#include "ca/host_name.hpp"
#include "ca/openssl_util.hpp"
#include "ca/x509_extensions.hpp"

namespace flowscope::ca {

// CA/Browser Forum Baseline Requirements §6.3.2 (ballot SC-31, in force since 2020-09-01):
// subscriber certificates SHOULD NOT be valid longer than 397 days, and Apple and Chrome
// reject more than 398. The period counts notBefore through notAfter inclusive.
inline constexpr std::chrono::days kLeafLifetime{397};
// Backdating tolerates a client whose clock runs behind ours.
inline constexpr std::chrono::days kLeafBackdate{1};

// Thread safety: mint() is const and may run on many threads at once. The constructor
// copies everything it needs from the root (issuer name, key id, expiry), so minting reads
// only the two keys, which OpenSSL 3 allows to be shared for signing.
class LeafMinter {
public:
    // The pointers must outlive the minter.
    LeafMinter(X509* root, EVP_PKEY* rootKey, EVP_PKEY* leafKey);

    // CN = host (cut to 64 characters, RFC 5280 ub-common-name; the SAN carries the whole
    // name, and clients match only the SAN, RFC 6125 §6.4.4); SAN dNSName or iPAddress;
    // basicConstraints CA:FALSE; keyUsage digitalSignature (ECDSA signs the handshake);
    // extKeyUsage serverAuth; SKI; AKI = the root's key id; random serial; valid from one
    // day back for 397 days but never past the root's notAfter; SHA-256 signature.
    X509Ptr mint(const HostName& host, Clock::time_point now) const;

private:
    X509NamePtr m_issuer;
    Clock::time_point m_rootNotAfter;
    EVP_PKEY* m_rootKey;
    PkeyPtr m_legacyLeafKey;    // legacy_public_key.hpp; null when unavailable
    EVP_PKEY* m_certificateKey; // what X509_set_pubkey is given: the legacy copy, else the leaf key
    X509ExtensionPtr m_basicConstraints;
    X509ExtensionPtr m_keyUsage;
    X509ExtensionPtr m_extendedKeyUsage;
    X509ExtensionPtr m_subjectKeyId;
    X509ExtensionPtr m_authorityKeyId;
};

} // namespace flowscope::ca
