#include "platform/private_file.hpp"

#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <system_error>

namespace flowscope::platform {

void writeNewFile(const std::filesystem::path& path, std::string_view bytes, FileMode mode, bool flush) {
    // CREATE_NEW is O_EXCL. The file inherits the ACL of %APPDATA%, which only the user
    // (and administrators) can read, so no mode bits are needed for OwnerOnly.
    static_cast<void>(mode);
    HANDLE file = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        throw std::system_error(static_cast<int>(GetLastError()), std::system_category(),
                                "cannot create " + path.string());
    std::size_t written = 0;
    while (written < bytes.size()) {
        DWORD chunk = 0;
        const DWORD wanted = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - written, 1u << 30));
        if (!WriteFile(file, bytes.data() + written, wanted, &chunk, nullptr)) {
            const DWORD error = GetLastError();
            CloseHandle(file);
            DeleteFileW(path.c_str());
            throw std::system_error(static_cast<int>(error), std::system_category(), "cannot write " + path.string());
        }
        written += chunk;
    }
    if (flush)
        FlushFileBuffers(file);
    CloseHandle(file);
}

void flushDirectory(const std::filesystem::path&) {
    // NTFS journals renames (MoveFileEx); there is no directory handle to sync.
}

std::string hostName() {
    std::array<char, MAX_COMPUTERNAME_LENGTH + 1> buffer{};
    DWORD size = static_cast<DWORD>(buffer.size());
    if (GetComputerNameA(buffer.data(), &size))
        return std::string(buffer.data(), size);
    return {};
}

} // namespace flowscope::platform
