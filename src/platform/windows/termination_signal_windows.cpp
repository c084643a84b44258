#include "platform/termination_signal.hpp"

#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <condition_variable>
#include <mutex>

namespace flowscope::platform {
namespace {
std::mutex g_mutex;
std::condition_variable g_signalled;
const char* g_received = nullptr;

BOOL WINAPI onConsoleEvent(DWORD type) {
    const char* name = type == CTRL_C_EVENT       ? "CTRL_C"
                       : type == CTRL_BREAK_EVENT ? "CTRL_BREAK"
                                                  : "CONSOLE_CLOSE";
    {
        std::lock_guard lock(g_mutex);
        g_received = name;
    }
    g_signalled.notify_all();
    // For a console close Windows ends the process when the handler returns; give the
    // main thread a moment to flush the store.
    if (type == CTRL_CLOSE_EVENT)
        Sleep(3000);
    return TRUE;
}
} // namespace

void prepareTerminationSignals() { SetConsoleCtrlHandler(onConsoleEvent, TRUE); }

const char* waitForTerminationSignal() {
    std::unique_lock lock(g_mutex);
    g_signalled.wait(lock, [] { return g_received != nullptr; });
    return g_received;
}

} // namespace flowscope::platform
