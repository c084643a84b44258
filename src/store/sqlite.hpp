#pragma once
// A thin RAII layer over the sqlite3 C API: just enough for the flow store, with every
// failure turned into a StoreError whose one-line message names the database file.
// Internal to the store layer (the public API is flow_store.hpp / flow_writer.hpp), but
// tests use it to build fixtures.

#include "store/flow_store.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace flowscope::store::sqlite {

// Who keeps bound text/blob bytes alive. Static binds skip SQLite's copy (measurably
// cheaper on the writer's hot path) and are only safe when the bytes outlive the next
// step()/reset() of the statement.
enum class Lifetime { Copy, Static };

class Database;

// A prepared statement. Bind indexes are 1-based, column indexes 0-based (as in SQLite).
//
// Thread safety: none; a statement belongs to its connection's thread.
class Statement {
public:
    Statement() = default;
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bindInt64(int index, std::int64_t value);
    void bindText(int index, std::string_view text, Lifetime lifetime = Lifetime::Copy);
    void bindBlob(int index, std::string_view bytes, Lifetime lifetime = Lifetime::Copy);
    void bindNull(int index);

    // True while a row is available, false when done; throws StoreError on failure.
    bool step();
    // Runs a statement that yields no rows (or ignores them) and resets it.
    void run();
    // Makes the statement ready to run again; bindings are kept. Never throws: the
    // error of a failed step has already been reported by step().
    void reset() noexcept;

    int columnCount() const;
    bool columnIsNull(int column) const;
    std::int64_t columnInt64(int column) const;
    // Views into SQLite's buffers: valid until the next step(), reset() or column call
    // that converts the same column.
    std::string_view columnText(int column) const;
    std::string_view columnBlob(int column) const;

    explicit operator bool() const { return m_stmt != nullptr; }

private:
    friend class Database;
    explicit Statement(sqlite3_stmt* stmt) : m_stmt(stmt) {}
    [[noreturn]] void fail(int rc, std::string_view action) const;

    // Only the statement handle: its connection (and file name, for messages) is found
    // through it, so a Database may be moved after preparing statements.
    sqlite3_stmt* m_stmt = nullptr;
};

// Resets a statement when leaving a scope, so no statement keeps a read transaction
// open (an open read transaction in WAL mode stops checkpoints from finishing).
class ResetOnExit {
public:
    explicit ResetOnExit(Statement& statement) : m_statement(statement) {}
    ~ResetOnExit() { m_statement.reset(); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    Statement& m_statement;
};

// One connection. Opened without SQLite's own mutex (SQLITE_OPEN_NOMUTEX): each
// connection is used by one thread at a time, which is how the store is built.
//
// Thread safety: none; move it to another thread only while it is not in use.
class Database {
public:
    enum class Mode {
        ReadWriteCreate, // create the file when missing
        ReadWrite,       // the file must exist
        ReadOnly,
    };

    // Opens and reads the file header, so "not a database" surfaces here as
    // StoreError("cannot open <path>: file is not a database").
    static Database open(const std::filesystem::path& file, Mode mode, int busyTimeoutMs = 5000);

    Database() = default;
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more statements (no parameters); throws StoreError.
    void exec(std::string_view sql);
    // As exec(), but returns false instead of throwing when the database is busy or locked
    // (for statements SQLite does not retry through busy_timeout, e.g. a journal mode
    // change).
    bool execUnlessBusy(std::string_view sql);
    Statement prepare(std::string_view sql) const;
    // The first column of the first row of a query as an integer (0 when no row).
    std::int64_t queryInt64(std::string_view sql) const;
    std::string queryText(std::string_view sql) const;

    bool inTransaction() const;

    // Called on this connection's thread after each commit in WAL mode, with the WAL's
    // size in frames (pages). Setting it turns SQLite's auto-checkpoint off (that is a WAL
    // hook too): the caller decides when to checkpoint.
    using WalCommitHook = void (*)(void* context, int walFrames);
    void setWalCommitHook(WalCommitHook hook, void* context);

    struct CheckpointResult {
        bool busy = false;    // another connection was checkpointing; nothing done
        int walFrames = 0;    // frames in the WAL
        int copiedFrames = 0; // frames now copied into the database file
    };
    // A PASSIVE checkpoint: copies what it can without waiting for readers or the writer.
    CheckpointResult checkpoint();

    const std::filesystem::path& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }
    explicit operator bool() const { return m_db != nullptr; }

    // Throws StoreError("<path>: <action>: <sqlite message>").
    [[noreturn]] void fail(int rc, std::string_view action) const;

private:
    struct Hook {
        WalCommitHook function = nullptr;
        void* context = nullptr;
    };

    Database(sqlite3* db, std::filesystem::path path) : m_db(db), m_path(std::move(path)) {}

    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
    std::unique_ptr<Hook> m_hook; // on the heap: SQLite keeps its address across moves
};

// BEGIN .. COMMIT, rolled back when the scope is left without commit() (exception or
// early return). Writers use Immediate so the write lock is taken (and waited for via
// busy_timeout) up front instead of failing on a read-to-write upgrade.
class Transaction {
public:
    enum class Kind { Deferred, Immediate };

    explicit Transaction(Database& db, Kind kind = Kind::Deferred);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace flowscope::store::sqlite
