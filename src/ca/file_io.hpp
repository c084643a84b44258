#pragma once
// File reading and crash-safe writing for the CA files (internal header).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::ca {

enum class FileAccess {
    OwnerOnly, // 0600: private keys
    Public,    // 0644: certificates
};

enum class Durability {
    Flush,   // fsync the file and its directory before returning (CA material)
    NoFlush, // a crash may lose the file, never half of it (re-creatable cache entries)
};

// The whole file, or nullopt when it does not exist. Throws std::system_error when it
// exists but cannot be read (permissions, a directory in its place, I/O error).
std::optional<std::string> readFileIfExists(const std::filesystem::path& path);

// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so a
// reader (or the next run after a crash) sees the old file or the new one, never a
// prefix. With FileAccess::OwnerOnly the temporary file is created 0600 atomically
// (open(O_CREAT|O_EXCL, 0600)), so there is no moment when the key is readable by
// others. Throws std::system_error.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes, FileAccess access,
                         Durability durability);

// Renames `from` over `to` and, on POSIX, fsyncs the directory so the rename survives a
// power cut. Throws std::system_error.
void renameDurably(const std::filesystem::path& from, const std::filesystem::path& to);

// Removes `path` if present; throws std::system_error on failure other than absence.
void removeIfExists(const std::filesystem::path& path);

} // namespace flowscope::ca
