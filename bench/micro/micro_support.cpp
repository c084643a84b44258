#include "micro_support.hpp"

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace flowscope::bench {

TempDir::TempDir(std::string_view name)
    : m_path(std::filesystem::temp_directory_path() /
             ("flowscope-micro-" + std::to_string(::getpid()) + "-" + std::string(name))) {
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::uint64_t envNumber(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text != nullptr && *text != '\0' ? std::stoull(text) : fallback;
}

} // namespace flowscope::bench
