#include "ca/system_trust.hpp"

#include "ca/openssl_util.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

namespace flowscope::ca {

bool isTrustedBySystemStore(X509* root, const std::optional<std::filesystem::path>& extraBundle) {
    if (root == nullptr) {
        return false;
    }
    OpensslPtr<X509_STORE, X509_STORE_free> store(X509_STORE_new());
    if (!store || X509_STORE_set_default_paths(store.get()) != 1) {
        ERR_clear_error();
        return false;
    }
    if (extraBundle && X509_STORE_load_file(store.get(), extraBundle->string().c_str()) != 1) {
        ERR_clear_error(); // an unreadable extra bundle trusts nothing more
    }
    OpensslPtr<X509_STORE_CTX, X509_STORE_CTX_free> context(X509_STORE_CTX_new());
    if (!context || X509_STORE_CTX_init(context.get(), store.get(), root, nullptr) != 1) {
        ERR_clear_error();
        return false;
    }
    // A self-signed root only verifies when the store holds it (or an identical
    // certificate): exactly the question "is it installed".
    const bool trusted = X509_verify_cert(context.get()) == 1;
    ERR_clear_error();
    return trusted;
}

} // namespace flowscope::ca
