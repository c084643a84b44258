#include "view/store_loader.hpp"

#include "store/schema.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <sqlite3.h>

namespace flowscope::view {
namespace {

// Column order read by readRow(). Durations and sizes are clamped like FlowReader clamps
// them, and like filter_sql.cpp compares them.
constexpr std::string_view kColumns =
    "id, kind, started_at_us, max(ended_at_us - started_at_us, 0), method, scheme, host, path, url, status, "
    "response_content_type, max(request_body_size, 0), max(response_body_size, 0), error_kind";

// SQLite calls this every kProgressSteps virtual machine steps; non-zero interrupts the
// statement. That is what stops a long scan or sort inside a single step() call.
constexpr int kProgressSteps = 10'000;

int progress(void* context) {
    return static_cast<const CancelToken*>(context)->cancelled() ? 1 : 0;
}

// Installs the cancellation check for one query and removes it afterwards.
class ProgressGuard {
public:
    ProgressGuard(sqlite3* db, const CancelToken& cancel) : m_db(db) {
        sqlite3_progress_handler(m_db, kProgressSteps, progress, const_cast<CancelToken*>(&cancel));
    }
    ~ProgressGuard() { sqlite3_progress_handler(m_db, 0, nullptr, nullptr); }
    ProgressGuard(const ProgressGuard&) = delete;
    ProgressGuard& operator=(const ProgressGuard&) = delete;

private:
    sqlite3* m_db;
};

store::sqlite::Database openReader(const std::filesystem::path& file) {
    store::sqlite::Database db = store::schema::openStore(file, store::schema::Purpose::Read);
    db.exec("PRAGMA query_only = 1");
    return db;
}

} // namespace

StoreLoader::StoreLoader(const std::filesystem::path& file) : m_db(openReader(file)) {}

std::int64_t StoreLoader::maxId() const {
    return m_db.queryInt64("SELECT coalesce(max(id), 0) FROM flows");
}

std::int64_t StoreLoader::count() const {
    return m_db.queryInt64("SELECT count(*) FROM flows");
}

ContentFamily StoreLoader::familyOf(std::string_view contentType) {
    if (auto found = m_families.find(contentType); found != m_families.end()) {
        return found->second;
    }
    ContentFamily family = classifyContentType(contentType);
    m_families.emplace(std::string(contentType), family);
    return family;
}

bool StoreLoader::load(FlowTable& table, const SqlCondition& condition, std::int64_t afterId, CancelToken cancel) {
    if (cancel.cancelled()) {
        return false;
    }
    // Walks the rowid b-tree in order: the cheapest way through the table. Sorting happens
    // in memory afterwards (faster than ORDER BY through an index that then fetches every
    // row at random; see the scale test).
    store::sqlite::Statement statement =
        m_db.prepare(fmt::format("SELECT {} FROM flows WHERE id > ? AND ({}) ORDER BY id", kColumns, condition.text));
    statement.bindInt64(1, afterId);
    condition.bind(statement, 2);

    ProgressGuard guard(m_db.handle(), cancel);
    store::sqlite::ResetOnExit reset(statement);
    bool cancelled = false;
    try {
        std::size_t rows = 0;
        while (statement.step()) {
            // The progress handler only runs inside SQLite; rows that come quickly are
            // checked here too.
            if ((++rows & 0x3FF) == 0 && cancel.cancelled()) {
                cancelled = true;
                break;
            }
            FlowRow row;
            row.id = statement.columnInt64(0);
            row.kind = store::flowKindFromString(statement.columnText(1));
            row.startedAtUs = statement.columnInt64(2);
            row.durationUs = statement.columnInt64(3);
            row.method = statement.columnText(4);
            row.scheme = statement.columnText(5);
            row.host = statement.columnText(6);
            row.path = statement.columnText(7);
            row.urlHead = statement.columnText(8);
            row.status = static_cast<int>(statement.columnInt64(9));
            row.contentFamily = familyOf(statement.columnText(10));
            row.requestSize = static_cast<std::uint64_t>(statement.columnInt64(11));
            row.responseSize = static_cast<std::uint64_t>(statement.columnInt64(12));
            row.errorKind = statement.columnText(13);
            table.append(row);
        }
    } catch (const store::StoreError&) {
        if (!cancel.cancelled()) {
            table.finishAppend();
            throw;
        }
        cancelled = true; // SQLITE_INTERRUPT from the progress handler
    }
    table.finishAppend();
    return !cancelled;
}

} // namespace flowscope::view
