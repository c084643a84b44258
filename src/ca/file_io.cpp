#include "ca/file_io.hpp"

#include <array>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <openssl/rand.h>
#include <system_error>

// POSIX gives us open() with a creation mode and fsync(); this is a feature test, not a
// platform switch. Elsewhere (Windows) the per-user profile directory's ACL already keeps
// the files private, and the portable fallback below is used.
#if __has_include(<fcntl.h>) && __has_include(<unistd.h>)
#define FLOWSCOPE_CA_HAVE_POSIX_IO 1
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#define FLOWSCOPE_CA_HAVE_POSIX_IO 0
#endif

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

#if FLOWSCOPE_CA_HAVE_POSIX_IO

void writeTemporary(const fs::path& tmp, std::string_view bytes, FileAccess access, Durability durability) {
    const mode_t mode = access == FileAccess::OwnerOnly ? 0600 : 0644;
    // O_EXCL: never follow or reuse a file someone planted under the temporary name.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        throwErrno(errno, "cannot create " + tmp.string());
    }
    auto fail = [&](const std::string& what) {
        const int error = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        throwErrno(error, what + " " + tmp.string());
    };
    // The umask may only have removed bits; make the mode exact (0600 stays 0600, 0644 is
    // not left 0640 by a strict umask, which would surprise nobody but tests).
    if (::fchmod(fd, mode) != 0) {
        fail("cannot chmod");
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("cannot write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (durability == Durability::Flush && ::fsync(fd) != 0) {
        fail("cannot fsync");
    }
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(tmp.c_str());
        throwErrno(error, "cannot close " + tmp.string());
    }
}

void flushDirectory(const fs::path& dir) {
    // Makes the rename itself durable (POSIX: the directory entry lives in the directory).
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

#else

void writeTemporary(const fs::path& tmp, std::string_view bytes, FileAccess access, Durability /*durability*/) {
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            throwErrno(errno, "cannot create " + tmp.string());
        }
        if (access == FileAccess::OwnerOnly) {
            fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
        }
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            throwErrno(errno, "cannot write " + tmp.string());
        }
    }
}

void flushDirectory(const fs::path& /*dir*/) {}

#endif

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
