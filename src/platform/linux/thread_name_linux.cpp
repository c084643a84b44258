#include "platform/thread_name.hpp"

#include <algorithm>
#include <pthread.h>

namespace flowscope::platform {

void nameThisThread(std::string_view name) {
    char buffer[16] = {}; // the kernel's TASK_COMM_LEN, terminator included
    const std::size_t length = std::min(name.size(), sizeof buffer - 1);
    name.copy(buffer, length);
    static_cast<void>(pthread_setname_np(pthread_self(), buffer));
}

} // namespace flowscope::platform
