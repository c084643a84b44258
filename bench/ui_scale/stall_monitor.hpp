#pragma once
// How long the GUI thread is unavailable: a 5 ms precise timer records the gap between
// consecutive timeouts. A gap of 60 ms means no paint or input was handled for ~55 ms
// (Qt does not queue missed timeouts, so one long block is one long gap).
//
// Thread safety: GUI thread only.

#include "ui_bench_support.hpp"

#include <QTimer>
#include <chrono>
#include <utility>
#include <vector>

namespace flowscope::bench {

class StallMonitor {
public:
    explicit StallMonitor(std::chrono::milliseconds interval = std::chrono::milliseconds(5));

    void start(); // forgets earlier gaps
    void stop();
    // Gaps between timeouts, in ms (the interval itself when never late).
    Distribution gaps() const { return distributionOf(m_gaps); }
    std::chrono::milliseconds interval() const { return m_interval; }
    // Gaps longer than `thresholdMs`: {ms from start() to the gap's end, gap in ms}, to
    // line them up with a profile or a periodic timer.
    std::vector<std::pair<double, double>> gapsLongerThan(double thresholdMs) const;
    Clock::time_point startedAt() const { return m_startedAt; }

private:
    std::chrono::milliseconds m_interval;
    QTimer m_timer;
    Clock::time_point m_startedAt;
    Clock::time_point m_last;
    std::vector<double> m_gaps;
    std::vector<double> m_gapEnds; // ms since m_startedAt
};

} // namespace flowscope::bench
