// isTrustedBySystemStore: a fresh per-install root is not in the distribution bundle; the
// same root given as an extra bundle is trusted; another install's root in the bundle
// does not make ours trusted.
#include "ca/system_trust.hpp"

#include "ca_test_support.hpp"

#include <gtest/gtest.h>

namespace flowscope::ca::test {
namespace {

TEST(SystemTrust, FreshRootIsNotTrustedBySystemStore) {
    TempDir dir;
    auto authority = CertificateAuthority::loadOrCreate(dir.certs());
    EXPECT_FALSE(isTrustedBySystemStore(authority->rootCertificate()));
}

TEST(SystemTrust, RootInExtraBundleIsTrusted) {
    TempDir dir;
    auto authority = CertificateAuthority::loadOrCreate(dir.certs());
    EXPECT_TRUE(isTrustedBySystemStore(authority->rootCertificate(), authority->paths().certPem));
}

TEST(SystemTrust, AnotherInstallsRootDoesNotCount) {
    TempDir ours;
    TempDir theirs;
    auto authority = CertificateAuthority::loadOrCreate(ours.certs());
    auto other = CertificateAuthority::loadOrCreate(theirs.certs());
    EXPECT_FALSE(isTrustedBySystemStore(authority->rootCertificate(), other->paths().certPem));
}

TEST(SystemTrust, MissingBundleOrRootIsNotTrusted) {
    TempDir dir;
    auto authority = CertificateAuthority::loadOrCreate(dir.certs());
    EXPECT_FALSE(isTrustedBySystemStore(authority->rootCertificate(), dir.path() / "missing.pem"));
    EXPECT_FALSE(isTrustedBySystemStore(nullptr));
}

} // namespace
} // namespace flowscope::ca::test
