#pragma once
// Waiting for the user to stop a headless process: SIGINT/SIGTERM on POSIX, Ctrl+C,
// Ctrl+Break and console close on Windows.

namespace flowscope::platform {

// Call on the main thread before starting any other thread: the termination signals are
// then delivered only to waitForTerminationSignal() (threads inherit the mask).
void prepareTerminationSignals();

// Blocks until a termination signal arrives; returns its name ("SIGINT").
const char* waitForTerminationSignal();

} // namespace flowscope::platform
