#include "platform/app_paths.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace flowscope::platform {

std::filesystem::path defaultDataDir() {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') {
        const passwd* entry = getpwuid(getuid());
        home = entry != nullptr ? entry->pw_dir : nullptr;
    }
    if (home == nullptr || *home == '\0')
        throw std::runtime_error("cannot find the home directory (HOME is not set); pass --data-dir");
    return std::filesystem::path(home) / "Library" / "Application Support" / "Flowscope";
}

} // namespace flowscope::platform
