#include "store/export/har_writer.hpp"

#include "store/export/har_entry_writer.hpp"
#include "store/export/har_format.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace flowscope::store {
namespace {

// An entry is built whole before it is written, so a WebSocket flow's messages are in
// memory together for the time of its entry.
void loadAllMessages(const FlowReader& reader, Flow& flow) {
    constexpr std::int64_t kMessagePage = 4096;
    std::int64_t after = -1;
    while (true) {
        std::vector<WebSocketMessage> page = reader.messages(flow.id, after, kMessagePage);
        if (page.empty()) {
            break;
        }
        after = page.back().seq;
        const bool last = static_cast<std::int64_t>(page.size()) < kMessagePage;
        flow.messages.insert(flow.messages.end(), std::make_move_iterator(page.begin()),
                             std::make_move_iterator(page.end()));
        if (last) {
            break;
        }
    }
}

} // namespace

HarWriter::HarWriter(std::ostream& out, HarOptions options) : m_out(out), m_options(std::move(options)) {}

void HarWriter::check() const {
    if (!m_out) {
        throw HarError("cannot write HAR: the output stream failed after " + std::to_string(m_entries) + " entries");
    }
}

void HarWriter::begin() {
    if (m_begun) {
        return;
    }
    m_begun = true;
    // The head is written by hand so entries can follow one at a time; only the creator
    // strings need JSON escaping. "pages" is optional in HAR 1.2 and flows have none.
    nlohmann::ordered_json creator = nlohmann::ordered_json::object();
    creator["name"] = m_options.creatorName;
    creator["version"] = m_options.creatorVersion;
    m_out << R"({"log":{"version":")" << exporting::kHarVersion << R"(","creator":)"
          << creator.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << R"(,"entries":[)";
    check();
}

void HarWriter::add(const Flow& flow) {
    if (m_ended) {
        throw HarError("cannot add a flow to a HAR document that has ended");
    }
    begin();
    std::string text;
    try {
        // Every string in the entry is UTF-8 by construction; strict mode turns a bug here
        // into an error instead of a silently altered byte.
        text =
            exporting::harEntry(flow, m_options).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict);
    } catch (const nlohmann::json::exception& error) {
        throw HarError("cannot write flow " + std::to_string(flow.id) + ": " + error.what());
    }
    m_out << (m_entries == 0 ? "\n" : ",\n") << text;
    ++m_entries;
    check();
}

void HarWriter::end() {
    if (m_ended) {
        return;
    }
    begin();
    m_ended = true;
    m_out << "\n]}}\n";
    m_out.flush();
    check();
}

void writeHar(std::ostream& out, const std::vector<Flow>& flows, const HarOptions& options) {
    HarWriter writer(out, options);
    writer.begin();
    for (const Flow& flow : flows) {
        writer.add(flow);
    }
    writer.end();
}

std::size_t writeHarFrom(std::ostream& out, const FlowSource& next, const HarOptions& options) {
    HarWriter writer(out, options);
    writer.begin();
    while (auto flow = next()) {
        writer.add(*flow);
    }
    writer.end();
    return writer.entriesWritten();
}

std::size_t exportStoreToHar(std::ostream& out, const FlowReader& reader, const FlowQuery& query,
                             const HarOptions& options) {
    constexpr std::int64_t kPage = 512; // summaries are small; bodies load one flow at a time
    HarWriter writer(out, options);
    writer.begin();
    FlowQuery page = query;
    page.offset = std::max<std::int64_t>(query.offset, 0);
    std::int64_t remaining = query.limit > 0 ? query.limit : -1;
    while (remaining != 0) {
        page.limit = remaining < 0 ? kPage : std::min(kPage, remaining);
        const std::vector<FlowSummary> rows = reader.list(page);
        for (const FlowSummary& row : rows) {
            if (auto flow = reader.get(row.id, true)) {
                if (flow->kind == FlowKind::WebSocket) {
                    loadAllMessages(reader, *flow);
                }
                writer.add(*flow);
            }
        }
        if (static_cast<std::int64_t>(rows.size()) < page.limit) {
            break;
        }
        page.offset += static_cast<std::int64_t>(rows.size());
        if (remaining > 0) {
            remaining -= static_cast<std::int64_t>(rows.size());
        }
    }
    writer.end();
    return writer.entriesWritten();
}

} // namespace flowscope::store
