#include "cli/commands.hpp"

#include "ca/certificate_authority.hpp"
#include "cli/flow_text.hpp"
#include "store/flow_store.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace flowscope::cli {
namespace {
std::uint64_t fileSize(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    return error ? 0 : size;
}
} // namespace

int runStatus(const CliEnv& env, bool json) {
    const auto dataDir = env.dataDir();
    const ca::CaPaths caPaths(env.certsDir());
    std::error_code error;
    // Status only looks: it never creates a CA or a store.
    std::string fingerprint;
    std::string subject;
    if (std::filesystem::exists(caPaths.certPem, error)) {
        const auto authority = ca::CertificateAuthority::loadOrCreate(env.certsDir());
        const ca::CaInfo info = authority->info();
        fingerprint = info.sha256Fingerprint;
        subject = info.subject;
    }
    const auto storeFile = env.storeFile();
    std::int64_t flowCount = -1;
    std::uint64_t storeBytes = 0;
    if (std::filesystem::exists(storeFile, error)) {
        flowCount = store::FlowReader(storeFile).count();
        storeBytes = fileSize(storeFile) + fileSize(std::filesystem::path(storeFile).concat("-wal"));
    }
    if (json) {
        nlohmann::json out{{"data_dir", dataDir.string()},
                           {"ca", {{"path", caPaths.certPem.string()}, {"subject", subject},
                                   {"sha256", fingerprint}, {"exists", !fingerprint.empty()}}},
                           {"store", {{"path", storeFile.string()}, {"exists", flowCount >= 0},
                                      {"flows", std::max<std::int64_t>(flowCount, 0)}, {"bytes", storeBytes}}}};
        env.out << out.dump(2) << '\n';
        return 0;
    }
    fmt::print(env.out, "data directory: {}\n", dataDir.string());
    if (fingerprint.empty())
        fmt::print(env.out, "CA:             not created yet (created on first 'proxy' or 'ca path')\n");
    else
        fmt::print(env.out, "CA:             {}\nCA sha256:      {}\nCA certificate: {}\n", subject, fingerprint,
                   caPaths.certPem.string());
    if (flowCount < 0)
        fmt::print(env.out, "store:          {} (not created yet)\n", storeFile.string());
    else
        fmt::print(env.out, "store:          {} ({} flows, {})\n", storeFile.string(), flowCount,
                   formatSize(storeBytes));
    return 0;
}

} // namespace flowscope::cli
