#pragma once
// The root CA on disk: ca.pem, ca-key.pem (0600), ca.cer (internal header).
//
// A new pair is committed in two phases so that a crash leaves either the old pair or the
// new one, never a key without its certificate: both files are first written (and fsynced)
// as ca-key.pem.new and ca.pem.new, then renamed key first, certificate second. On the next
// load, a leftover ca-key.pem.new means the commit never began (the staged files are
// dropped); a lone ca.pem.new means the key was already renamed (the commit is finished).

#include "ca/certificate_authority.hpp"
#include "ca/root_ca.hpp"

namespace flowscope::ca {

// Loads and checks the pair, or creates a new CA when both files are missing; rewrites
// ca.cer when it is missing or differs from ca.pem. Throws CaError naming the file and the
// problem for anything else.
RootMaterial loadOrCreateRootFiles(const CaPaths& paths);

// Deletes ca.cer and leaf/, then commits a new CA over the old pair (whatever state the
// old files were in). Throws CaError.
RootMaterial replaceRootFiles(const CaPaths& paths);

} // namespace flowscope::ca
