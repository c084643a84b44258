#include "stall_monitor.hpp"

namespace flowscope::bench {

StallMonitor::StallMonitor(std::chrono::milliseconds interval) : m_interval(interval) {
    // Coarse timers may fire up to 5% early or late by design; precise ones measure stalls.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(m_interval);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
        const Clock::time_point now = Clock::now();
        m_gaps.push_back(msBetween(m_last, now));
        m_gapEnds.push_back(msBetween(m_startedAt, now));
        m_last = now;
    });
}

void StallMonitor::start() {
    m_gaps.clear();
    m_gapEnds.clear();
    m_gaps.reserve(16'384);
    m_gapEnds.reserve(16'384);
    m_startedAt = Clock::now();
    m_last = m_startedAt;
    m_timer.start();
}

void StallMonitor::stop() {
    m_timer.stop();
}

std::vector<std::pair<double, double>> StallMonitor::gapsLongerThan(double thresholdMs) const {
    std::vector<std::pair<double, double>> longGaps;
    for (std::size_t i = 0; i < m_gaps.size(); ++i) {
        if (m_gaps[i] > thresholdMs) {
            longGaps.emplace_back(m_gapEnds[i], m_gaps[i]);
        }
    }
    return longGaps;
}

} // namespace flowscope::bench
