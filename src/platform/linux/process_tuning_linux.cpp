#include "platform/process_tuning.hpp"

#include <malloc.h>

namespace flowscope::platform {

void tuneAllocatorForProxy() {
    // Setting the threshold explicitly disables glibc's dynamic adjustment (mallopt(3)).
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    // Per-thread arenas (8 per core by default) each keep freed memory; a few suffice for
    // a handful of I/O threads and the store writer.
    mallopt(M_ARENA_MAX, 4);
}

} // namespace flowscope::platform
