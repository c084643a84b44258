#pragma once
// A fresh directory under the system temp dir, removed recursively on destruction, so every
// test gets its own data dir, certificates and downloads.

#include <filesystem>
#include <string>
#include <string_view>

namespace flowscope::test {

class TempDir {
public:
    explicit TempDir(std::string_view prefix = "flowscope-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(std::string_view name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

std::string readFile(const std::filesystem::path& file);
void writeFile(const std::filesystem::path& file, std::string_view bytes);

} // namespace flowscope::test
