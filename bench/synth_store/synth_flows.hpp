#pragma once
// Synthetic but realistic flows for trying the desktop app and the benchmarks at a million
// flows: ~200 hosts with Zipf popularity, browsers and apps, mostly GETs, statuses and
// errors as the engine records them (engine/flow_errors.hpp), headers, timings, TLS
// fields, tunnels and WebSockets, timestamps in bursts over hours, and optionally bodies
// (JSON, HTML, JS, CSS, real PNGs, some gzip-encoded). Deterministic for a seed.
//
// Thread safety: a SynthFlowGenerator is used by one thread; separate generators are
// independent.

#include "store/flow.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

namespace flowscope::store {
class FlowWriter;
}

namespace flowscope::bench {

// 2026-11-23 08:00:00 UTC: where the synthetic session starts.
inline constexpr std::int64_t kSynthStartUs = 1'795'420'800'000'000;

struct SynthOptions {
    std::uint64_t seed = 1;
    // Capture body bytes. Without it flows carry sizes only, as a proxy run with
    // max_body_size 0 records them (bodies counted, marked truncated).
    bool bodies = false;
    // With `bodies`: the simulated max_body_size. Large assets (photos, fonts, videos,
    // bundles, ~3% of flows) keep this prefix and are marked truncated, which keeps the
    // average captured body small (about 500 bytes a flow).
    std::size_t captureLimit = 4 * 1024;
    std::int64_t startUs = kSynthStartUs;
};

class SynthFlowGenerator {
public:
    explicit SynthFlowGenerator(SynthOptions options);
    ~SynthFlowGenerator();
    SynthFlowGenerator(const SynthFlowGenerator&) = delete;
    SynthFlowGenerator& operator=(const SynthFlowGenerator&) = delete;

    // The next flow of the sequence, with the id the sink allocated. Flows come in start
    // order, as the engine allocates ids when exchanges start.
    store::Flow next(std::int64_t id);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// Publishes `count` generated flows to `writer` and waits until they are committed.
// `progress(done)` is called every `progressEvery` flows (from the calling thread).
void writeSynthFlows(store::FlowWriter& writer, std::uint64_t count, const SynthOptions& options,
                     const std::function<void(std::uint64_t)>& progress = {}, std::uint64_t progressEvery = 50'000);

// DIR/flows.sqlite, creating DIR. Throws std::runtime_error when that file already holds
// data (size > 0, or a WAL file is present) unless `force`, which deletes it (and its
// -wal and -shm files) first.
std::filesystem::path prepareStoreFile(const std::filesystem::path& dir, bool force);

} // namespace flowscope::bench
