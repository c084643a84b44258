// The synthetic flow generator alone (bench/synth_store), without the store: shows that
// synth-store is bound by the store writer, not by making flows.
#include "synth_flows.hpp"

#include <benchmark/benchmark.h>

namespace flowscope::bench {
namespace {

void BM_SynthGenerate(benchmark::State& state) {
    SynthFlowGenerator generator({.seed = 1, .bodies = state.range(0) != 0});
    std::int64_t id = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(generator.next(++id));
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(state.range(0) != 0 ? "with bodies" : "sizes only");
}
BENCHMARK(BM_SynthGenerate)->Arg(0)->Arg(1);

} // namespace
} // namespace flowscope::bench
