#pragma once
// Reads flows from a store file into a FlowTable: the small typed columns only, never
// headers or bodies, on a connection of its own.

#include "store/sqlite.hpp"
#include "view/cancel_token.hpp"
#include "view/content_family.hpp"
#include "view/filter_sql.hpp"
#include "view/flow_table.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace flowscope::view {

// Thread safety: none; it owns a SQLite connection, so one loader per thread.
class StoreLoader {
public:
    // Throws store::StoreError when the file is missing or not a Flowscope store.
    explicit StoreLoader(const std::filesystem::path& file);

    // Appends the flows with id > afterId that satisfy `condition`, in id order. Returns
    // false when cancelled: what was read so far stays appended (and indexed), the rest
    // is not. Throws store::StoreError when SQLite fails.
    bool load(FlowTable& table, const SqlCondition& condition, std::int64_t afterId, CancelToken cancel = {});

    std::int64_t maxId() const;
    // All flows in the store (SQLite counts them on its smallest index).
    std::int64_t count() const;

private:
    struct TransparentHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };

    ContentFamily familyOf(std::string_view contentType);

    store::sqlite::Database m_db;
    // A capture has a few dozen distinct Content-Type values; classify each once.
    std::unordered_map<std::string, ContentFamily, TransparentHash, std::equal_to<>> m_families;
};

} // namespace flowscope::view
