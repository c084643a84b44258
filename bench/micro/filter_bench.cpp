// Filtering a million flows (src/view): FlowView in AllFlows residency (the desktop list)
// over a synthetic store from bench/synth_store, re-evaluating a filter over every loaded
// flow. The store is written once per run into a temporary directory.
//
//   FLOWSCOPE_MICRO_FLOWS=200000   flows in the generated store (default 1,000,000)
//   FLOWSCOPE_MICRO_STORE=path     use an existing store instead (e.g. one made by synth-store)
#include "micro_support.hpp"
#include "store/flow_writer.hpp"
#include "synth_flows.hpp"
#include "view/filter_parser.hpp"
#include "view/flow_view.hpp"

#include <array>
#include <benchmark/benchmark.h>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <memory>

namespace flowscope::bench {
namespace {

constexpr std::array<std::string_view, 7> kFilters = {
    "api",
    "status:4xx",
    "host:*.acme-shop.com type:json",
    "-error size:>100k",
    "method:post -status:2xx duration:>500ms",
    "\"cart/items\"",
    "error:upstream_*",
};

struct Corpus {
    std::unique_ptr<TempDir> dir;
    std::filesystem::path store;
    std::unique_ptr<view::FlowView> view;
};

Corpus& corpus() {
    static Corpus instance = [] {
        Corpus made;
        if (const char* existing = std::getenv("FLOWSCOPE_MICRO_STORE"); existing != nullptr && *existing != '\0') {
            made.store = existing;
        } else {
            made.dir = std::make_unique<TempDir>("filter");
            made.store = made.dir->path() / "flows.sqlite";
            const std::uint64_t count = envNumber("FLOWSCOPE_MICRO_FLOWS", 1'000'000);
            fmt::print(stderr, "filter benchmarks: writing {} synthetic flows to {} ...\n", count, made.store.string());
            store::FlowWriter writer(made.store);
            writeSynthFlows(writer, count, {});
        }
        made.view = std::make_unique<view::FlowView>(made.store);
        made.view->reload();
        return made;
    }();
    return instance;
}

view::FilterExpression parsed(std::string_view text) {
    view::ParsedFilter filter = view::parseFilter(text);
    if (!filter.ok()) {
        throw std::runtime_error(fmt::format("filter '{}': {}", text, filter.error->message));
    }
    return filter.expression;
}

// One filter change on the resident flows, as the list does on each keystroke: every
// loaded flow is matched; the order (by id) needs no sort. prepare() leaves the view as it
// is, so each iteration does the full work.
void BM_FilterAllFlows(benchmark::State& state) {
    const std::string_view text = kFilters[static_cast<std::size_t>(state.range(0))];
    const view::FilterExpression filter = parsed(text);
    view::FlowView& view = *corpus().view;
    for (auto _ : state) {
        std::optional<view::ViewUpdate> update = view.prepare(filter, {});
        benchmark::DoNotOptimize(update);
        if (!update) {
            state.SkipWithError("cancelled");
            break;
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(view.loadedCount()));
    // How many flows the filter shows, outside the timed loop.
    view.setFilter(filter);
    state.counters["matched"] = static_cast<double>(view.rowCount());
    view.setFilter({});
    state.SetLabel(fmt::format("'{}'", text));
}
BENCHMARK(BM_FilterAllFlows)->DenseRange(0, kFilters.size() - 1)->Unit(benchmark::kMillisecond);

void BM_FilterParse(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(view::parseFilter("host:*.acme-shop.com method:post -status:2xx duration:>500ms"));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FilterParse);

// Loading every flow's row from the store into a FlowView (opening a million-flow session).
void BM_FlowViewLoadAllFlows(benchmark::State& state) {
    const std::filesystem::path store = corpus().store;
    std::size_t rows = 0;
    for (auto _ : state) {
        view::FlowView view(store);
        view.reload();
        rows = view.rowCount();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
}
BENCHMARK(BM_FlowViewLoadAllFlows)->Unit(benchmark::kMillisecond)->Iterations(2);

} // namespace
} // namespace flowscope::bench
