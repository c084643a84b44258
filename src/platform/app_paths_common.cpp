#include "platform/app_paths.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>

namespace flowscope::platform {

std::filesystem::path resolveDataDir(const std::optional<std::filesystem::path>& explicitDir) {
    if (explicitDir && !explicitDir->empty())
        return std::filesystem::absolute(*explicitDir);
    if (const char* home = std::getenv("FLOWSCOPE_HOME"); home != nullptr && *home != '\0')
        return std::filesystem::absolute(home);
    return defaultDataDir();
}

void ensurePrivateDirectory(const std::filesystem::path& dir) {
    std::error_code error;
    const bool created = std::filesystem::create_directories(dir, error);
    if (error)
        throw std::runtime_error("cannot create data directory " + dir.string() + ": " + error.message());
    if (!std::filesystem::is_directory(dir, error))
        throw std::runtime_error("data directory " + dir.string() + " is not a directory");
    if (created) {
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace,
                                     error);
    }
}

} // namespace flowscope::platform
