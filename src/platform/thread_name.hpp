#pragma once

#include <string_view>

namespace flowscope::platform {

// Names the calling thread for debuggers, `top -H`, perf and crash reports, so "which
// thread is busy" has an answer without symbols. Linux keeps 15 bytes of it; the rest is
// cut. Best effort: a failure is not worth reporting.
void nameThisThread(std::string_view name);

} // namespace flowscope::platform
