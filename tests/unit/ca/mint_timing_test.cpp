// Mint cost, measured rather than asserted (machines differ). Run with
//   flowscope_ca_tests --gtest_also_run_disabled_tests --gtest_filter='*MintTiming*'

#include "ca/certificate_authority.hpp"
#include "ca/host_name.hpp"
#include "ca/leaf_minter.hpp"
#include "ca_test_support.hpp"

#include <cstdio>
#include <gtest/gtest.h>

namespace flowscope::ca::test {
namespace {

using Clock = std::chrono::system_clock;
using Steady = std::chrono::steady_clock;

TEST(MintTiming, DISABLED_ReportsMicrosecondsPerLeaf) {
    TempDir dir;
    const auto ca = CertificateAuthority::loadOrCreate(dir.certs());
    const PkeyPtr rootKey = privateKeyFromPem(readFile(dir.certs() / "ca-key.pem"));
    const LeafMinter minter(ca->rootCertificate(), rootKey.get(), ca->leafFor("warm.example").key.get());
    constexpr int kMints = 500;

    const HostName host = parseHostName("timing.example.com");
    Steady::time_point start = Steady::now();
    for (int i = 0; i < kMints; ++i) {
        ASSERT_NE(minter.mint(host, Clock::now()), nullptr);
    }
    const double mintOnly = std::chrono::duration<double, std::micro>(Steady::now() - start).count() / kMints;

    start = Steady::now();
    for (int i = 0; i < kMints; ++i) {
        ASSERT_NE(ca->leafFor("host" + std::to_string(i) + ".timing.example").cert, nullptr);
    }
    const double leafFor = std::chrono::duration<double, std::micro>(Steady::now() - start).count() / kMints;

    std::printf("mint only: %.1f us/leaf; leafFor miss (mint + disk write): %.1f us/leaf\n", mintOnly, leafFor);
}

} // namespace
} // namespace flowscope::ca::test
