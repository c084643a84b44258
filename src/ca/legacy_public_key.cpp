// EC_KEY and EVP_PKEY_assign_EC_KEY are deprecated in OpenSSL 3 (still present in every
// 3.x); this file is the one place that uses them, for the reason in the header.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "ca/legacy_public_key.hpp"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>

namespace flowscope::ca {

PkeyPtr legacyEcKeyCopy(EVP_PKEY* key) {
#ifdef OPENSSL_NO_DEPRECATED_3_0
    static_cast<void>(key);
    return nullptr;
#else
    if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC)
        return nullptr;
    EC_KEY* ec = EVP_PKEY_get1_EC_KEY(key); // a legacy copy of the provider key's data
    if (ec == nullptr) {
        ERR_clear_error();
        return nullptr;
    }
    PkeyPtr legacy{EVP_PKEY_new()};
    if (legacy == nullptr || EVP_PKEY_assign_EC_KEY(legacy.get(), ec) != 1) {
        EC_KEY_free(ec);
        ERR_clear_error();
        return nullptr;
    }
    return legacy;
#endif
}

} // namespace flowscope::ca
