#pragma once
// Child processes for the tests (curl, flowscope-cli): posix_spawn with an argv vector (no
// shell, so nothing to quote), stdout and stderr into files, every wait bounded, and a
// child never outlives its ChildProcess.
//
// Thread safety: one ChildProcess per thread.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace flowscope::test {

// This process's environment without proxy variables (http_proxy, NO_PROXY...), so a
// developer's settings cannot route test traffic elsewhere.
std::vector<std::string> cleanEnvironment();

class ChildProcess {
public:
    // argv[0] is looked up in PATH when it has no slash. Throws std::system_error.
    ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& stdoutFile,
                 const std::filesystem::path& stderrFile);
    ~ChildProcess(); // SIGKILL and reap if still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return m_pid; }
    bool running();
    // The exit code (128 + signal number when a signal ended it), or nullopt if the child
    // is still running after `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    void signal(int signalNumber);
    // SIGTERM, up to `grace` to exit, then SIGKILL. Returns the exit code as wait() does.
    int terminate(std::chrono::milliseconds grace);

private:
    pid_t m_pid = -1;
    std::optional<int> m_exitCode;
};

struct ProcessResult {
    int exitCode = -1;
    bool timedOut = false; // killed after the timeout
    std::string out;
    std::string err;
};

// Runs a command to completion (killed after `timeout`), output captured through files in
// `scratchDir`.
ProcessResult runProcess(const std::vector<std::string>& argv, const std::filesystem::path& scratchDir,
                         std::chrono::milliseconds timeout);

} // namespace flowscope::test
