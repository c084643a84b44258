#pragma once
// Small helpers of flowscope-ui-bench: waiting on the event loop for a condition, clocks,
// percentiles, and the process's memory.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace flowscope::ui {
class FlowListModel;
}

namespace flowscope::bench {

using Clock = std::chrono::steady_clock;

double msBetween(Clock::time_point from, Clock::time_point to);
double msSince(Clock::time_point from);

// Runs the event loop until `done()` holds or `timeout` passes; false on timeout. The
// condition is checked whenever the model signals (a load, filter or sort applied, rows
// appended) and every 20 ms otherwise, so a result is seen in the event that produced it,
// and the loop returns once that event's handlers (the window's included) have finished.
// A nested event loop is fine in this driver; the app code never does this.
bool runUntil(const ui::FlowListModel& model, const std::function<bool()>& done, std::chrono::milliseconds timeout);

// Lets the event loop handle what is already posted (deferred layouts, queued calls).
void drainPostedEvents();

struct Distribution {
    std::size_t count = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
    double mean = 0;
};
// Nearest-rank percentiles; all zeros for no samples.
Distribution distributionOf(std::vector<double> samples);

struct MemorySample {
    double rssMiB = 0;  // VmRSS
    double peakMiB = 0; // VmHWM
};
// From /proc/self/status; zeros where there is none.
MemorySample readMemory();
// The first three fields of /proc/loadavg ("2.02 2.97 3.35"), empty where there is none.
std::string loadAverage();

} // namespace flowscope::bench
