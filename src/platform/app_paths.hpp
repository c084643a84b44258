#pragma once
// Where Flowscope keeps its per-user data (DESIGN.md "Data on disk").

#include <filesystem>
#include <optional>

namespace flowscope::platform {

// The OS convention: Linux $XDG_DATA_HOME/flowscope (else ~/.local/share/flowscope),
// macOS ~/Library/Application Support/Flowscope, Windows %APPDATA%\Flowscope.
// Throws std::runtime_error when the home/profile directory cannot be determined.
std::filesystem::path defaultDataDir();

// --data-dir wins, then FLOWSCOPE_HOME, then defaultDataDir().
std::filesystem::path resolveDataDir(const std::optional<std::filesystem::path>& explicitDir);

// Creates the directory (and parents) readable by the owner only where the OS has such
// modes (it holds the CA private key). Throws std::runtime_error with a readable message.
void ensurePrivateDirectory(const std::filesystem::path& dir);

} // namespace flowscope::platform
