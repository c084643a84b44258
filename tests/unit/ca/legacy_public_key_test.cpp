// The legacy copy of the leaf key that minting hands to X509_set_pubkey: the same public
// key, and certificates carrying it still pair with the provider key a TLS server uses.
#include "ca/certificate_authority.hpp"
#include "ca/legacy_public_key.hpp"
#include "ca_test_support.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace flowscope::ca::test {
namespace {

PkeyPtr generate(const char* type, const char* curve = nullptr) {
    EVP_PKEY* key = curve != nullptr ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve)
                                     : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    return PkeyPtr{key};
}

TEST(LegacyPublicKey, CopyOfAP256KeyIsTheSameKey) {
    const PkeyPtr key = generate("EC", "P-256");
    ASSERT_NE(key, nullptr);
    const PkeyPtr copy = legacyEcKeyCopy(key.get());
    ASSERT_NE(copy, nullptr);
    EXPECT_EQ(EVP_PKEY_eq(copy.get(), key.get()), 1);
    EXPECT_EQ(EVP_PKEY_get_bits(copy.get()), 256);
}

TEST(LegacyPublicKey, OtherKeyTypesGetNoCopy) {
    const PkeyPtr ed25519 = generate("ED25519");
    ASSERT_NE(ed25519, nullptr);
    EXPECT_EQ(legacyEcKeyCopy(ed25519.get()), nullptr);
    EXPECT_EQ(legacyEcKeyCopy(nullptr), nullptr);
}

TEST(LegacyPublicKey, MintedLeafLoadsIntoATlsServerWithTheLeafKey) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const LeafCertificate leaf = ca->leafFor("pair.example");
    EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(leaf.cert.get()), leaf.key.get()), 1);
    // What the engine does per handshake (engine/tls_contexts.cpp), twice on one SSL and
    // once more on another: the certificate's key and the server's private key must pair.
    SSL_CTX* context = SSL_CTX_new(TLS_server_method());
    ASSERT_NE(context, nullptr);
    for (int round = 0; round < 2; ++round) {
        SSL* ssl = SSL_new(context);
        ASSERT_NE(ssl, nullptr);
        EXPECT_EQ(SSL_use_certificate(ssl, leaf.cert.get()), 1);
        EXPECT_EQ(SSL_use_PrivateKey(ssl, leaf.key.get()), 1);
        EXPECT_EQ(SSL_check_private_key(ssl), 1);
        SSL_free(ssl);
    }
    SSL_CTX_free(context);
}

} // namespace
} // namespace flowscope::ca::test
