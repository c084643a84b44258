#include "cli/commands.hpp"

#include "ca/certificate_authority.hpp"
#include "platform/app_paths.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <fstream>

namespace flowscope::cli {
namespace {

std::unique_ptr<ca::CertificateAuthority> openAuthority(const CliEnv& env) {
    platform::ensurePrivateDirectory(env.dataDir());
    return ca::CertificateAuthority::loadOrCreate(env.certsDir());
}

std::string formatDate(std::chrono::system_clock::time_point when) {
    return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", fmt::gmtime(std::chrono::system_clock::to_time_t(when)));
}

} // namespace

int runCaPath(const CliEnv& env) {
    const auto authority = openAuthority(env);
    fmt::print(env.out, "{}\n", authority->paths().certPem.string());
    return 0;
}

int runCaInfo(const CliEnv& env) {
    const auto authority = openAuthority(env);
    const ca::CaInfo info = authority->info();
    fmt::print(env.out,
               "subject:      {}\nsha256:       {}\nvalid from:   {}\nvalid until:  {}\ncertificate:  {}\n"
               "DER:          {}\nprivate key:  {} (owner only)\n",
               info.subject, info.sha256Fingerprint, formatDate(info.notBefore), formatDate(info.notAfter),
               authority->paths().certPem.string(), authority->paths().certDer.string(),
               authority->paths().keyPem.string());
    return 0;
}

int runCaExport(const CliEnv& env, bool der, const std::string& outputFile) {
    const auto authority = openAuthority(env);
    const std::string bytes = der ? authority->rootDer() : authority->rootPem();
    if (outputFile.empty() || outputFile == "-") {
        env.out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        env.out.flush();
        return 0;
    }
    std::ofstream file(outputFile, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file)
        throw CliError(fmt::format("cannot write {}", outputFile));
    fmt::print(env.err, "wrote {} ({} bytes, {})\n", outputFile, bytes.size(), der ? "DER" : "PEM");
    return 0;
}

int runCaRegenerate(const CliEnv& env) {
    platform::ensurePrivateDirectory(env.dataDir());
    const auto authority = ca::CertificateAuthority::regenerate(env.certsDir());
    const ca::CaInfo info = authority->info();
    fmt::print(env.out, "new CA: {}\nsha256: {}\n", info.subject, info.sha256Fingerprint);
    fmt::print(env.err, "note: clients that trusted the previous CA must be given the new one ({})\n",
               authority->paths().certPem.string());
    return 0;
}

int runCaClearCache(const CliEnv& env) {
    const auto authority = openAuthority(env);
    authority->clearCache();
    fmt::print(env.out, "leaf certificate cache cleared ({})\n", authority->paths().leafDir.string());
    return 0;
}

} // namespace flowscope::cli
