#include "platform/app_paths.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace flowscope::platform {

std::filesystem::path defaultDataDir() {
    // XDG Base Directory Specification: $XDG_DATA_HOME, default ~/.local/share; a relative
    // value is invalid and must be ignored.
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/')
        return std::filesystem::path(xdg) / "flowscope";
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') {
        const passwd* entry = getpwuid(getuid());
        home = entry != nullptr ? entry->pw_dir : nullptr;
    }
    if (home == nullptr || *home == '\0')
        throw std::runtime_error("cannot find the home directory (HOME is not set); pass --data-dir");
    return std::filesystem::path(home) / ".local" / "share" / "flowscope";
}

} // namespace flowscope::platform
