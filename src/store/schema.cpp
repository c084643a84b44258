#include "store/schema.hpp"

#include "store/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fmt/format.h>
#include <thread>

namespace flowscope::store::schema {
namespace {

constexpr int kBusyTimeoutMs = 5000;
// Bodies of a few KiB are the bulk of a store. With SQLite's default 4 KiB pages every
// body past ~4 KiB takes overflow pages of its own, and (schema 1-2, WITHOUT ROWID) even a
// 1 KiB body did. 32 KiB pages keep bodies up to ~32 KiB inline in the rowid `bodies`
// table and cut the write syscalls per flow; measured 15k -> 50k+ flows/s with 1 KiB
// bodies together with the other writer settings. Only takes effect on a new file.
constexpr int kPageSize = 32768;

std::vector<Migration> loadMigrations() {
    std::vector<Migration> list;
    for (const auto& file : generated::kEmbeddedFiles) {
        Migration migration{0, file.name, file.text};
        auto [end, ec] = std::from_chars(file.name.data(), file.name.data() + file.name.size(), migration.version);
        if (ec != std::errc() || end == file.name.data()) {
            throw StoreError(fmt::format("embedded migration {} does not start with its number", file.name));
        }
        list.push_back(migration);
    }
    std::sort(list.begin(), list.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i].version != static_cast<int>(i) + 1) {
            throw StoreError(
                fmt::format("embedded migration {} is out of sequence (expected number {})", list[i].name, i + 1));
        }
    }
    return list;
}

struct FileState {
    std::int64_t applicationId = 0;
    std::int64_t userVersion = 0;
    std::int64_t userTables = 0;
};

FileState readState(const sqlite::Database& db) {
    FileState state;
    state.applicationId = db.queryInt64("PRAGMA application_id");
    state.userVersion = db.queryInt64("PRAGMA user_version");
    state.userTables = db.queryInt64(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    return state;
}

// Throws for a file we must not touch; true when migrations are pending.
bool checkState(const sqlite::Database& db, const FileState& state, Purpose purpose) {
    const std::string file = db.path().string();
    const bool fresh = state.applicationId == 0 && state.userVersion == 0;
    if (fresh && state.userTables == 0) {
        if (purpose == Purpose::Read) {
            throw StoreError(fmt::format("{} is not a Flowscope flow store (it is an empty database)", file));
        }
        return true;
    }
    if (state.applicationId != kApplicationId) {
        throw StoreError(
            fmt::format("{} is not a Flowscope flow store (it is another program's SQLite database)", file));
    }
    if (state.userVersion > latestVersion()) {
        throw StoreError(fmt::format("{} was written by a newer Flowscope (schema {}, this build knows {})", file,
                                     state.userVersion, latestVersion()));
    }
    return state.userVersion < latestVersion();
}

// Each migration runs in its own IMMEDIATE transaction that re-reads the version first:
// two processes opening the same new file at once apply each step exactly once.
void migrate(sqlite::Database& db, Purpose purpose) {
    for (;;) {
        sqlite::Transaction transaction(db, sqlite::Transaction::Kind::Immediate);
        FileState state = readState(db);
        if (!checkState(db, state, purpose)) {
            transaction.commit();
            return;
        }
        const Migration& next = migrations().at(static_cast<std::size_t>(state.userVersion));
        db.exec(next.sql);
        db.exec(fmt::format("PRAGMA user_version = {}", next.version));
        transaction.commit();
    }
}

// The journal mode is stored in the file: set once, every later connection is WAL. The
// switch needs an exclusive lock and SQLite reports "locked" at once rather than waiting
// for it (busy_timeout does not apply), so retry for as long as busy_timeout would.
void enableWal(sqlite::Database& db) {
    if (db.queryText("PRAGMA journal_mode") == "wal") {
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    while (!db.execUnlessBusy("PRAGMA journal_mode = WAL")) {
        if (std::chrono::steady_clock::now() > deadline) {
            db.exec("PRAGMA journal_mode = WAL"); // reports the lock as the error
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

// The three values in one read transaction: read one by one, a writer committing in
// between (another process creating the store) would show tables without our header.
FileState readStateConsistently(sqlite::Database& db) {
    sqlite::Transaction snapshot(db);
    FileState state = readState(db);
    snapshot.commit();
    return state;
}

} // namespace

bool hasPendingMigrations(const sqlite::Database& db) {
    const FileState state = readState(db);
    return state.applicationId == kApplicationId && state.userVersion > 0 && state.userVersion < latestVersion();
}

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = loadMigrations();
    return list;
}

int latestVersion() {
    return static_cast<int>(migrations().size());
}

sqlite::Database openStore(const std::filesystem::path& file, Purpose purpose) {
    // A reader opens read-write too: in WAL mode a read-only connection cannot create the
    // -shm index or replay the WAL after a crash. Read-only is the fallback for files we
    // may not write (a copy on read-only media); the writer is absent there anyway.
    sqlite::Database db;
    if (purpose == Purpose::Write) {
        db = sqlite::Database::open(file, sqlite::Database::Mode::ReadWriteCreate, kBusyTimeoutMs);
    } else {
        try {
            db = sqlite::Database::open(file, sqlite::Database::Mode::ReadWrite, kBusyTimeoutMs);
        } catch (const StoreError&) {
            std::error_code ec;
            if (!std::filesystem::exists(file, ec)) {
                throw;
            }
            db = sqlite::Database::open(file, sqlite::Database::Mode::ReadOnly, kBusyTimeoutMs);
        }
    }

    bool pending = checkState(db, readStateConsistently(db), purpose);
    if (purpose == Purpose::Write) {
        if (pending) {
            db.exec(fmt::format("PRAGMA page_size = {}", kPageSize)); // ignored unless the file is new
        }
        enableWal(db);
    }
    // NORMAL in WAL mode: a commit is durable once the WAL is synced at checkpoint; a crash
    // or kill can lose the last commits but never corrupts the file (sqlite.org/wal.html).
    db.exec("PRAGMA synchronous = NORMAL");
    if (pending) {
        migrate(db, purpose);
    }
    return db;
}

} // namespace flowscope::store::schema
