#include "store/store_maintenance.hpp"

#include "store/sqlite.hpp"

#include <fmt/format.h>

#include <system_error>
#include <vector>

namespace flowscope::store {
namespace {

// DELETE statements for the tables holding rows that belong to a flow, besides `flows`
// itself, prepared once per call of deleteWhere() (it may delete thousands of ids). Later
// schemas added tables; a store is always migrated before use, but checking keeps this
// independent of the migration order.
std::vector<sqlite::Statement> prepareDependentDeletes(sqlite::Database& db, std::string_view condition) {
    std::vector<sqlite::Statement> deletes;
    sqlite::Statement exists = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
    for (std::string_view table : {"bodies", "body_chunks", "websocket_messages"}) {
        sqlite::ResetOnExit reset(exists);
        exists.bindText(1, table);
        if (exists.step() && exists.columnInt64(0) > 0)
            deletes.push_back(db.prepare(fmt::format("DELETE FROM {} WHERE flow_id {}", table, condition)));
    }
    return deletes;
}

std::int64_t deleteWhere(const std::filesystem::path& file, std::string_view condition,
                         std::span<const std::int64_t> values) {
    initializeStore(file); // refuses foreign files before anything is deleted
    sqlite::Database db = sqlite::Database::open(file, sqlite::Database::Mode::ReadWrite);
    db.exec("BEGIN IMMEDIATE");
    std::int64_t deleted = 0;
    try {
        std::vector<sqlite::Statement> deleteDependents = prepareDependentDeletes(db, condition);
        sqlite::Statement deleteFlow = db.prepare(fmt::format("DELETE FROM flows WHERE id {}", condition));
        for (std::int64_t value : values) {
            for (sqlite::Statement& deleteDependent : deleteDependents) {
                deleteDependent.bindInt64(1, value);
                deleteDependent.run();
            }
            deleteFlow.bindInt64(1, value);
            deleteFlow.run();
            deleted += db.queryInt64("SELECT changes()");
        }
        db.exec("COMMIT");
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
    return deleted;
}

} // namespace

std::int64_t deleteFlows(const std::filesystem::path& file, std::span<const std::int64_t> ids) {
    return deleteWhere(file, "= ?", ids);
}

std::int64_t deleteFlowsUpTo(const std::filesystem::path& file, std::int64_t maxId) {
    const std::int64_t bound[] = {maxId};
    return deleteWhere(file, "<= ?", bound);
}

void copyStore(const std::filesystem::path& file, const std::filesystem::path& destination) {
    initializeStore(file);
    const std::filesystem::path partial = destination.string() + ".partial";
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    {
        sqlite::Database db = sqlite::Database::open(file, sqlite::Database::Mode::ReadOnly);
        // VACUUM INTO reads one snapshot and writes a fresh, compact database file.
        sqlite::Statement vacuum = db.prepare("VACUUM INTO ?");
        vacuum.bindText(1, partial.string());
        try {
            vacuum.run();
        } catch (const StoreError&) {
            std::filesystem::remove(partial, ignored);
            throw;
        }
    }
    std::error_code error;
    std::filesystem::rename(partial, destination, error);
    if (error) {
        std::filesystem::remove(partial, ignored);
        throw StoreError(fmt::format("cannot write {}: {}", destination.string(), error.message()));
    }
}

} // namespace flowscope::store
