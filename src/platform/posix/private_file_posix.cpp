// POSIX implementation, used on Linux and macOS.
#include "platform/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace flowscope::platform {
namespace {
[[noreturn]] void throwErrno(int error, const std::string& what) {
    throw std::system_error(error, std::generic_category(), what);
}
} // namespace

void writeNewFile(const std::filesystem::path& path, std::string_view bytes, FileMode mode, bool flush) {
    const mode_t bits = mode == FileMode::OwnerOnly ? 0600 : 0644;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, bits);
    if (fd < 0)
        throwErrno(errno, "cannot create " + path.string());
    const auto fail = [&](const std::string& what) {
        const int error = errno;
        ::close(fd);
        ::unlink(path.c_str());
        throwErrno(error, what + " " + path.string());
    };
    // The umask may only have removed bits; make the mode exact.
    if (::fchmod(fd, bits) != 0)
        fail("cannot chmod");
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail("cannot write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (flush && ::fsync(fd) != 0)
        fail("cannot fsync");
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(path.c_str());
        throwErrno(error, "cannot close " + path.string());
    }
}

void flushDirectory(const std::filesystem::path& dir) {
    // The directory entry of a rename lives in the directory: sync it too.
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string hostName() {
    std::array<char, 256> buffer{};
    if (::gethostname(buffer.data(), buffer.size() - 1) == 0 && buffer[0] != '\0')
        return buffer.data();
    return {};
}

} // namespace flowscope::platform
