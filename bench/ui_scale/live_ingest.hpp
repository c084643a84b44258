#pragma once
// Live capture without a network: a producer thread publishes synthetic flows into the
// store writer at a fixed rate, as the engine's threads do, so the window's usual commit
// notifications drive FlowListModel::refresh(). Bounded in count and time.
//
// Thread safety: start(), finished() and the getters are called from one thread (the GUI
// thread); the producer thread only touches the sink and the atomics.

#include "synth_flows.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace flowscope::store {
class FlowSink;
}

namespace flowscope::bench {

struct IngestOptions {
    double flowsPerSecond = 2000;
    double seconds = 10;
    SynthOptions synth; // the seed should differ from the store's, the start time be now
};

class LiveIngest {
public:
    LiveIngest(store::FlowSink& sink, IngestOptions options);
    ~LiveIngest(); // stops the producer and joins it
    LiveIngest(const LiveIngest&) = delete;
    LiveIngest& operator=(const LiveIngest&) = delete;

    void start();
    bool finished() const { return m_finished.load(std::memory_order_acquire); }
    std::uint64_t target() const { return m_target; }
    std::uint64_t published() const { return m_published.load(std::memory_order_acquire); }
    // From start() to the last publish (valid once finished()).
    double publishSeconds() const;
    std::chrono::steady_clock::time_point finishedAt() const;

private:
    void run(const std::stop_token& stop);

    store::FlowSink& m_sink;
    IngestOptions m_options;
    std::uint64_t m_target;
    std::chrono::steady_clock::time_point m_startedAt;
    std::atomic<std::int64_t> m_finishedAtNs{0}; // steady clock, since its epoch
    std::atomic<std::uint64_t> m_published{0};
    std::atomic<bool> m_finished{false};
    std::jthread m_thread; // last: joined first
};

} // namespace flowscope::bench
