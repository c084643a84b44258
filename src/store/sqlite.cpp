#include "store/sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <utility>

namespace flowscope::store::sqlite {
namespace {

// sqlite3_errmsg() is only meaningful right after the failing call on that connection;
// without a connection (open failed before one existed) fall back to the code's text.
std::string messageFor(sqlite3* db, int rc) {
    if (db != nullptr && sqlite3_errcode(db) != SQLITE_OK) {
        return sqlite3_errmsg(db);
    }
    return sqlite3_errstr(rc);
}

// Statement text for a one-line message: newlines folded, long SQL cut.
std::string oneLine(std::string_view sql) {
    constexpr std::size_t kShown = 48;
    std::string shown(sql.substr(0, kShown));
    for (char& c : shown) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    if (sql.size() > kShown) {
        shown += "...";
    }
    return shown;
}

[[noreturn]] void throwError(sqlite3* db, std::string_view path, int rc, std::string_view action) {
    throw StoreError(fmt::format("{}: {}: {}", path, action, messageFor(db, rc)));
}

int openFlags(Database::Mode mode) {
    switch (mode) {
    case Database::Mode::ReadWriteCreate:
        return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    case Database::Mode::ReadWrite:
        return SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    case Database::Mode::ReadOnly:
        return SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    }
    return SQLITE_OPEN_READONLY;
}

} // namespace

// ---- Statement ----------------------------------------------------------------------

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept : m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

void Statement::fail(int rc, std::string_view action) const {
    sqlite3* db = sqlite3_db_handle(m_stmt);
    const char* sql = sqlite3_sql(m_stmt);
    const char* file = sqlite3_db_filename(db, "main");
    throwError(db, file != nullptr ? file : "", rc,
               fmt::format("{} \"{}\"", action, oneLine(sql != nullptr ? sql : "")));
}

void Statement::bindInt64(int index, std::int64_t value) {
    if (int rc = sqlite3_bind_int64(m_stmt, index, value); rc != SQLITE_OK) {
        fail(rc, "cannot bind");
    }
}

void Statement::bindText(int index, std::string_view text, Lifetime lifetime) {
    auto destructor = lifetime == Lifetime::Static ? SQLITE_STATIC : SQLITE_TRANSIENT;
    if (int rc = sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), destructor, SQLITE_UTF8);
        rc != SQLITE_OK) {
        fail(rc, "cannot bind");
    }
}

void Statement::bindBlob(int index, std::string_view bytes, Lifetime lifetime) {
    auto destructor = lifetime == Lifetime::Static ? SQLITE_STATIC : SQLITE_TRANSIENT;
    if (int rc = sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), destructor); rc != SQLITE_OK) {
        fail(rc, "cannot bind");
    }
}

void Statement::bindNull(int index) {
    if (int rc = sqlite3_bind_null(m_stmt, index); rc != SQLITE_OK) {
        fail(rc, "cannot bind");
    }
}

bool Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    fail(rc, "cannot run");
}

void Statement::run() {
    ResetOnExit resetOnExit(*this);
    while (step()) {
    }
}

void Statement::reset() noexcept {
    sqlite3_reset(m_stmt);
}

int Statement::columnCount() const {
    return sqlite3_column_count(m_stmt);
}

bool Statement::columnIsNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::columnInt64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

std::string_view Statement::columnText(int column) const {
    const auto* text = sqlite3_column_text(m_stmt, column);
    int size = sqlite3_column_bytes(m_stmt, column); // after the conversion, as SQLite requires
    if (text == nullptr) {
        return {};
    }
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::string_view Statement::columnBlob(int column) const {
    const void* data = sqlite3_column_blob(m_stmt, column);
    int size = sqlite3_column_bytes(m_stmt, column);
    if (data == nullptr) {
        return {};
    }
    return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

// ---- Database -----------------------------------------------------------------------

Database Database::open(const std::filesystem::path& file, Mode mode, int busyTimeoutMs) {
    // Memory statistics make every SQLite allocation take a global mutex (6% of the
    // writer thread's time in a profile). It can only be switched off before SQLite
    // initializes; if something else initialized it first, this is a harmless no-op.
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(file.string().c_str(), &raw, openFlags(mode), nullptr);
    // sqlite3_open_v2 hands back a connection even on failure; owning it at once means
    // every exit path below closes it.
    Database db(raw, file);
    auto cannotOpen = [&](int code) {
        throw StoreError(fmt::format("cannot open {}: {}", file.string(), messageFor(raw, code)));
    };
    if (rc != SQLITE_OK) {
        cannotOpen(rc);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busyTimeoutMs);
    // SQLite reads the header lazily; reading the schema cookie now turns a file that is
    // not a database (or is locked, or unreadable) into an error at open time.
    sqlite3_stmt* probe = nullptr;
    rc = sqlite3_prepare_v2(raw, "PRAGMA schema_version", -1, &probe, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(probe);
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(probe);
    if (rc != SQLITE_OK) {
        cannotOpen(rc);
    }
    return db;
}

Database::~Database() {
    // close_v2, not close: should a Statement outlive its Database, the connection is
    // freed when that statement is finalized instead of leaking or failing.
    sqlite3_close_v2(m_db);
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)), m_hook(std::move(other.m_hook)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_hook = std::move(other.m_hook);
    }
    return *this;
}

void Database::fail(int rc, std::string_view action) const {
    throwError(m_db, m_path.string(), rc, action);
}

void Database::exec(std::string_view sql) {
    // sqlite3_exec needs a NUL-terminated string; migrations and pragmas are small.
    std::string text(sql);
    if (int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK) {
        fail(rc, fmt::format("cannot run \"{}\"", oneLine(sql)));
    }
}

bool Database::execUnlessBusy(std::string_view sql) {
    std::string text(sql);
    int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr);
    if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) {
        return false;
    }
    if (rc != SQLITE_OK) {
        fail(rc, fmt::format("cannot run \"{}\"", oneLine(sql)));
    }
    return true;
}

Statement Database::prepare(std::string_view sql) const {
    sqlite3_stmt* stmt = nullptr;
    int rc =
        sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        fail(rc, fmt::format("cannot prepare \"{}\"", oneLine(sql)));
    }
    return Statement(stmt);
}

std::int64_t Database::queryInt64(std::string_view sql) const {
    Statement statement = prepare(sql);
    return statement.step() ? statement.columnInt64(0) : 0;
}

std::string Database::queryText(std::string_view sql) const {
    Statement statement = prepare(sql);
    return statement.step() ? std::string(statement.columnText(0)) : std::string();
}

bool Database::inTransaction() const {
    return sqlite3_get_autocommit(m_db) == 0;
}

void Database::setWalCommitHook(WalCommitHook hook, void* context) {
    m_hook = std::make_unique<Hook>(Hook{hook, context});
    sqlite3_wal_hook(
        m_db,
        [](void* data, sqlite3*, const char*, int frames) {
            const auto* registered = static_cast<const Hook*>(data);
            registered->function(registered->context, frames);
            return SQLITE_OK;
        },
        m_hook.get());
}

Database::CheckpointResult Database::checkpoint() {
    CheckpointResult result;
    int rc =
        sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &result.walFrames, &result.copiedFrames);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        result.busy = true;
    } else if (rc != SQLITE_OK) {
        fail(rc, "cannot checkpoint");
    }
    return result;
}

// ---- Transaction --------------------------------------------------------------------

Transaction::Transaction(Database& db, Kind kind) : m_db(db) {
    m_db.exec(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) roll back on their own; only roll back
    // what is still open, and never throw from a destructor.
    if (!m_done && m_db.inTransaction()) {
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace flowscope::store::sqlite
