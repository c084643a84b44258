#pragma once
// What makes one install's root CA recognisable in a trust store (internal header).

#include <string>

namespace flowscope::ca {

struct InstallIdentity {
    std::string owner; // "alice@laptop": who created the CA, from the environment
    std::string id;    // 8 random hex digits, unique per CA
};

// Reads the user and host name (falling back to "user"/"localhost") and draws a fresh id.
// Two installs on one machine, or a regenerated CA, differ in the id.
InstallIdentity newInstallIdentity();

} // namespace flowscope::ca
