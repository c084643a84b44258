// Leaf certificate minting (src/ca): what an interception of a host not seen before costs
// (mint, sign, write the PEM cache), and what every later handshake for it costs (memory
// LRU hit).
#include "ca/certificate_authority.hpp"
#include "micro_support.hpp"

#include <atomic>
#include <benchmark/benchmark.h>
#include <fmt/format.h>

namespace flowscope::bench {
namespace {

// One CA for the whole run: creating the root (a P-256 key) is not what is measured.
ca::CertificateAuthority& authority() {
    static TempDir dir("ca");
    static std::unique_ptr<ca::CertificateAuthority> instance =
        ca::CertificateAuthority::loadOrCreate(dir.path() / "certs");
    return *instance;
}

void BM_LeafMintFreshName(benchmark::State& state) {
    ca::CertificateAuthority& ca = authority();
    static std::atomic<std::uint64_t> counter{0}; // names stay fresh across repetitions
    for (auto _ : state) {
        const std::string host = fmt::format("n{}.mint.bench.test", counter.fetch_add(1));
        benchmark::DoNotOptimize(ca.leafFor(host));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LeafMintFreshName)->Unit(benchmark::kMicrosecond);

void BM_LeafCached(benchmark::State& state) {
    ca::CertificateAuthority& ca = authority();
    ca.leafFor("cached.bench.test");
    for (auto _ : state) {
        benchmark::DoNotOptimize(ca.leafFor("cached.bench.test"));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LeafCached);

} // namespace
} // namespace flowscope::bench
