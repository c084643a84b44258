#include "cli/commands.hpp"

#include "ca/certificate_authority.hpp"
#include "engine/config_file.hpp"
#include "engine/proxy_server.hpp"
#include "platform/app_paths.hpp"
#include "platform/process_tuning.hpp"
#include "platform/termination_signal.hpp"
#include "store/discarding_sink.hpp"
#include "store/flow_writer.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <optional>

namespace flowscope::cli {

engine::ProxyOptions resolveProxyOptions(const CliEnv& env, const ProxyFlags& flags) {
    engine::ProxyOptions options;
    engine::applyConfigFile(env.configFile(), options);
    if (flags.listen)
        engine::parseListenAddress(*flags.listen, options);
    for (const auto& file : flags.upstreamCa)
        options.upstreamCaFiles.emplace_back(file);
    for (const auto& host : flags.noDecrypt)
        options.noDecryptHosts.push_back(host);
    for (const auto& host : flags.insecureHosts)
        options.insecureHosts.push_back(host);
    if (flags.maxBodySize)
        options.maxBodySize = engine::parseByteSize(*flags.maxBodySize);
    if (flags.noBodies)
        options.captureBodies = false;
    if (flags.upstreamTimeoutMs) {
        if (*flags.upstreamTimeoutMs == 0)
            throw CliError("--upstream-timeout-ms must be positive");
        options.upstreamTimeout = std::chrono::milliseconds(*flags.upstreamTimeoutMs);
    }
    return options;
}

int runProxy(const CliEnv& env, const ProxyFlags& flags) {
    // Before any thread exists (the store writer starts one): signals reach only sigwait.
    platform::prepareTerminationSignals();
    platform::tuneAllocatorForProxy();
    const auto dataDir = env.dataDir();
    platform::ensurePrivateDirectory(dataDir);
    const engine::ProxyOptions options = resolveProxyOptions(env, flags);
    auto authority = ca::CertificateAuthority::loadOrCreate(env.certsDir());
    // --no-record opens no store at all: nothing is written, an existing store is untouched.
    std::optional<store::FlowWriter> writer;
    store::DiscardingSink discarding;
    if (!flags.noRecord)
        writer.emplace(env.storeFile());
    store::FlowSink& sink = writer ? static_cast<store::FlowSink&>(*writer) : discarding;
    engine::ProxyServer server(options, *authority, sink);
    const engine::ListenAddress address = server.start();
    const platform::FreeMemoryReleaser releaser; // memory left by bursts goes back to the OS

    const std::string caPath = authority->paths().certPem.string();
    fmt::print(env.out, "listening on {}\n", address.toString());
    fmt::print(env.out, "CA certificate: {}\n", caPath);
    if (writer)
        fmt::print(env.out, "flow store: {}\n", env.storeFile().string());
    else
        fmt::print(env.out, "flow store: none (--no-record: flows are not kept)\n");
    fmt::print(env.out, "try: curl --proxy http://{} --cacert {} https://example.com/\n", address.toString(), caPath);
    if (options.listenHost != "127.0.0.1" && options.listenHost != "::1")
        fmt::print(env.err, "warning: listening on {}: other machines on the network can use this proxy\n",
                   address.toString());
    env.out.flush();

    const char* signal = platform::waitForTerminationSignal();
    fmt::print(env.err, "{} received: finishing exchanges in flight{}...\n", signal, writer ? " and saving flows" : "");
    server.stop();
    const engine::EngineStats stats = server.stats();
    if (writer) {
        writer->flush();
        fmt::print(env.err, "stopped: {} connections, {} flows recorded in {}\n", stats.connectionsAccepted,
                   stats.flowsPublished, env.storeFile().string());
    } else {
        fmt::print(env.err, "stopped: {} connections, {} flows relayed, none recorded (--no-record)\n",
                   stats.connectionsAccepted, stats.flowsPublished);
    }
    return 0;
}

} // namespace flowscope::cli
