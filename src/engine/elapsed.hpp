#pragma once
// Phase timings of a flow (FlowTiming), measured on the monotonic clock.

#include <chrono>
#include <cstdint>

namespace flowscope::engine {

using SteadyClock = std::chrono::steady_clock;

inline std::int64_t microsecondsSince(SteadyClock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
}

} // namespace flowscope::engine
