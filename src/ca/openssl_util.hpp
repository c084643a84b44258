#pragma once
// Small RAII and conversion helpers over OpenSSL 3 shared by the ca layer (internal header).

#include "ca/certificate_authority.hpp"

#include <chrono>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::ca {

// unique_ptr deleter calling an OpenSSL free function, e.g. OpensslPtr<BIO, BIO_free_all>.
template <typename T, auto FreeFn> struct OpensslFree {
    void operator()(T* object) const noexcept { FreeFn(object); }
};
template <typename T, auto FreeFn> using OpensslPtr = std::unique_ptr<T, OpensslFree<T, FreeFn>>;

using BioPtr = OpensslPtr<BIO, BIO_free_all>;
using BignumPtr = OpensslPtr<BIGNUM, BN_free>;
using Asn1IntegerPtr = OpensslPtr<ASN1_INTEGER, ASN1_INTEGER_free>;
using Asn1OctetStringPtr = OpensslPtr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using X509NamePtr = OpensslPtr<X509_NAME, X509_NAME_free>;
using GeneralNamePtr = OpensslPtr<GENERAL_NAME, GENERAL_NAME_free>;
using GeneralNamesPtr = OpensslPtr<GENERAL_NAMES, GENERAL_NAMES_free>;

using Bytes = std::vector<unsigned char>;
using Clock = std::chrono::system_clock;

// Drains this thread's OpenSSL error queue into one line ("a; b"), so a CaError never
// carries a stale reason from an earlier failure. Never empty.
std::string takeOpensslErrors();

// Throws CaError("<what>: <drained OpenSSL errors>").
[[noreturn]] void throwOpensslError(std::string_view what);

// Fails with CaError when `ok` is false; for the many OpenSSL calls returning 1/0 or a pointer.
inline void check(bool ok, std::string_view what) {
    if (!ok) {
        throwOpensslError(what);
    }
}

// PEM/DER conversions. The readers return nullptr on malformed input (error queue left for
// the caller to take); the writers throw CaError.
X509Ptr certificateFromPem(std::string_view pem);
X509Ptr certificateFromDer(std::string_view der);
// Never prompts for a passphrase (an encrypted key is reported as unreadable instead).
PkeyPtr privateKeyFromPem(std::string_view pem);
std::string certificateToPem(X509* cert);
std::string certificateToDer(X509* cert);
std::string privateKeyToPkcs8Pem(EVP_PKEY* key);

// The bytes written so far into a memory BIO.
std::string memoryBioContents(BIO* bio);

// A fresh ECDSA P-256 key (named-curve encoding, the form every TLS stack accepts).
PkeyPtr generateP256Key();

// A positive serial of 127 random bits (RFC 5280 §4.1.2.2: positive, at most 20 octets;
// CA/Browser Forum BR §7.1 asks for at least 64 bits from a CSPRNG).
void setRandomSerial(X509* cert);

// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 (ASN1_TIME_set picks).
void setValidity(X509* cert, Clock::time_point notBefore, Clock::time_point notAfter);
Clock::time_point toTimePoint(const ASN1_TIME* time);

Bytes sha256(std::span<const unsigned char> data);
// "AB:CD:..." (upper-case hex, colon-separated), the form trust-store UIs show.
std::string colonHex(std::span<const unsigned char> bytes);
std::string lowerHex(std::span<const unsigned char> bytes);

// RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING.
Bytes keyIdentifier(EVP_PKEY* key);

// X509_NAME as one RFC 2253 line.
std::string nameToRfc2253(const X509_NAME* name);

} // namespace flowscope::ca
