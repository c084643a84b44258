#pragma once
// Text storage for a FlowTable: an arena whose bytes never move (so string_views handed
// out stay valid while it grows) and an interner that gives each distinct string a small
// id (hosts, origins, methods: a million flows share a few thousand of each).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flowscope::view {

// Thread safety: none for add(); views it returned may be read from any thread while
// nobody calls add() or destroys the arena.
class StringArena {
public:
    StringArena() = default;
    StringArena(StringArena&&) noexcept = default;
    StringArena& operator=(StringArena&&) noexcept = default;

    // Copies `text` into the arena; the view stays valid for the arena's lifetime.
    std::string_view add(std::string_view text);

    std::size_t bytesReserved() const { return m_reserved; }

private:
    // 256 KiB blocks: few enough allocations for a million paths, little waste at the end.
    static constexpr std::size_t kBlockSize = 256 * 1024;

    std::vector<std::unique_ptr<char[]>> m_blocks;
    char* m_next = nullptr;
    std::size_t m_left = 0;
    std::size_t m_reserved = 0;
};

// Ids are dense from 0; id 0 is always the empty string.
//
// Thread safety: as StringArena.
class StringInterner {
public:
    StringInterner();
    StringInterner(StringInterner&&) noexcept = default;
    StringInterner& operator=(StringInterner&&) noexcept = default;

    std::uint32_t intern(std::string_view text);
    std::string_view text(std::uint32_t id) const { return m_texts[id]; }
    std::size_t size() const { return m_texts.size(); }

    // rank[id] orders the strings bytewise (memcmp order, as SQLite's BINARY collation), so
    // sorting rows by a rank sorts them by the text without comparing strings per row.
    std::vector<std::uint32_t> ranks() const;

    std::size_t bytesReserved() const;

private:
    StringArena m_arena;
    std::vector<std::string_view> m_texts;
    std::unordered_map<std::string_view, std::uint32_t> m_ids;
};

} // namespace flowscope::view
