#include "ca/file_io.hpp"

#include <array>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <openssl/rand.h>
#include <system_error>

#include "platform/private_file.hpp"

namespace flowscope::ca {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void throwErrno(int error, const std::string& what) {
    throw std::system_error(error, std::generic_category(), what);
}

fs::path temporarySibling(const fs::path& path) {
    std::array<unsigned char, 6> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        throw std::system_error(std::make_error_code(std::errc::io_error), "RAND_bytes for a temporary name");
    }
    std::string suffix = ".tmp-";
    constexpr std::string_view digits = "0123456789abcdef";
    for (unsigned char byte : random) {
        suffix += digits[byte >> 4];
        suffix += digits[byte & 0x0F];
    }
    fs::path tmp = path;
    tmp += suffix;
    return tmp;
}

void writeTemporary(const fs::path& tmp, std::string_view bytes, FileAccess access, Durability durability) {
    // Created exclusively with its final mode, so a key is never readable by others.
    platform::writeNewFile(tmp, bytes,
                           access == FileAccess::OwnerOnly ? platform::FileMode::OwnerOnly : platform::FileMode::Public,
                           durability == Durability::Flush);
}

void flushDirectory(const fs::path& dir) { platform::flushDirectory(dir); }

} // namespace

std::optional<std::string> readFileIfExists(const fs::path& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) {
        return std::nullopt;
    }
    if (ec) {
        throw std::system_error(ec, "cannot read " + path.string());
    }
    if (status.type() != fs::file_type::regular) {
        throw std::system_error(std::make_error_code(std::errc::is_a_directory), "cannot read " + path.string());
    }
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throwErrno(errno != 0 ? errno : EIO, "cannot read " + path.string());
    }
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
        throwErrno(errno != 0 ? errno : EIO, "cannot read " + path.string());
    }
    return bytes;
}

void writeFileAtomically(const fs::path& path, std::string_view bytes, FileAccess access, Durability durability) {
    const fs::path tmp = temporarySibling(path);
    writeTemporary(tmp, bytes, access, durability);
    std::error_code ec;
    fs::rename(tmp, path, ec); // atomic replacement on POSIX; MoveFileEx(REPLACE_EXISTING) on Windows
    if (ec) {
        fs::remove(tmp, ec);
        throw std::system_error(ec, "cannot rename " + tmp.string() + " to " + path.string());
    }
    if (durability == Durability::Flush) {
        flushDirectory(path.parent_path());
    }
}

void renameDurably(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec) {
        throw std::system_error(ec, "cannot rename " + from.string() + " to " + to.string());
    }
    flushDirectory(to.parent_path());
}

void removeIfExists(const fs::path& path) {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        throw std::system_error(ec, "cannot remove " + path.string());
    }
}

} // namespace flowscope::ca
