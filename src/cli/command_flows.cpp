#include "cli/commands.hpp"

#include "cli/flow_text.hpp"
#include "store/flow_store.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>

namespace flowscope::cli {
namespace {

store::FlowReader openReader(const CliEnv& env) {
    const auto file = env.storeFile();
    std::error_code error;
    if (!std::filesystem::exists(file, error))
        throw CliError(fmt::format("no flows yet: {} does not exist (start 'flowscope-cli proxy' first)",
                                   file.string()));
    return store::FlowReader(file);
}

} // namespace

int runFlowsList(const CliEnv& env, const FlowsListFlags& flags) {
    const store::FlowReader reader = openReader(env);
    store::FlowQuery query;
    query.hostGlob = flags.host;
    query.errorsOnly = flags.errorsOnly;
    query.sortKey = store::FlowSortKey::Id;
    query.descending = true; // the newest N...
    query.limit = flags.limit;
    std::vector<store::FlowSummary> flows = reader.list(query);
    std::reverse(flows.begin(), flows.end()); // ...shown oldest first, like a log
    if (flags.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& flow : flows)
            list.push_back(summaryToJson(flow));
        env.out << list.dump(2) << '\n';
        return 0;
    }
    if (flows.empty()) {
        fmt::print(env.out, "no flows{}\n", flags.host.empty() ? "" : fmt::format(" for host '{}'", flags.host));
        return 0;
    }
    fmt::print(env.out, "{}\n", listHeader());
    for (const auto& flow : flows)
        fmt::print(env.out, "{}\n", listLine(flow));
    const std::int64_t total = reader.count(query);
    if (total > static_cast<std::int64_t>(flows.size()))
        fmt::print(env.out, "({} of {} matching flows shown; use --limit)\n", flows.size(), total);
    return 0;
}

int runFlowsShow(const CliEnv& env, const FlowsShowFlags& flags) {
    const store::FlowReader reader = openReader(env);
    std::optional<store::Flow> flow = reader.get(flags.id, true);
    if (!flow)
        throw CliError(fmt::format("no flow with id {} in {}", flags.id, env.storeFile().string()));
    std::int64_t storedMessages = 0;
    if (flow->kind == store::FlowKind::WebSocket) {
        storedMessages = reader.messageCount(flow->id);
        flow->messages = reader.messages(flow->id, -1, flags.messageLimit);
    }
    if (flags.json)
        env.out << flowToJson(*flow, storedMessages).dump(2) << '\n';
    else
        env.out << flowToText(*flow, storedMessages);
    return 0;
}

} // namespace flowscope::cli
