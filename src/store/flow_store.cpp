#include "store/flow_store.hpp"

#include "store/flow_row.hpp"
#include "store/message_row.hpp"
#include "store/schema.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <variant>

namespace flowscope::store {
namespace {

// Sort keys map to fixed SQL text; nothing from a query is ever spliced into SQL. The id
// tie-break keeps paging stable. Id, StartedAt, Host and Status walk an index; Duration
// and ResponseSize sort a scan (see 0001_initial.sql for why).
std::string_view sortExpression(FlowSortKey key) {
    switch (key) {
    case FlowSortKey::Id:
        return "id";
    case FlowSortKey::StartedAt:
        return "started_at_us";
    case FlowSortKey::Host:
        return "host";
    case FlowSortKey::Status:
        return "status";
    case FlowSortKey::Duration:
        return "(ended_at_us - started_at_us)";
    case FlowSortKey::ResponseSize:
        return "response_body_size";
    }
    return "id";
}

using Parameter = std::variant<std::int64_t, std::string>;

// " WHERE ..." for the filters of `query`, with its values to bind in order.
std::string whereClause(const FlowQuery& query, std::vector<Parameter>& parameters) {
    std::vector<std::string_view> terms;
    if (!query.hostGlob.empty()) {
        terms.push_back("host GLOB ?");
        parameters.emplace_back(query.hostGlob);
    }
    if (query.statusMin) {
        terms.push_back("status >= ?");
        parameters.emplace_back(std::int64_t{*query.statusMin});
    }
    if (query.statusMax) {
        terms.push_back("status <= ?");
        parameters.emplace_back(std::int64_t{*query.statusMax});
    }
    if (query.kind) {
        terms.push_back("kind = ?");
        parameters.emplace_back(std::string(toString(*query.kind)));
    }
    if (query.errorsOnly) {
        terms.push_back("error_kind <> ''");
    }
    if (!query.urlContains.empty()) {
        // lower() folds ASCII only (SQLite without ICU), which covers URLs: hosts are
        // lowercase ASCII (punycode) and non-ASCII path bytes are percent-encoded.
        terms.push_back("instr(lower(url), lower(?)) > 0");
        parameters.emplace_back(query.urlContains);
    }
    std::string clause;
    for (std::string_view term : terms) {
        clause += clause.empty() ? " WHERE " : " AND ";
        clause += term;
    }
    return clause;
}

void bindAll(sqlite::Statement& statement, const std::vector<Parameter>& parameters) {
    int index = 1;
    for (const Parameter& parameter : parameters) {
        if (const auto* number = std::get_if<std::int64_t>(&parameter)) {
            statement.bindInt64(index++, *number);
        } else {
            statement.bindText(index++, std::get<std::string>(parameter));
        }
    }
}

constexpr std::string_view kSummaryColumns =
    "id, kind, started_at_us, ended_at_us - started_at_us, method, scheme, host, port, path, url, status, "
    "response_content_type, request_body_size, response_body_size, bytes_from_client, bytes_to_client, error_kind";

FlowSummary readSummary(const sqlite::Statement& row) {
    FlowSummary summary;
    summary.id = row.columnInt64(0);
    summary.kind = flowKindFromString(row.columnText(1));
    summary.startedAtUs = row.columnInt64(2);
    summary.durationUs = std::max<std::int64_t>(row.columnInt64(3), 0); // unfinished flows: 0
    summary.method = row.columnText(4);
    summary.scheme = row.columnText(5);
    summary.host = row.columnText(6);
    summary.port = static_cast<std::uint16_t>(row.columnInt64(7));
    summary.path = row.columnText(8);
    summary.url = row.columnText(9);
    summary.status = static_cast<int>(row.columnInt64(10));
    summary.responseContentType = row.columnText(11);
    summary.requestBodySize = static_cast<std::uint64_t>(std::max<std::int64_t>(row.columnInt64(12), 0));
    summary.responseBodySize = static_cast<std::uint64_t>(std::max<std::int64_t>(row.columnInt64(13), 0));
    summary.bytesFromClient = static_cast<std::uint64_t>(std::max<std::int64_t>(row.columnInt64(14), 0));
    summary.bytesToClient = static_cast<std::uint64_t>(std::max<std::int64_t>(row.columnInt64(15), 0));
    summary.errorKind = row.columnText(16);
    return summary;
}

// A reader never writes (beyond migrating an older file while opening it).
sqlite::Database readOnlyConnection(const std::filesystem::path& file) {
    sqlite::Database db = schema::openStore(file, schema::Purpose::Read);
    db.exec("PRAGMA query_only = 1");
    return db;
}

} // namespace

void initializeStore(const std::filesystem::path& file) {
    schema::openStore(file, schema::Purpose::Write);
}

bool storeNeedsUpgrade(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return false;
    try {
        // Read-write as every reader opens (a read-only connection cannot open a WAL file
        // whose -shm is missing); only the header and the table list are read.
        return schema::hasPendingMigrations(sqlite::Database::open(file, sqlite::Database::Mode::ReadWrite));
    } catch (const StoreError&) {
        return false; // not SQLite, unreadable: opening it for real says so
    }
}

// The fixed statements are prepared once per reader: get() runs each time the user
// selects a flow. list()/count() SQL depends on the filters and is prepared per call
// (tens of microseconds, next to a query that walks an index).
struct FlowReader::Impl {
    explicit Impl(const std::filesystem::path& file)
        : db(readOnlyConnection(file)),
          getFlow(db.prepare(fmt::format("SELECT {} FROM flows WHERE id = ?", flowColumnList()))),
          getChunks(db.prepare("SELECT part, data FROM body_chunks WHERE flow_id = ? ORDER BY part, seq")),
          getBodies(db.prepare("SELECT part, data FROM bodies WHERE flow_id = ?")),
          countAll(db.prepare("SELECT count(*) FROM flows")),
          maxId(db.prepare("SELECT coalesce(max(id), 0) FROM flows")), getMessages(db.prepare(selectMessagesSql())),
          countMessages(db.prepare("SELECT count(*) FROM websocket_messages WHERE flow_id = ?")) {}

    sqlite::Database db;
    sqlite::Statement getFlow;
    sqlite::Statement getChunks; // the pieces of a large body stored while it streamed
    sqlite::Statement getBodies; // the (last piece of the) body stored with the flow
    sqlite::Statement countAll;
    sqlite::Statement maxId;
    sqlite::Statement getMessages;
    sqlite::Statement countMessages;
};

FlowReader::FlowReader(const std::filesystem::path& file) : m_impl(std::make_unique<Impl>(file)) {}
FlowReader::~FlowReader() = default;
FlowReader::FlowReader(FlowReader&&) noexcept = default;
FlowReader& FlowReader::operator=(FlowReader&&) noexcept = default;

std::vector<FlowSummary> FlowReader::list(const FlowQuery& query) const {
    std::vector<Parameter> parameters;
    std::string sql = fmt::format("SELECT {} FROM flows{}", kSummaryColumns, whereClause(query, parameters));
    const char* direction = query.descending ? "DESC" : "ASC";
    if (query.sortKey == FlowSortKey::Id) {
        sql += fmt::format(" ORDER BY id {}", direction);
    } else {
        sql += fmt::format(" ORDER BY {0} {1}, id {1}", sortExpression(query.sortKey), direction);
    }
    sql += " LIMIT ? OFFSET ?";
    parameters.emplace_back(query.limit > 0 ? query.limit : std::int64_t{-1});
    parameters.emplace_back(std::max<std::int64_t>(query.offset, 0));

    sqlite::Statement statement = m_impl->db.prepare(sql);
    bindAll(statement, parameters);
    std::vector<FlowSummary> rows;
    if (query.limit > 0) {
        rows.reserve(static_cast<std::size_t>(std::min<std::int64_t>(query.limit, 4096)));
    }
    while (statement.step()) {
        rows.push_back(readSummary(statement));
    }
    return rows;
}

std::int64_t FlowReader::count(const FlowQuery& query) const {
    std::vector<Parameter> parameters;
    std::string sql = fmt::format("SELECT count(*) FROM flows{}", whereClause(query, parameters));
    sqlite::Statement statement = m_impl->db.prepare(sql);
    bindAll(statement, parameters);
    return statement.step() ? statement.columnInt64(0) : 0;
}

std::int64_t FlowReader::count() const {
    sqlite::ResetOnExit reset(m_impl->countAll);
    return m_impl->countAll.step() ? m_impl->countAll.columnInt64(0) : 0;
}

std::int64_t FlowReader::maxId() const {
    sqlite::ResetOnExit reset(m_impl->maxId);
    return m_impl->maxId.step() ? m_impl->maxId.columnInt64(0) : 0;
}

std::optional<Flow> FlowReader::get(std::int64_t id, bool withBodies) const {
    Impl& impl = *m_impl;
    // One read transaction: the row and its bodies come from the same snapshot even if
    // the writer replaces the flow in between.
    sqlite::Transaction snapshot(impl.db);
    std::optional<Flow> flow;
    {
        sqlite::ResetOnExit reset(impl.getFlow);
        impl.getFlow.bindInt64(1, id);
        if (!impl.getFlow.step()) {
            return std::nullopt;
        }
        flow = readFlow(impl.getFlow);
    }
    if (withBodies) {
        // A body is its pieces in order followed by its `bodies` row (docs/store-schema.md).
        const auto bodyOf = [&](const sqlite::Statement& row) -> BodyCapture& {
            return row.columnInt64(0) == kRequestPart ? flow->requestBody : flow->responseBody;
        };
        {
            sqlite::ResetOnExit reset(impl.getChunks);
            impl.getChunks.bindInt64(1, id);
            while (impl.getChunks.step()) {
                bodyOf(impl.getChunks).data += impl.getChunks.columnBlob(1);
            }
        }
        sqlite::ResetOnExit reset(impl.getBodies);
        impl.getBodies.bindInt64(1, id);
        while (impl.getBodies.step())
            bodyOf(impl.getBodies).data += impl.getBodies.columnBlob(1);
    }
    snapshot.commit();
    return flow;
}

std::vector<WebSocketMessage> FlowReader::messages(std::int64_t id, std::int64_t afterSeq, std::int64_t limit,
                                                   std::int64_t payloadLimit) const {
    sqlite::Statement& statement = m_impl->getMessages;
    sqlite::ResetOnExit reset(statement);
    statement.bindInt64(1, id);
    statement.bindInt64(2, afterSeq);
    statement.bindInt64(3, limit > 0 ? limit : -1);
    statement.bindInt64(4, payloadLimit);
    std::vector<WebSocketMessage> page;
    if (limit > 0)
        page.reserve(static_cast<std::size_t>(std::min<std::int64_t>(limit, 4096)));
    while (statement.step())
        page.push_back(readMessage(statement));
    return page;
}

std::int64_t FlowReader::messageCount(std::int64_t id) const {
    sqlite::Statement& statement = m_impl->countMessages;
    sqlite::ResetOnExit reset(statement);
    statement.bindInt64(1, id);
    return statement.step() ? statement.columnInt64(0) : 0;
}

} // namespace flowscope::store
