#include "live_ingest.hpp"

#include "store/flow_sink.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::bench {
namespace {

// 100 ticks a second: 20 flows a tick at 2,000/s, about what an engine's commit batches
// look like, without one wake-up per flow.
constexpr auto kTick = std::chrono::milliseconds(10);

} // namespace

LiveIngest::LiveIngest(store::FlowSink& sink, IngestOptions options)
    : m_sink(sink), m_options(options),
      m_target(static_cast<std::uint64_t>(std::llround(options.flowsPerSecond * options.seconds))) {}

LiveIngest::~LiveIngest() = default; // std::jthread requests stop and joins

void LiveIngest::start() {
    m_startedAt = std::chrono::steady_clock::now();
    m_thread = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

void LiveIngest::run(const std::stop_token& stop) {
    SynthFlowGenerator generator(m_options.synth);
    const double perTick = m_options.flowsPerSecond * std::chrono::duration<double>(kTick).count();
    // Paced against the start, so a late tick catches up instead of the rate drifting;
    // the deadline (twice the planned time) bounds the run on a starved machine.
    const auto deadline = m_startedAt + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                            std::chrono::duration<double>(2 * m_options.seconds + 1));
    std::uint64_t done = 0;
    for (std::uint64_t tick = 1; done < m_target && !stop.stop_requested(); ++tick) {
        const auto due =
            std::min<std::uint64_t>(m_target, static_cast<std::uint64_t>(perTick * static_cast<double>(tick)));
        for (; done < due; ++done) {
            m_sink.publish(generator.next(m_sink.allocateId()));
        }
        m_published.store(done, std::memory_order_release);
        if (done >= m_target) {
            break;
        }
        const auto next = m_startedAt + tick * kTick;
        if (next > deadline) {
            break;
        }
        std::this_thread::sleep_until(next);
    }
    m_finishedAtNs.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_release);
    m_finished.store(true, std::memory_order_release);
}

double LiveIngest::publishSeconds() const {
    return std::chrono::duration<double>(finishedAt() - m_startedAt).count();
}

std::chrono::steady_clock::time_point LiveIngest::finishedAt() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(m_finishedAtNs.load(std::memory_order_acquire)));
}

} // namespace flowscope::bench
