// macOS and Windows allocators return large blocks and free pages on their own: nothing
// to tune, nothing to release.
#include "platform/process_tuning.hpp"

namespace flowscope::platform {

void tuneAllocatorForProxy() {}

struct FreeMemoryReleaser::Impl {};

FreeMemoryReleaser::FreeMemoryReleaser(std::chrono::milliseconds interval) {
    static_cast<void>(interval);
}

FreeMemoryReleaser::~FreeMemoryReleaser() = default;

void FreeMemoryReleaser::releaseNow() {}

} // namespace flowscope::platform
