// macOS and Windows allocators return large blocks on their own: nothing to tune.
#include "platform/process_tuning.hpp"

namespace flowscope::platform {

void tuneAllocatorForProxy() {}

} // namespace flowscope::platform
