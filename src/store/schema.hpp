#pragma once
// Opening a flow store connection: connection settings, validation that the file is ours,
// and the numbered migrations (src/store/migrations/NNNN_*.sql) tracked by user_version.

#include "store/sqlite.hpp"

#include <filesystem>
#include <string_view>
#include <vector>

namespace flowscope::store::schema {

// "FLWS", set by migration 0001; tells our files apart from other SQLite files.
inline constexpr std::int64_t kApplicationId = 0x464C5753;

struct Migration {
    int version = 0; // the file name's leading number
    std::string_view name;
    std::string_view sql;
};

// The embedded migrations, in order; versions are 1..N without gaps.
const std::vector<Migration>& migrations();
int latestVersion();

enum class Purpose {
    Write, // create the file when missing, WAL on, migrate
    Read,  // the file must exist and hold a Flowscope store (migrated if older)
};

// True when `db` holds a Flowscope store at an older schema, i.e. openStore() would migrate
// it; false for an empty file (created, not migrated), a current store, or anything else.
bool hasPendingMigrations(const sqlite::Database& db);

// A connection with the store's settings (WAL, synchronous=NORMAL, busy_timeout) on a
// file at the latest schema. Throws StoreError naming the file when it is not SQLite,
// not a Flowscope store, or from a newer Flowscope.
sqlite::Database openStore(const std::filesystem::path& file, Purpose purpose);

} // namespace flowscope::store::schema
