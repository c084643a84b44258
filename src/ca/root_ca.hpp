#pragma once
// Building the per-install root certificate, and deciding whether a loaded one is usable
// (internal header).

#include "ca/certificate_authority.hpp"
#include "ca/install_identity.hpp"
#include "ca/openssl_util.hpp"

#include <optional>
#include <string>

namespace flowscope::ca {

struct RootMaterial {
    X509Ptr cert;
    PkeyPtr key;
};

// Ten Gregorian years (3652 days): long enough that nobody re-installs trust mid-project,
// short of the 25-year roots public CAs use.
inline constexpr std::chrono::days kRootLifetime{3652};
// Backdating tolerates a phone or VM whose clock runs behind the host's.
inline constexpr std::chrono::days kRootBackdate{1};

// A new ECDSA P-256 self-signed root: subject O "Flowscope", OU "Flowscope install <id>
// (created <date>)", CN "Flowscope CA (<owner>, <id>)"; basicConstraints critical
// CA:TRUE pathlen:0 (it signs leaves only); keyUsage critical keyCertSign+cRLSign; SKI;
// random serial; SHA-256 signature.
RootMaterial buildRootCa(const InstallIdentity& identity, Clock::time_point now);

// Why `cert` cannot serve as the root (not a CA, cannot sign certificates, expired), or
// nullopt when it can.
std::optional<std::string> rootCertificateProblem(X509* cert, Clock::time_point now);

} // namespace flowscope::ca
