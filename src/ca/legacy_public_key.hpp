#pragma once
// A copy of a P-256 key in OpenSSL's legacy (EC_KEY) form, for X509_set_pubkey only
// (internal header).
//
// Why: with OpenSSL 3.0 (Debian 12, Ubuntu 22.04), X509_set_pubkey on a provider key
// looks up an encoder, encodes the key, looks up a decoder and decodes it again, only to
// throw the decoded copy away: 110 of the ~150 us a leaf took to mint (perf on
// BM_LeafMintFreshName, docs/benchmarks.md). For a legacy key it calls the key type's
// encoder directly, in a few microseconds. The certificate then refers to the legacy copy;
// TLS handshakes keep signing with the provider key (SSL_use_PrivateKey), and OpenSSL
// checks the two match.

#include "ca/certificate_authority.hpp"

namespace flowscope::ca {

// The legacy copy of `key`, or nullptr when it cannot be made (not an EC key, or an
// OpenSSL built without the deprecated EC_KEY API): callers then use `key` itself.
PkeyPtr legacyEcKeyCopy(EVP_PKEY* key);

} // namespace flowscope::ca
