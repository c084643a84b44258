#include "cli/cli_env.hpp"

#include "platform/app_paths.hpp"

namespace flowscope::cli {

std::filesystem::path CliEnv::dataDir() const { return platform::resolveDataDir(dataDirFlag); }

} // namespace flowscope::cli
