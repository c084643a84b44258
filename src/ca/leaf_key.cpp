#include "ca/leaf_key.hpp"

#include "ca/file_io.hpp"
#include "ca/openssl_util.hpp"

#include <fmt/format.h>
#include <system_error>

namespace flowscope::ca {

LeafKey loadOrCreateLeafKey(const std::filesystem::path& path) {
    try {
        if (std::optional<std::string> pem = readFileIfExists(path)) {
            PkeyPtr key = privateKeyFromPem(*pem);
            if (key && EVP_PKEY_is_a(key.get(), "EC") == 1) {
                return LeafKey{std::move(key), false};
            }
            takeOpensslErrors(); // corrupt: replaced below
        }
    } catch (const std::system_error&) {
        // unreadable: replaced below (the rename needs only the directory to be writable)
    }
    PkeyPtr key = generateP256Key();
    try {
        writeFileAtomically(path, privateKeyToPkcs8Pem(key.get()), FileAccess::OwnerOnly, Durability::Flush);
    } catch (const std::system_error& error) {
        throw CaError(fmt::format("cannot write the leaf key {}: {}", path.string(), error.code().message()));
    }
    return LeafKey{std::move(key), true};
}

} // namespace flowscope::ca
