#pragma once
// Shared by the micro benchmarks: a temporary directory that removes itself, and a
// number read from the environment.

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace flowscope::bench {

// <tmp>/flowscope-micro-<pid>-<name>, emptied on creation and removed on destruction.
class TempDir {
public:
    explicit TempDir(std::string_view name);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

std::uint64_t envNumber(const char* name, std::uint64_t fallback);

} // namespace flowscope::bench
