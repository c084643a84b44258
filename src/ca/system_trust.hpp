#pragma once
// Whether the operating system's default trust store already trusts our root, for the
// desktop status bar ("CA trusted" / "CA not trusted"). Read-only: installing the root is
// the user's decision, made through the OS or the setup wizard.

#include <openssl/types.h>

#include <filesystem>
#include <optional>

namespace flowscope::ca {

// True when `root` verifies as a trust anchor against OpenSSL's default verify paths
// (on Linux the distribution bundle, e.g. /etc/ssl/certs after update-ca-certificates),
// plus `extraBundle` when given (tests point it at a file of their own). Browsers with
// their own store (Firefox's NSS database) are not consulted: this answers for curl,
// most CLI tools and Chromium on Linux.
bool isTrustedBySystemStore(X509* root, const std::optional<std::filesystem::path>& extraBundle = std::nullopt);

} // namespace flowscope::ca
