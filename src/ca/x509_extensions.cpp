#include "ca/x509_extensions.hpp"

#include <openssl/objects.h>

namespace flowscope::ca {

namespace {

using BasicConstraintsPtr = OpensslPtr<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>;
using BitStringPtr = OpensslPtr<ASN1_BIT_STRING, ASN1_BIT_STRING_free>;
using ExtendedKeyUsagePtr = OpensslPtr<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>;
using AuthorityKeyIdPtr = OpensslPtr<AUTHORITY_KEYID, AUTHORITY_KEYID_free>;

// X509V3_EXT_i2d DER-encodes an extension structure into a new X509_EXTENSION.
X509ExtensionPtr encode(int nid, bool critical, void* structure, const char* what) {
    X509ExtensionPtr extension{X509V3_EXT_i2d(nid, critical ? 1 : 0, structure)};
    check(extension != nullptr, what);
    return extension;
}

Asn1OctetStringPtr octetString(std::span<const unsigned char> bytes) {
    Asn1OctetStringPtr string{ASN1_OCTET_STRING_new()};
    check(string != nullptr && ASN1_OCTET_STRING_set(string.get(), bytes.data(), static_cast<int>(bytes.size())) == 1,
          "ASN1_OCTET_STRING_set");
    return string;
}

} // namespace

X509ExtensionPtr makeBasicConstraints(bool isCa, std::optional<long> pathLength) {
    BasicConstraintsPtr constraints{BASIC_CONSTRAINTS_new()};
    check(constraints != nullptr, "BASIC_CONSTRAINTS_new");
    constraints->ca = isCa ? 0xFF : 0; // DER TRUE is 0xFF; FALSE is DEFAULT and thus omitted
    if (pathLength) {
        constraints->pathlen = ASN1_INTEGER_new();
        check(constraints->pathlen != nullptr && ASN1_INTEGER_set(constraints->pathlen, *pathLength) == 1,
              "ASN1_INTEGER_set");
    }
    return encode(NID_basic_constraints, true, constraints.get(), "encoding basicConstraints");
}

X509ExtensionPtr makeKeyUsage(std::initializer_list<KeyUsage> usages) {
    BitStringPtr bits{ASN1_BIT_STRING_new()};
    check(bits != nullptr, "ASN1_BIT_STRING_new");
    for (KeyUsage usage : usages) {
        check(ASN1_BIT_STRING_set_bit(bits.get(), static_cast<int>(usage), 1) == 1, "ASN1_BIT_STRING_set_bit");
    }
    return encode(NID_key_usage, true, bits.get(), "encoding keyUsage");
}

X509ExtensionPtr makeServerAuthExtendedKeyUsage() {
    ExtendedKeyUsagePtr usages{EXTENDED_KEY_USAGE_new()};
    check(usages != nullptr, "EXTENDED_KEY_USAGE_new");
    // OBJ_nid2obj returns a static object; the stack's free is a no-op for it.
    check(sk_ASN1_OBJECT_push(usages.get(), OBJ_nid2obj(NID_server_auth)) > 0, "adding id-kp-serverAuth");
    return encode(NID_ext_key_usage, false, usages.get(), "encoding extendedKeyUsage");
}

X509ExtensionPtr makeSubjectKeyIdentifier(std::span<const unsigned char> keyId) {
    Asn1OctetStringPtr id = octetString(keyId);
    return encode(NID_subject_key_identifier, false, id.get(), "encoding subjectKeyIdentifier");
}

X509ExtensionPtr makeAuthorityKeyIdentifier(std::span<const unsigned char> keyId) {
    AuthorityKeyIdPtr authority{AUTHORITY_KEYID_new()};
    check(authority != nullptr, "AUTHORITY_KEYID_new");
    authority->keyid = octetString(keyId).release();
    return encode(NID_authority_key_identifier, false, authority.get(), "encoding authorityKeyIdentifier");
}

GeneralNamePtr generalNameFor(const HostName& host) {
    GeneralNamePtr name{GENERAL_NAME_new()};
    check(name != nullptr, "GENERAL_NAME_new");
    if (host.isIp()) {
        // RFC 5280 §4.2.1.6: iPAddress is the address in network byte order, 4 or 16 octets.
        GENERAL_NAME_set0_value(name.get(), GEN_IPADD, octetString(host.ipAddress).release());
    } else {
        OpensslPtr<ASN1_IA5STRING, ASN1_IA5STRING_free> dns{ASN1_IA5STRING_new()};
        check(dns != nullptr && ASN1_STRING_set(dns.get(), host.text.data(), static_cast<int>(host.text.size())) == 1,
              "ASN1_STRING_set");
        GENERAL_NAME_set0_value(name.get(), GEN_DNS, dns.release());
    }
    return name;
}

X509ExtensionPtr makeSubjectAltName(const HostName& host) {
    GeneralNamesPtr names{GENERAL_NAMES_new()};
    check(names != nullptr, "GENERAL_NAMES_new");
    GeneralNamePtr name = generalNameFor(host);
    check(sk_GENERAL_NAME_push(names.get(), name.get()) > 0, "adding a subjectAltName entry");
    name.release(); // owned by `names` now
    return encode(NID_subject_alt_name, false, names.get(), "encoding subjectAltName");
}

void addExtension(X509* cert, X509_EXTENSION* extension) {
    check(X509_add_ext(cert, extension, -1) == 1, "X509_add_ext");
}

} // namespace flowscope::ca
