#pragma once
// Test TLS material made at test time (OpenSSL 3 EVP/X509 APIs): a fake root CA and the
// server certificates the upstream-verification tests need. Obviously fake, never trusted
// outside the test that made it.

#include <filesystem>

namespace flowscope::test {

struct CertFiles {
    std::filesystem::path cert; // PEM
    std::filesystem::path key;  // PEM, PKCS#8
};

struct TestPki {
    std::filesystem::path caCert; // "CN=Flowscope Integration Test Root (fake)", EC P-256
    CertFiles valid;              // by the CA: DNS:localhost, IP:127.0.0.1, valid now
    CertFiles expired;            // by the CA: same names, notAfter a day ago
    CertFiles wrongHost;          // by the CA: DNS:wrong.example only
    CertFiles selfSigned;         // its own issuer: DNS:localhost, IP:127.0.0.1
};

// Writes everything into `dir` (which must exist). Throws std::runtime_error with the
// OpenSSL error text on failure. Takes a few milliseconds (EC keys).
TestPki createTestPki(const std::filesystem::path& dir);

} // namespace flowscope::test
