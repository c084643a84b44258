#pragma once
// flowscope-cli subcommands. Each returns the process exit status and throws CliError
// (or a layer's own error) for anything the user must fix.

#include "cli/cli_env.hpp"
#include "engine/proxy_options.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flowscope::cli {

struct ProxyFlags {
    std::optional<std::string> listen;
    std::vector<std::string> upstreamCa;
    std::vector<std::string> noDecrypt;
    std::vector<std::string> insecureHosts;
    std::optional<std::string> maxBodySize;
    bool noBodies = false;
    bool noRecord = false;
    std::optional<std::uint64_t> upstreamTimeoutMs;
};
int runProxy(const CliEnv& env, const ProxyFlags& flags);
// config.json then flags (flags win); exposed for tests.
engine::ProxyOptions resolveProxyOptions(const CliEnv& env, const ProxyFlags& flags);

int runCaPath(const CliEnv& env);
int runCaInfo(const CliEnv& env);
int runCaExport(const CliEnv& env, bool der, const std::string& outputFile);
int runCaRegenerate(const CliEnv& env);
int runCaClearCache(const CliEnv& env);

struct FlowsListFlags {
    std::string host;
    std::int64_t limit = 50;
    bool json = false;
    bool errorsOnly = false;
};
int runFlowsList(const CliEnv& env, const FlowsListFlags& flags);
struct FlowsShowFlags {
    std::int64_t id = 0;
    bool json = false;
    std::int64_t messageLimit = 1000; // WebSocket messages shown, first ones; <= 0 all
};
int runFlowsShow(const CliEnv& env, const FlowsShowFlags& flags);

int runStatus(const CliEnv& env, bool json);

} // namespace flowscope::cli
