#pragma once

namespace flowscope::platform {

// Memory allocator settings for a long-running proxy: on glibc the mmap threshold is
// fixed (large body buffers come from mmap and go back to the OS when freed, instead of
// the dynamic threshold growing and keeping them on the heap) and the arena count is
// capped. A no-op where the allocator needs nothing.
void tuneAllocatorForProxy();

} // namespace flowscope::platform
