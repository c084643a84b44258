// POSIX implementation, used on Linux and macOS.
#include "platform/termination_signal.hpp"

#include <csignal>

#include <pthread.h>

namespace flowscope::platform {
namespace {
sigset_t terminationSet() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}
} // namespace

void prepareTerminationSignals() {
    const sigset_t set = terminationSet();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // A client that vanishes mid-write must produce an error code, not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
}

const char* waitForTerminationSignal() {
    const sigset_t set = terminationSet();
    int received = 0;
    while (sigwait(&set, &received) != 0) {
    }
    switch (received) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "SIGHUP";
    }
}

} // namespace flowscope::platform
