#pragma once

#include <chrono>
#include <memory>

namespace flowscope::platform {

// Memory allocator settings for a long-running proxy: on glibc the mmap threshold is
// fixed (large body buffers come from mmap and go back to the OS when freed, instead of
// the dynamic threshold growing and keeping them on the heap) and the arena count is
// capped. A no-op where the allocator needs nothing.
void tuneAllocatorForProxy();

// While it lives, hands the memory that freed allocations leave inside the allocator's
// heaps back to the OS every `interval` (glibc: malloc_trim). Without it a burst (hundreds
// of TLS connections, a large download) leaves the process at its peak size for good:
// glibc returns memory only from the top of a heap. Elsewhere a no-op: the macOS and
// Windows allocators give free pages back on their own.
class FreeMemoryReleaser {
public:
    explicit FreeMemoryReleaser(std::chrono::milliseconds interval = std::chrono::seconds(10));
    ~FreeMemoryReleaser(); // stops at once, without a last release
    FreeMemoryReleaser(const FreeMemoryReleaser&) = delete;
    FreeMemoryReleaser& operator=(const FreeMemoryReleaser&) = delete;

    // Releases now, on the calling thread; what the timer does.
    static void releaseNow();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::platform
