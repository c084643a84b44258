#pragma once
// flowscope-cli driven as a user would: `proxy` as a child process (started on port 0,
// its port read from the "listening on 127.0.0.1:PORT" line, stopped with SIGTERM), and
// one-shot commands (flows list, status) run to completion.

#include "support/child_process.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace flowscope::test {

// $FLOWSCOPE_TEST_BINARY_DIR/src/cli/flowscope-cli (the CTest helper sets the variable; a
// build-time default covers running the test binary by hand).
std::filesystem::path cliBinary();

class CliProxyProcess {
public:
    // Runs `flowscope-cli --data-dir DIR proxy --listen 127.0.0.1:0 ARGS...` and waits (up to
    // `startTimeout`) for its listening line. Throws std::runtime_error with its output if
    // it exits or stays silent.
    CliProxyProcess(const std::filesystem::path& dataDir, const std::vector<std::string>& proxyArgs,
                    std::chrono::milliseconds startTimeout = std::chrono::seconds(20));
    ~CliProxyProcess(); // SIGKILL if still running

    std::uint16_t port() const { return m_port; }
    // SIGTERM, then up to `grace` to exit (SIGKILL after). Returns the exit code.
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
    std::string stdoutText() const;
    std::string stderrText() const;

private:
    std::filesystem::path m_stdout;
    std::filesystem::path m_stderr;
    std::unique_ptr<ChildProcess> m_child;
    std::uint16_t m_port = 0;
};

// `flowscope-cli --data-dir DIR ARGS...` to completion.
ProcessResult runCli(const std::filesystem::path& dataDir, const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30));

} // namespace flowscope::test
