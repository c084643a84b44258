#include "ca/install_identity.hpp"

#include "ca/openssl_util.hpp"

#include <array>
#include <cstdlib>
#include <initializer_list>
#include <openssl/rand.h>

// gethostname() is POSIX; this is a feature test, not a platform switch (Windows sets
// COMPUTERNAME, read below).
#if __has_include(<unistd.h>)
#include <unistd.h>
#define FLOWSCOPE_CA_HAVE_GETHOSTNAME 1
#else
#define FLOWSCOPE_CA_HAVE_GETHOSTNAME 0
#endif

namespace flowscope::ca {

namespace {

std::string firstEnvironment(std::initializer_list<const char*> names) {
    for (const char* name : names) {
        const char* value = std::getenv(name); // read once at CA creation, before threads matter
        if (value != nullptr && *value != '\0') {
            return value;
        }
    }
    return {};
}

std::string hostName() {
#if FLOWSCOPE_CA_HAVE_GETHOSTNAME
    std::array<char, 256> buffer{};
    if (::gethostname(buffer.data(), buffer.size() - 1) == 0 && buffer[0] != '\0') {
        return buffer.data();
    }
#endif
    return firstEnvironment({"COMPUTERNAME", "HOSTNAME"});
}

} // namespace

InstallIdentity newInstallIdentity() {
    std::string user = firstEnvironment({"USER", "LOGNAME", "USERNAME"});
    std::string host = hostName();
    std::array<unsigned char, 4> random{};
    check(RAND_bytes(random.data(), static_cast<int>(random.size())) == 1, "RAND_bytes");
    return InstallIdentity{(user.empty() ? "user" : user) + "@" + (host.empty() ? "localhost" : host),
                           lowerHex(random)};
}

} // namespace flowscope::ca
