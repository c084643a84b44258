#pragma once
// The install's single leaf key, shared by every minted leaf (internal header).
//
// One key for all hosts makes minting one signature instead of a key generation plus a
// signature (mitmproxy does the same). It lives in leaf/leaf-key.pem (0600) so the leaves
// cached on disk stay usable across runs.

#include "ca/certificate_authority.hpp"

#include <filesystem>

namespace flowscope::ca {

inline constexpr const char* kLeafKeyFileName = "leaf-key.pem";

struct LeafKey {
    PkeyPtr key;
    bool created = false; // true when the file was missing or unusable and a new key was written
};

// Loads the ECDSA key at `path`, or generates a P-256 key and writes it (0600, atomically)
// when the file is missing, unreadable, corrupt or not an EC key. Throws CaError when a
// new key cannot be written.
LeafKey loadOrCreateLeafKey(const std::filesystem::path& path);

} // namespace flowscope::ca
