#pragma once
// FlowTable: every loaded flow as a compact record (80 bytes) plus shared text, in
// increasing id order. The store stays the home of headers and bodies; this holds what a
// list shows, filters and sorts on.

#include "view/flow_row.hpp"
#include "view/string_pool.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace flowscope::view {

// One flow, compact. Text fields are ids into the table's interners, except the path,
// which is mostly unique and lives in the arena.
struct FlowRecord {
    std::int64_t id = 0;
    std::int64_t startedAtUs = 0;
    std::int64_t durationUs = 0;
    std::uint64_t requestSize = 0;
    std::uint64_t responseSize = 0;
    const char* path = nullptr;
    std::uint32_t pathSize = 0;
    std::uint32_t host = 0;    // FlowTable::texts()
    std::uint32_t urlHead = 0; // FlowTable::texts(): the origin, or the whole URL (see tailIsPath)
    std::uint32_t method = 0;  // FlowTable::texts()
    std::uint32_t scheme = 0;
    std::uint32_t errorKind = 0;
    std::int32_t status = 0;
    std::uint8_t kind = 0; // store::FlowKind, one byte (the enum itself is an int)
    ContentFamily contentFamily = ContentFamily::Other;
    bool tailIsPath = false; // url == texts(urlHead) + path; otherwise url == texts(urlHead)

    store::FlowKind flowKind() const { return static_cast<store::FlowKind>(kind); }
};

// The per-row cost the view is measured by (docs: 1M flows); keep an eye on padding.
static_assert(sizeof(FlowRecord) <= 80);

// Records are kept in arrival order (a record's index never changes, so orders built on
// indices survive appends) with an index by id beside them. Ids usually arrive in
// increasing order, but not always: the engine allocates an id when a flow starts and the
// store receives it when it ends, so a re-read window may bring older ids.
//
// Thread safety: none for append()/finishAppend(); const members may run on several
// threads at once while nobody appends. Views in rows it returned stay valid across
// appends (text never moves) until the table is destroyed.
class FlowTable {
public:
    FlowTable() = default;
    FlowTable(FlowTable&&) noexcept = default;
    FlowTable& operator=(FlowTable&&) noexcept = default;
    FlowTable(const FlowTable&) = delete;
    FlowTable& operator=(const FlowTable&) = delete;

    // Adds a flow given as a row whose URL is whole in urlHead (urlTail empty), as the
    // loader reads it. A flow whose id is already present is ignored (false). Call
    // finishAppend() after a batch before using the id index.
    bool append(const FlowRow& row);
    // Merges the ids of the batch into the id index.
    void finishAppend();

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const FlowRecord& record(std::size_t index) const { return m_chunks[index / kChunkRecords][index % kChunkRecords]; }
    FlowRow row(std::size_t index) const;
    std::int64_t maxId() const { return m_maxId; }

    // Record indices in increasing id order.
    const std::vector<std::uint32_t>& byId() const { return m_byId; }
    std::optional<std::size_t> indexOfId(std::int64_t id) const;

    const StringInterner& texts() const { return m_texts; }

    // Sizes the id index for `rows` flows (the records grow in chunks without copying).
    void reserve(std::size_t rows);
    // Everything the table holds on the heap (records, id index, text, the interner's map).
    std::size_t memoryBytes() const;

private:
    // The last text interned for one field and its id: consecutive flows mostly share
    // host, origin, method, scheme and error kind, and a compare is cheaper than a hash
    // lookup (the interner was a fifth of the load time of a million flows).
    struct LastText {
        std::string_view text;
        std::uint32_t id = 0;
    };

    bool containsId(std::int64_t id) const;
    std::uint32_t intern(LastText& last, std::string_view text);
    FlowRecord& newRecord();

    // Records live in fixed chunks (5 MiB each) that never move: growing past a million
    // flows during a capture costs one chunk, not a copy of every record into a vector
    // twice the size (measured: 390 ms and 160 MB for the first append after a 1M load).
    static constexpr std::size_t kChunkRecords = 64 * 1024;

    std::vector<std::unique_ptr<FlowRecord[]>> m_chunks;
    std::size_t m_size = 0;
    std::vector<std::uint32_t> m_byId;
    std::vector<std::uint32_t> m_late; // this batch's records with ids below m_maxId, not yet in m_byId
    std::int64_t m_maxId = 0;
    StringInterner m_texts; // one pool for hosts, origins, methods, schemes, error kinds
    StringArena m_paths;
    LastText m_lastHost;
    LastText m_lastOrigin;
    LastText m_lastMethod;
    LastText m_lastScheme;
    LastText m_lastError;
};

} // namespace flowscope::view
