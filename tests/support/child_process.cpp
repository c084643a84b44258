#include "support/child_process.hpp"

#include "support/temp_dir.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace flowscope::test {
namespace {

using Clock = std::chrono::steady_clock;

bool isProxyVariable(const std::string& entry) {
    const std::string name = entry.substr(0, entry.find('='));
    std::string lower;
    for (const char c : name)
        lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return lower.size() >= 6 && lower.compare(lower.size() - 6, 6, "_proxy") == 0;
}

int decodeStatus(int status) {
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

class SpawnSetup {
public:
    SpawnSetup(const std::filesystem::path& out, const std::filesystem::path& err) {
        posix_spawn_file_actions_init(&m_actions);
        posix_spawnattr_init(&m_attributes);
        posix_spawn_file_actions_addopen(&m_actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&m_actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_addopen(&m_actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        // Asio's sockets are not close-on-exec: a child holding a copy of a proxy or origin
        // socket would keep that connection open after the test closed it.
        posix_spawn_file_actions_addclosefrom_np(&m_actions, 3);
        sigset_t none;
        sigemptyset(&none);
        sigset_t defaults;
        sigemptyset(&defaults);
        for (const int signalNumber : {SIGPIPE, SIGTERM, SIGINT, SIGHUP})
            sigaddset(&defaults, signalNumber);
        posix_spawnattr_setsigmask(&m_attributes, &none);
        posix_spawnattr_setsigdefault(&m_attributes, &defaults);
        posix_spawnattr_setflags(&m_attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&m_actions);
        posix_spawnattr_destroy(&m_attributes);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;

    const posix_spawn_file_actions_t* actions() const { return &m_actions; }
    const posix_spawnattr_t* attributes() const { return &m_attributes; }

private:
    posix_spawn_file_actions_t m_actions;
    posix_spawnattr_t m_attributes;
};

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    for (auto& text : strings)
        result.push_back(text.data());
    result.push_back(nullptr);
    return result;
}

} // namespace

std::vector<std::string> cleanEnvironment() {
    std::vector<std::string> entries;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string text(*entry);
        if (!isProxyVariable(text))
            entries.push_back(std::move(text));
    }
    return entries;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& stdoutFile,
                           const std::filesystem::path& stderrFile) {
    if (argv.empty())
        throw std::invalid_argument("ChildProcess: empty argv");
    const SpawnSetup setup(stdoutFile, stderrFile);
    std::vector<std::string> arguments = argv;
    std::vector<std::string> environment = cleanEnvironment();
    const std::vector<char*> argvPointers = pointers(arguments);
    const std::vector<char*> envPointers = pointers(environment);
    const int error = posix_spawnp(&m_pid, argvPointers[0], setup.actions(), setup.attributes(), argvPointers.data(),
                                   envPointers.data());
    if (error != 0)
        throw std::system_error(error, std::generic_category(), "posix_spawnp " + argv[0]);
}

ChildProcess::~ChildProcess() {
    if (running()) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0); // SIGKILL cannot be ignored: this returns promptly
    }
}

bool ChildProcess::running() {
    if (m_exitCode)
        return false;
    int status = 0;
    const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
    if (done == m_pid) {
        m_exitCode = decodeStatus(status);
        return false;
    }
    return done == 0;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (running()) {
        if (Clock::now() >= deadline)
            return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return m_exitCode;
}

void ChildProcess::signal(int signalNumber) {
    if (running())
        ::kill(m_pid, signalNumber);
}

int ChildProcess::terminate(std::chrono::milliseconds grace) {
    signal(SIGTERM);
    if (const auto code = wait(grace))
        return *code;
    signal(SIGKILL);
    return wait(std::chrono::seconds(10)).value_or(-1);
}

ProcessResult runProcess(const std::vector<std::string>& argv, const std::filesystem::path& scratchDir,
                         std::chrono::milliseconds timeout) {
    static std::atomic<unsigned> counter{0};
    const std::string stem = "process-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    const auto outFile = scratchDir / (stem + ".out");
    const auto errFile = scratchDir / (stem + ".err");
    ProcessResult result;
    {
        ChildProcess child(argv, outFile, errFile);
        if (const auto code = child.wait(timeout)) {
            result.exitCode = *code;
        } else {
            result.timedOut = true;
            result.exitCode = child.terminate(std::chrono::seconds(2));
        }
    }
    result.out = readFile(outFile);
    result.err = readFile(errFile);
    std::error_code ignored;
    std::filesystem::remove(outFile, ignored);
    std::filesystem::remove(errFile, ignored);
    return result;
}

} // namespace flowscope::test
