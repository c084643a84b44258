#include "ca/root_ca_files.hpp"

#include "ca/file_io.hpp"

#include <fmt/format.h>
#include <system_error>

namespace flowscope::ca {
namespace fs = std::filesystem;

namespace {

fs::path staged(const fs::path& path) {
    fs::path out = path;
    out += ".new";
    return out;
}

// Runs a file operation, turning std::system_error into a one-line CaError.
template <typename Fn> auto fileStep(Fn&& fn) {
    try {
        return fn();
    } catch (const std::system_error& error) { // std::filesystem_error included
        throw CaError(error.what());
    }
}

void finishInterruptedCommit(const CaPaths& paths) {
    const fs::path stagedKey = staged(paths.keyPem);
    const fs::path stagedCert = staged(paths.certPem);
    fileStep([&] {
        if (fs::exists(stagedKey)) {
            removeIfExists(stagedCert); // certificate first: see the header for why the order matters
            removeIfExists(stagedKey);
        } else if (fs::exists(stagedCert)) {
            if (fs::exists(paths.keyPem)) {
                renameDurably(stagedCert, paths.certPem);
            } else {
                removeIfExists(stagedCert);
            }
        }
    });
}

void writeDer(const CaPaths& paths, X509* cert) {
    const std::string der = certificateToDer(cert);
    std::optional<std::string> existing;
    try {
        existing = readFileIfExists(paths.certDer);
    } catch (const std::system_error&) {
        // unreadable: overwrite it below
    }
    if (existing != der) {
        fileStep([&] { writeFileAtomically(paths.certDer, der, FileAccess::Public, Durability::Flush); });
    }
}

void commitRoot(const CaPaths& paths, const RootMaterial& root) {
    const std::string keyPem = privateKeyToPkcs8Pem(root.key.get());
    const std::string certPem = certificateToPem(root.cert.get());
    fileStep([&] {
        writeFileAtomically(staged(paths.keyPem), keyPem, FileAccess::OwnerOnly, Durability::Flush);
        writeFileAtomically(staged(paths.certPem), certPem, FileAccess::Public, Durability::Flush);
        renameDurably(staged(paths.keyPem), paths.keyPem);
        renameDurably(staged(paths.certPem), paths.certPem);
    });
    writeDer(paths, root.cert.get());
}

std::optional<std::string> readOrThrow(const fs::path& path, std::string_view role) {
    try {
        return readFileIfExists(path);
    } catch (const std::system_error& error) {
        throw CaError(fmt::format("cannot read {} {}: {}", role, path.string(), error.code().message()));
    }
}

// A key someone copied with default permissions is tightened back to owner-only.
void restrictKeyPermissions(const fs::path& keyPem) {
    std::error_code ec;
    const fs::perms perms = fs::status(keyPem, ec).permissions();
    const fs::perms others = fs::perms::group_all | fs::perms::others_all;
    if (!ec && (perms & others) != fs::perms::none) {
        fs::permissions(keyPem, others, fs::perm_options::remove, ec);
    }
}

RootMaterial loadRoot(const CaPaths& paths, const std::string& certPem, const std::string& keyPem) {
    const std::string certFile = paths.certPem.string();
    const std::string keyFile = paths.keyPem.string();
    RootMaterial root{certificateFromPem(certPem), nullptr};
    if (!root.cert) {
        throw CaError(fmt::format("corrupt CA certificate {}: {}", certFile, takeOpensslErrors()));
    }
    root.key = privateKeyFromPem(keyPem);
    if (!root.key) {
        throw CaError(fmt::format("corrupt CA key {}: {}", keyFile, takeOpensslErrors()));
    }
    if (auto problem = rootCertificateProblem(root.cert.get(), Clock::now())) {
        throw CaError(fmt::format("CA certificate {} {}; regenerate the CA", certFile, *problem));
    }
    if (X509_check_private_key(root.cert.get(), root.key.get()) != 1) {
        takeOpensslErrors();
        throw CaError(fmt::format("CA key {} does not match the certificate {}", keyFile, certFile));
    }
    return root;
}

} // namespace

RootMaterial loadOrCreateRootFiles(const CaPaths& paths) {
    std::error_code ec;
    fs::create_directories(paths.dir, ec);
    if (ec) {
        throw CaError(fmt::format("cannot create the CA directory {}: {}", paths.dir.string(), ec.message()));
    }
    finishInterruptedCommit(paths);

    const std::optional<std::string> certPem = readOrThrow(paths.certPem, "CA certificate");
    const std::optional<std::string> keyPem = readOrThrow(paths.keyPem, "CA key");
    if (!certPem && !keyPem) {
        RootMaterial root = buildRootCa(newInstallIdentity(), Clock::now());
        commitRoot(paths, root);
        return root;
    }
    if (!keyPem) {
        throw CaError(fmt::format("CA key {} is missing but the certificate {} exists; restore the key or "
                                  "regenerate the CA",
                                  paths.keyPem.string(), paths.certPem.string()));
    }
    if (!certPem) {
        throw CaError(fmt::format("CA certificate {} is missing but the key {} exists; restore the certificate or "
                                  "regenerate the CA",
                                  paths.certPem.string(), paths.keyPem.string()));
    }
    RootMaterial root = loadRoot(paths, *certPem, *keyPem);
    restrictKeyPermissions(paths.keyPem);
    writeDer(paths, root.cert.get());
    return root;
}

RootMaterial replaceRootFiles(const CaPaths& paths) {
    std::error_code ec;
    fs::create_directories(paths.dir, ec);
    if (ec) {
        throw CaError(fmt::format("cannot create the CA directory {}: {}", paths.dir.string(), ec.message()));
    }
    fileStep([&] {
        fs::remove_all(paths.leafDir);
        removeIfExists(paths.certDer);
        removeIfExists(staged(paths.certPem));
        removeIfExists(staged(paths.keyPem));
    });
    RootMaterial root = buildRootCa(newInstallIdentity(), Clock::now());
    commitRoot(paths, root);
    return root;
}

} // namespace flowscope::ca
