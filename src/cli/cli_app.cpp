#include "cli/cli_app.hpp"

#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <exception>

namespace flowscope::cli {

int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CLI::App app{"Flowscope: a debugging proxy that records HTTP/HTTPS traffic. Headless command line.",
                 "flowscope-cli"};
    app.require_subcommand(1);
    std::string dataDir;
    app.add_option("--data-dir", dataDir, "Data directory (default: per-user; FLOWSCOPE_HOME overrides)");
    app.set_version_flag("--version", "flowscope-cli 0.1.0");

    ProxyFlags proxyFlags;
    auto* proxy = app.add_subcommand("proxy", "Run the intercepting proxy until SIGINT/SIGTERM");
    proxy->add_option("--listen", proxyFlags.listen, "HOST:PORT to listen on (default 127.0.0.1:8888; port 0 = any)");
    proxy->add_option("--upstream-ca", proxyFlags.upstreamCa, "Extra CA file (PEM) trusted for upstream servers")
        ->check(CLI::ExistingFile);
    proxy->add_option("--no-decrypt", proxyFlags.noDecrypt, "Host glob relayed as a raw tunnel, not decrypted");
    proxy->add_option("--insecure-host", proxyFlags.insecureHosts,
                      "Host glob whose upstream certificate is NOT verified (use with care)");
    proxy->add_option("--max-body-size", proxyFlags.maxBodySize, "Bytes of each body to capture (e.g. 16MiB)");
    proxy->add_flag("--no-bodies", proxyFlags.noBodies, "Capture headers only");
    proxy->add_flag("--no-record", proxyFlags.noRecord, "Decrypt and relay without storing flows (no store is opened)");
    proxy->add_option("--upstream-timeout-ms", proxyFlags.upstreamTimeoutMs,
                      "How long to wait for an upstream to answer before a 504");

    auto* ca = app.add_subcommand("ca", "The root CA of this install");
    ca->require_subcommand(1);
    auto* caPath = ca->add_subcommand("path", "Print the path of the CA certificate (PEM)");
    auto* caInfo = ca->add_subcommand("info", "Subject, fingerprint and validity of the CA");
    auto* caExport = ca->add_subcommand("export", "Write the CA certificate (PEM, or DER with --der)");
    bool der = false;
    std::string exportFile;
    caExport->add_flag("--der", der, "DER instead of PEM");
    caExport->add_option("-o,--output", exportFile, "Output file (default: standard output)");
    auto* caRegenerate = ca->add_subcommand("regenerate", "Replace the CA with a new one (re-install it afterwards)");
    auto* caClearCache = ca->add_subcommand("clear-cache", "Delete cached leaf certificates");

    auto* flows = app.add_subcommand("flows", "Captured flows");
    flows->require_subcommand(1);
    FlowsListFlags listFlags;
    auto* flowsList = flows->add_subcommand("list", "List the most recent flows");
    flowsList->add_option("--host", listFlags.host, "Host or glob (*.example.com)");
    flowsList->add_option("--limit", listFlags.limit, "How many (default 50, newest)")->check(CLI::PositiveNumber);
    flowsList->add_flag("--errors", listFlags.errorsOnly, "Only flows with an error");
    flowsList->add_flag("--json", listFlags.json, "JSON output");
    FlowsShowFlags showFlags;
    auto* flowsShow = flows->add_subcommand("show", "Show one flow, bodies decoded, WebSocket messages listed");
    flowsShow->add_option("id", showFlags.id, "Flow id")->required();
    flowsShow->add_flag("--json", showFlags.json, "JSON output (WebSocket payloads as UTF-8 text or base64)");
    flowsShow->add_option("--messages", showFlags.messageLimit,
                          "WebSocket messages to show, from the first (default 1000; 0 = all)");

    bool statusJson = false;
    auto* status = app.add_subcommand("status", "Data directory, CA, store");
    status->add_flag("--json", statusJson, "JSON output");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return 0;
    } catch (const CLI::CallForVersion&) {
        out << "flowscope-cli 0.1.0\n";
        return 0;
    } catch (const CLI::ParseError& error) {
        // One readable line and the usage hint, no stack trace.
        err << "flowscope-cli: " << error.what() << "\nRun 'flowscope-cli --help' for usage.\n";
        return 2;
    }

    CliEnv env{out, err, dataDir.empty() ? std::nullopt : std::optional<std::filesystem::path>(dataDir)};
    try {
        if (*proxy)
            return runProxy(env, proxyFlags);
        if (*caPath)
            return runCaPath(env);
        if (*caInfo)
            return runCaInfo(env);
        if (*caExport)
            return runCaExport(env, der, exportFile);
        if (*caRegenerate)
            return runCaRegenerate(env);
        if (*caClearCache)
            return runCaClearCache(env);
        if (*flowsList)
            return runFlowsList(env, listFlags);
        if (*flowsShow)
            return runFlowsShow(env, showFlags);
        if (*status)
            return runStatus(env, statusJson);
    } catch (const std::exception& error) {
        err << "flowscope-cli: error: " << error.what() << '\n';
        return 1;
    }
    err << "flowscope-cli: nothing to do\n";
    return 2;
}

} // namespace flowscope::cli
