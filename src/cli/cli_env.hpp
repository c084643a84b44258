#pragma once
// What every flowscope-cli command receives: where to write and which data directory.

#include <filesystem>
#include <optional>
#include <ostream>
#include <stdexcept>

namespace flowscope::cli {

struct CliEnv {
    std::ostream& out;
    std::ostream& err;
    std::optional<std::filesystem::path> dataDirFlag; // --data-dir as given

    // --data-dir, FLOWSCOPE_HOME, or the OS default (platform::resolveDataDir).
    std::filesystem::path dataDir() const;
    std::filesystem::path storeFile() const { return dataDir() / "flows.sqlite"; }
    std::filesystem::path certsDir() const { return dataDir() / "certs"; }
    std::filesystem::path configFile() const { return dataDir() / "config.json"; }
};

// A failure the user can act on; printed as one line, exit status 1.
class CliError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace flowscope::cli
