#include "ca/install_identity.hpp"

#include "ca/openssl_util.hpp"

#include <array>
#include <cstdlib>
#include <initializer_list>
#include <openssl/rand.h>

#include "platform/private_file.hpp"

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
    if (std::string name = platform::hostName(); !name.empty()) {
        return name;
    }
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
