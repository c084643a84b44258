#include "support/cli_process.hpp"

#include "support/temp_dir.hpp"

#include <cstdlib>
#include <regex>
#include <stdexcept>
#include <thread>

namespace flowscope::test {

std::filesystem::path cliBinary() {
    const char* dir = std::getenv("FLOWSCOPE_TEST_BINARY_DIR");
#ifdef FLOWSCOPE_DEFAULT_BINARY_DIR
    const std::filesystem::path base = dir != nullptr && *dir != '\0' ? dir : FLOWSCOPE_DEFAULT_BINARY_DIR;
#else
    if (dir == nullptr || *dir == '\0')
        throw std::runtime_error("FLOWSCOPE_TEST_BINARY_DIR is not set");
    const std::filesystem::path base = dir;
#endif
    return base / "src" / "cli" / "flowscope-cli";
}

CliProxyProcess::CliProxyProcess(const std::filesystem::path& dataDir, const std::vector<std::string>& proxyArgs,
                                 std::chrono::milliseconds startTimeout)
    : m_stdout(dataDir / "cli-proxy.out"), m_stderr(dataDir / "cli-proxy.err") {
    std::filesystem::create_directories(dataDir); // for the output files; the CLI fills it
    std::vector<std::string> argv{cliBinary().string(), "--data-dir", dataDir.string(), "proxy",
                                  "--listen",           "127.0.0.1:0"};
    argv.insert(argv.end(), proxyArgs.begin(), proxyArgs.end());
    m_child = std::make_unique<ChildProcess>(argv, m_stdout, m_stderr);

    static const std::regex listening(R"(listening on 127\.0\.0\.1:(\d+)\n)");
    const auto deadline = std::chrono::steady_clock::now() + startTimeout;
    while (true) {
        std::smatch match;
        const std::string out = stdoutText();
        if (std::regex_search(out, match, listening)) {
            m_port = static_cast<std::uint16_t>(std::stoi(match[1].str()));
            return;
        }
        if (!m_child->running() || std::chrono::steady_clock::now() >= deadline) {
            const int code = m_child->terminate(std::chrono::seconds(2));
            throw std::runtime_error("flowscope-cli proxy did not start (exit " + std::to_string(code) +
                                     "); stdout: " + out + "; stderr: " + stderrText());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

CliProxyProcess::~CliProxyProcess() = default;

int CliProxyProcess::stop(std::chrono::milliseconds grace) {
    return m_child->terminate(grace);
}

std::string CliProxyProcess::stdoutText() const {
    return readFile(m_stdout);
}
std::string CliProxyProcess::stderrText() const {
    return readFile(m_stderr);
}

ProcessResult runCli(const std::filesystem::path& dataDir, const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout) {
    std::vector<std::string> argv{cliBinary().string(), "--data-dir", dataDir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::filesystem::create_directories(dataDir);
    return runProcess(argv, dataDir, timeout);
}

} // namespace flowscope::test
