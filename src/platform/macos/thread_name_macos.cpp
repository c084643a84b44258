#include "platform/thread_name.hpp"

#include <pthread.h>
#include <string>

namespace flowscope::platform {

void nameThisThread(std::string_view name) {
    // macOS names only the calling thread (no thread argument) and keeps up to 63 bytes.
    const std::string terminated(name.substr(0, 63));
    static_cast<void>(pthread_setname_np(terminated.c_str()));
}

} // namespace flowscope::platform
