#pragma once
// Files that must be private from their first byte (the CA key) and durable renames.

#include <filesystem>
#include <string>
#include <string_view>

namespace flowscope::platform {

enum class FileMode {
    OwnerOnly, // POSIX 0600; on Windows the per-user profile ACL already keeps it private
    Public,    // POSIX 0644
};

// Creates `path`, which must not exist (O_EXCL: never follows or reuses a planted file),
// with `mode` from the start, writes `bytes` and, with `flush`, syncs it to disk.
// On failure the partial file is removed and std::system_error is thrown.
void writeNewFile(const std::filesystem::path& path, std::string_view bytes, FileMode mode, bool flush);

// Makes renames within `dir` durable (POSIX fsync of the directory); no-op elsewhere.
void flushDirectory(const std::filesystem::path& dir);

// The machine's name for display ("build-box"), or "" when unknown.
std::string hostName();

} // namespace flowscope::platform
