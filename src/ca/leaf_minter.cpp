#include "ca/leaf_minter.hpp"

#include "ca/legacy_public_key.hpp"

#include <algorithm>

namespace flowscope::ca {

namespace {

constexpr std::size_t kMaxCommonName = 64; // RFC 5280 Appendix A, ub-common-name

// The root's own SKI when it has one (so AKI matches what chain builders compare), else
// the RFC 5280 §4.2.1.2 method (1) id of its key.
Bytes rootKeyId(X509* root) {
    if (const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(root)) {
        const unsigned char* data = ASN1_STRING_get0_data(ski);
        return Bytes(data, data + ASN1_STRING_length(ski));
    }
    return keyIdentifier(X509_get0_pubkey(root));
}

} // namespace

LeafMinter::LeafMinter(X509* root, EVP_PKEY* rootKey, EVP_PKEY* leafKey)
    : m_issuer(X509_NAME_dup(X509_get_subject_name(root))), m_rootNotAfter(toTimePoint(X509_get0_notAfter(root))),
      m_rootKey(rootKey), m_legacyLeafKey(legacyEcKeyCopy(leafKey)),
      m_certificateKey(m_legacyLeafKey ? m_legacyLeafKey.get() : leafKey), m_basicConstraints(makeBasicConstraints(false, std::nullopt)),
      m_keyUsage(makeKeyUsage({KeyUsage::DigitalSignature})), m_extendedKeyUsage(makeServerAuthExtendedKeyUsage()),
      m_subjectKeyId(makeSubjectKeyIdentifier(keyIdentifier(leafKey))),
      m_authorityKeyId(makeAuthorityKeyIdentifier(rootKeyId(root))) {
    check(m_issuer != nullptr, "X509_NAME_dup");
    // Encoding once caches the DER inside the name, so the copies made while minting on
    // several threads only read it.
    check(i2d_X509_NAME(m_issuer.get(), nullptr) > 0, "encoding the issuer name");
}

X509Ptr LeafMinter::mint(const HostName& host, Clock::time_point now) const {
    X509Ptr cert{X509_new()};
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "X509_set_version");
    setRandomSerial(cert.get());
    check(X509_set_issuer_name(cert.get(), m_issuer.get()) == 1, "X509_set_issuer_name");

    X509_NAME* subject = X509_get_subject_name(cert.get());
    const std::string commonName = host.text.substr(0, kMaxCommonName);
    check(X509_NAME_add_entry_by_NID(subject, NID_commonName, MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(commonName.data()),
                                     static_cast<int>(commonName.size()), -1, 0) == 1,
          "setting the leaf common name");

    const Clock::time_point notBefore = now - kLeafBackdate;
    // Nested inside the root's validity: some verifiers reject a leaf outliving its issuer.
    const Clock::time_point notAfter = std::min(notBefore + kLeafLifetime - std::chrono::seconds{1}, m_rootNotAfter);
    setValidity(cert.get(), notBefore, notAfter);
    check(X509_set_pubkey(cert.get(), m_certificateKey) == 1, "X509_set_pubkey");

    addExtension(cert.get(), m_basicConstraints.get());
    addExtension(cert.get(), m_keyUsage.get());
    addExtension(cert.get(), m_extendedKeyUsage.get());
    addExtension(cert.get(), m_subjectKeyId.get());
    addExtension(cert.get(), m_authorityKeyId.get());
    addExtension(cert.get(), makeSubjectAltName(host).get());

    check(X509_sign(cert.get(), m_rootKey, EVP_sha256()) > 0, "signing a leaf certificate");
    return cert;
}

} // namespace flowscope::ca
