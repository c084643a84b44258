#pragma once
// Builders for the X.509 v3 extensions Flowscope puts in its certificates (internal header).
//
// Extensions are built from the ASN.1 structures, not from OpenSSL's "config string"
// syntax (X509V3_EXT_conf_nid), so a host name can never inject syntax (a ',' in a SAN)
// and the leaf's fixed extensions can be built once and copied into every leaf.

#include "ca/host_name.hpp"
#include "ca/openssl_util.hpp"

#include <initializer_list>
#include <optional>
#include <span>

namespace flowscope::ca {

using X509ExtensionPtr = OpensslPtr<X509_EXTENSION, X509_EXTENSION_free>;

// RFC 5280 §4.2.1.3 bit numbers.
enum class KeyUsage : int {
    DigitalSignature = 0,
    KeyCertSign = 5,
    CrlSign = 6,
};

// RFC 5280 §4.2.1.9; always critical (required for a CA, and a leaf says CA:FALSE loudly).
X509ExtensionPtr makeBasicConstraints(bool isCa, std::optional<long> pathLength);
// RFC 5280 §4.2.1.3: "conforming CAs SHOULD mark this extension as critical".
X509ExtensionPtr makeKeyUsage(std::initializer_list<KeyUsage> usages);
// RFC 5280 §4.2.1.12: id-kp-serverAuth only; the leaf is a TLS server certificate.
X509ExtensionPtr makeServerAuthExtendedKeyUsage();
// RFC 5280 §4.2.1.2 / §4.2.1.1, both non-critical.
X509ExtensionPtr makeSubjectKeyIdentifier(std::span<const unsigned char> keyId);
X509ExtensionPtr makeAuthorityKeyIdentifier(std::span<const unsigned char> keyId);
// RFC 5280 §4.2.1.6: one dNSName or iPAddress entry; non-critical because the subject is
// not empty (it carries the CN).
X509ExtensionPtr makeSubjectAltName(const HostName& host);

// The GeneralName a leaf for `host` carries (also used to check a cached leaf).
GeneralNamePtr generalNameFor(const HostName& host);

// Appends a copy of `extension` to `cert`.
void addExtension(X509* cert, X509_EXTENSION* extension);

} // namespace flowscope::ca
