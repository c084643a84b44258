// Leaf caching: memory hits, the disk cache across instances, rejecting bad disk entries,
// single flight under concurrency, clearing, and file names that stay inside leaf/.

#include "ca/certificate_authority.hpp"
#include "ca/host_name.hpp"
#include "ca/leaf_minter.hpp"
#include "ca_test_support.hpp"

#include <gtest/gtest.h>
#include <latch>
#include <regex>
#include <set>
#include <thread>

namespace flowscope::ca::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

PkeyPtr loadLeafKey(const fs::path& certs) {
    return privateKeyFromPem(readFile(certs / "leaf" / "leaf-key.pem"));
}

PkeyPtr loadRootKey(const fs::path& certs) {
    return privateKeyFromPem(readFile(certs / "ca-key.pem"));
}

// All files under `dir`, recursively, as paths relative to it.
std::set<std::string> fileTree(const fs::path& dir) {
    std::set<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        files.insert(fs::relative(entry.path(), dir).generic_string());
    }
    return files;
}

TEST(LeafCache, SecondRequestIsAMemoryHit) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const LeafCertificate first = ca->leafFor("hit.example");
    EXPECT_EQ(ca->signaturesMade(), 1u);

    const LeafCertificate second = ca->leafFor("hit.example");
    EXPECT_EQ(ca->signaturesMade(), 1u);
    EXPECT_EQ(first.cert, second.cert);
}

TEST(LeafCache, NewInstanceServesFromDiskWithoutSigning) {
    TempDir dir;
    std::string minted;
    {
        const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
        minted = certificateToDer(ca->leafFor("disk.example").cert.get());
        ca->flushLeafCache(); // leaves reach the disk from a thread of their own
        ASSERT_EQ(leafFiles(dir.certs()).size(), 1u);
    }
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const LeafCertificate leaf = ca->leafFor("disk.example");
    EXPECT_EQ(ca->signaturesMade(), 0u);
    EXPECT_EQ(certificateToDer(leaf.cert.get()), minted);
    EXPECT_EQ(X509_check_private_key(leaf.cert.get(), leaf.key.get()), 1);
}

TEST(LeafCache, GarbageOnDiskIsReplaced) {
    TempDir dir;
    fs::path file;
    {
        const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
        ca->leafFor("garbage.example");
        ca->flushLeafCache();
        file = leafFiles(dir.certs()).at(0);
    }
    writeFile(file, "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");

    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const LeafCertificate leaf = ca->leafFor("garbage.example");
    EXPECT_EQ(ca->signaturesMade(), 1u);
    EXPECT_EQ(verifyChain(ca->rootCertificate(), leaf.cert.get(), "garbage.example", false), std::nullopt);
    ca->flushLeafCache();
    EXPECT_EQ(readFile(file), certificateToPem(leaf.cert.get()));
}

TEST(LeafCache, ForgedSignatureOnDiskIsReplaced) {
    TempDir dir;
    fs::path file;
    {
        const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
        ca->leafFor("forged.example");
        ca->flushLeafCache();
        file = leafFiles(dir.certs()).at(0);
    }
    // Same issuer name, same leaf key, right host, but signed by a stranger's key.
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const PkeyPtr stranger = generateP256Key();
    const PkeyPtr leafKey = loadLeafKey(dir.certs());
    const LeafMinter forger(ca->rootCertificate(), stranger.get(), leafKey.get());
    writeFile(file, certificateToPem(forger.mint(parseHostName("forged.example"), Clock::now()).get()));

    const LeafCertificate leaf = ca->leafFor("forged.example");
    EXPECT_EQ(ca->signaturesMade(), 1u);
    EXPECT_EQ(X509_verify(leaf.cert.get(), X509_get0_pubkey(ca->rootCertificate())), 1);
}

TEST(LeafCache, NearlyExpiredDiskLeafIsReplaced) {
    TempDir dir;
    fs::path file;
    {
        const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
        ca->leafFor("expiring.example");
        ca->flushLeafCache();
        file = leafFiles(dir.certs()).at(0);
    }
    // A genuine leaf from this CA with 10 days left (minted 387 days ago).
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const PkeyPtr rootKey = loadRootKey(dir.certs());
    const PkeyPtr leafKey = loadLeafKey(dir.certs());
    const LeafMinter minter(ca->rootCertificate(), rootKey.get(), leafKey.get());
    const X509Ptr old = minter.mint(parseHostName("expiring.example"), Clock::now() - std::chrono::days{387});
    writeFile(file, certificateToPem(old.get()));

    const LeafCertificate leaf = ca->leafFor("expiring.example");
    ca->flushLeafCache();
    EXPECT_EQ(ca->signaturesMade(), 1u);
    EXPECT_GT(daysBetween(Clock::now(), toTimePoint(X509_get0_notAfter(leaf.cert.get()))), 390.0);
    EXPECT_EQ(readFile(file), certificateToPem(leaf.cert.get()));
}

TEST(LeafCache, DiskLeafForAnotherHostIsNotServed) {
    TempDir dir;
    fs::path file;
    std::string otherPem;
    {
        const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
        otherPem = certificateToPem(ca->leafFor("other.example").cert.get());
        ca->leafFor("wanted.example");
        file = dir.certs() / "leaf" / leafFileName(parseHostName("wanted.example"));
        ca->flushLeafCache();
        ASSERT_TRUE(fs::exists(file));
    }
    writeFile(file, otherPem); // as if two names hashed to one file

    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const LeafCertificate leaf = ca->leafFor("wanted.example");
    EXPECT_EQ(ca->signaturesMade(), 1u);
    EXPECT_EQ(commonName(leaf.cert.get()), "wanted.example");
}

TEST(LeafCache, ConcurrentFirstRequestsMintOnce) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    constexpr int kThreads = 8;
    std::latch start(kThreads);
    std::vector<std::shared_ptr<X509>> results(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            results[static_cast<std::size_t>(i)] = ca->leafFor("stampede.example").cert;
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(ca->signaturesMade(), 1u);
    for (const auto& result : results) {
        EXPECT_EQ(result, results[0]);
    }
}

TEST(LeafCache, ConcurrentDistinctHostsEachMintOnce) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    constexpr int kThreads = 4;
    constexpr int kHosts = 25;
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            for (int h = 0; h < kHosts; ++h) {
                ca->leafFor("host" + std::to_string(h) + ".example");
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(ca->signaturesMade(), static_cast<std::uint64_t>(kHosts));
    ca->flushLeafCache();
    EXPECT_EQ(leafFiles(dir.certs()).size(), static_cast<std::size_t>(kHosts));
}

TEST(LeafCache, ClearCacheDeletesLeafFilesButKeepsTheKey) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const std::string leafKey = readFile(dir.certs() / "leaf" / "leaf-key.pem");
    ca->leafFor("one.example");
    ca->leafFor("two.example");
    ca->leafFor("10.0.0.1");
    ca->flushLeafCache();
    ASSERT_EQ(leafFiles(dir.certs()).size(), 3u);

    ca->clearCache();
    EXPECT_TRUE(leafFiles(dir.certs()).empty());
    EXPECT_EQ(readFile(dir.certs() / "leaf" / "leaf-key.pem"), leafKey);

    ca->leafFor("one.example");
    EXPECT_EQ(ca->signaturesMade(), 4u); // minted again: neither memory nor disk kept it
}

TEST(LeafCache, ClearRightAfterMintingLeavesNoFileBehind) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    for (int h = 0; h < 40; ++h)
        ca->leafFor("burst" + std::to_string(h) + ".example"); // written by the cache's thread
    ca->clearCache(); // while most of them are still queued
    ca->flushLeafCache();
    EXPECT_TRUE(leafFiles(dir.certs()).empty()) << "a queued leaf reached the disk after the clear";
    ca->leafFor("after.example");
    ca->flushLeafCache();
    EXPECT_EQ(leafFiles(dir.certs()).size(), 1u);
}

TEST(LeafCache, DestroyingTheAuthorityWritesEveryMintedLeaf) {
    TempDir dir;
    {
        const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
        for (int h = 0; h < 30; ++h)
            ca->leafFor("late" + std::to_string(h) + ".example");
    }
    EXPECT_EQ(leafFiles(dir.certs()).size(), 30u);
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    for (int h = 0; h < 30; ++h)
        ca->leafFor("late" + std::to_string(h) + ".example");
    EXPECT_EQ(ca->signaturesMade(), 0u) << "every leaf came from the disk cache";
}

TEST(LeafCache, LeafKeyPersistsAcrossRuns) {
    TempDir dir;
    std::shared_ptr<EVP_PKEY> first = CertificateAuthority::loadOrCreate(dir.certs())->leafFor("k.example").key;
    std::shared_ptr<EVP_PKEY> second = CertificateAuthority::loadOrCreate(dir.certs())->leafFor("k.example").key;
    EXPECT_EQ(EVP_PKEY_eq(first.get(), second.get()), 1);
}

TEST(LeafCache, CorruptLeafKeyIsRegeneratedAndTheDiskCacheWiped) {
    TempDir dir;
    std::shared_ptr<EVP_PKEY> oldKey;
    {
        const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
        oldKey = ca->leafFor("rekey.example").key;
    }
    writeFile(dir.certs() / "leaf" / "leaf-key.pem", "corrupt");

    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    EXPECT_TRUE(leafFiles(dir.certs()).empty());
    EXPECT_EQ(fs::status(dir.certs() / "leaf" / "leaf-key.pem").permissions(),
              fs::perms::owner_read | fs::perms::owner_write);
    const LeafCertificate leaf = ca->leafFor("rekey.example");
    EXPECT_EQ(ca->signaturesMade(), 1u);
    EXPECT_NE(EVP_PKEY_eq(leaf.key.get(), oldKey.get()), 1);
    EXPECT_EQ(X509_check_private_key(leaf.cert.get(), leaf.key.get()), 1);
}

TEST(LeafCache, HostileHostNamesStayInsideTheLeafDirectory) {
    TempDir dir;
    const fs::path certs = dir.path() / "a" / "b" / "certs";
    const auto ca = CertificateAuthority::loadOrCreate(certs);
    const std::set<std::string> before = fileTree(dir.path());

    const std::vector<std::string> hosts = {"../../etc",       "..",      "/etc/passwd", "..\\..\\windows", "leaf-key",
                                            "a/../../../../x", "fe80::1", "%2e%2e"};
    for (const std::string& host : hosts) {
        const LeafCertificate leaf = ca->leafFor(host);
        EXPECT_NE(leaf.cert, nullptr) << host;
    }
    ca->flushLeafCache();

    std::set<std::string> added;
    for (const std::string& file : fileTree(dir.path())) {
        if (!before.contains(file)) {
            added.insert(file);
        }
    }
    EXPECT_EQ(added.size(), hosts.size());
    const std::regex safe(R"(a/b/certs/leaf/[a-z0-9._-]+_[0-9a-f]{8}\.pem)");
    for (const std::string& file : added) {
        EXPECT_TRUE(std::regex_match(file, safe)) << file;
    }
    // The leaf key was not overwritten by the host called "leaf-key".
    EXPECT_NE(privateKeyFromPem(readFile(certs / "leaf" / "leaf-key.pem")), nullptr);
}

} // namespace
} // namespace flowscope::ca::test
