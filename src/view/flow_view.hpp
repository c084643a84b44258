#pragma once
// FlowView: the filtered, sorted list of flows that the desktop list and the CLI show
// (mitmproxy's addons/view.py, below any UI). It holds a small record per flow (see
// FlowTable) and the display order as record indices; headers and bodies stay in the
// store and are read by id (store::FlowReader::get) when a flow is opened.

#include "view/cancel_token.hpp"
#include "view/filter_expression.hpp"
#include "view/flow_row.hpp"
#include "view/flow_sort.hpp"
#include "view/flow_table.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace flowscope::view {

class StoreLoader;
struct ViewScratch;

// Which flows a view keeps in memory.
enum class Residency : std::uint8_t {
    // Every flow of the store. Filter and sort changes never touch the store: a million
    // flows re-filter and re-sort in well under 300 ms. The desktop list.
    AllFlows,
    // Only flows matching the filter, selected by SQLite (filter_sql.hpp). A filter change
    // re-reads the store; memory follows the matches. The CLI, or a store too big to hold.
    MatchingFlows,
};

struct FlowViewOptions {
    Residency residency = Residency::AllFlows;
};

struct AppendResult {
    std::size_t read = 0;          // flows read from the store
    std::vector<std::size_t> rows; // rows that joined the view, at their final positions, ascending
};

// Memory a view holds on the heap, for the bytes-per-row figure.
struct MemoryUsage {
    std::size_t tableBytes = 0;   // records, text, id index (shared with prepared updates)
    std::size_t orderBytes = 0;   // display order and the record -> row map
    std::size_t scratchBytes = 0; // sort buffers kept for the next sort (0 while one runs)
    std::size_t total() const { return tableBytes + orderBytes + scratchBytes; }
};

// A new filter, sort or reload computed by prepare*() and installed by apply(). Opaque.
class ViewUpdate {
private:
    friend class FlowView;
    std::shared_ptr<FlowTable> table;
    std::size_t consideredRecords = 0; // records of `table` already placed or filtered out
    FilterExpression filter;
    SortSpec sort;
    std::vector<std::uint32_t> order;
};

// Thread safety: a FlowView is not synchronised. Const members (including prepare() and
// prepareReload()) may run on several threads at once; non-const members need the view to
// themselves. The usual split: the GUI thread owns the view and reads rows; a worker runs
// prepare() for a filter or sort change and may be abandoned through the CancelToken; the
// GUI thread calls apply() with the result. Cancel and wait for the worker before calling
// appendNewerThan(), which changes the table the worker reads. Rows (their string views)
// stay valid until the view gets a new table: reload(), or a filter change of a
// MatchingFlows view. A moved-from view may only be assigned to or destroyed.
class FlowView {
public:
    // Opens nothing yet: the first reload() reads the store.
    explicit FlowView(std::filesystem::path storeFile, FlowViewOptions options = {}, FilterExpression filter = {},
                      SortSpec sort = {});
    ~FlowView();
    FlowView(FlowView&&) noexcept;
    FlowView& operator=(FlowView&&) noexcept;

    // Re-reads the store with the current filter and sort. Returns false when cancelled,
    // leaving the view as it was. Throws store::StoreError when the store cannot be read.
    bool reload(CancelToken cancel = {});
    // Changes the filter or the sort; false when cancelled (view unchanged). AllFlows
    // views work in memory; a MatchingFlows view re-reads the store on a filter change.
    bool setFilter(FilterExpression filter, CancelToken cancel = {});
    bool setSort(SortSpec sort, CancelToken cancel = {});

    // Reads flows with id > `afterId` that match the filter and merges them into the
    // current order (live capture). Flows already in the view are skipped, so a caller may
    // re-read a window below maxLoadedId() to catch flows committed late (the engine
    // allocates ids when flows start; the store receives them when they end). Returns
    // nullopt when cancelled (flows read so far are kept and placed by the next call).
    std::optional<AppendResult> appendNewerThan(std::int64_t afterId, CancelToken cancel = {});

    // The same work split for another thread: compute without changing the view, then
    // apply(). An update carries its own snapshot, and apply() places flows appended since.
    std::optional<ViewUpdate> prepare(const FilterExpression& filter, SortSpec sort, CancelToken cancel = {}) const;
    std::optional<ViewUpdate> prepareReload(CancelToken cancel = {}) const;
    void apply(ViewUpdate update);

    // Takes rows [first, first + count) out of the view for good: later filter, sort and
    // append calls on this table never show those flows again (the caller deletes them
    // from the store; a reload() reads what the store still has). Cancel and wait for a
    // worker first, as for appendNewerThan().
    void removeRows(std::size_t first, std::size_t count);

    std::size_t rowCount() const { return m_order.size(); }
    FlowRow row(std::size_t index) const { return m_table->row(m_order[index]); }
    std::int64_t idAt(std::size_t index) const { return m_table->record(m_order[index]).id; }
    std::optional<std::size_t> indexOfId(std::int64_t id) const;

    const FilterExpression& filter() const { return m_filter; }
    SortSpec sort() const { return m_sort; }
    Residency residency() const { return m_options.residency; }
    const std::filesystem::path& storeFile() const { return m_storeFile; }
    // Highest id read from the store (matching or not, in an AllFlows view); 0 before a load.
    std::int64_t maxLoadedId() const { return m_table->maxId(); }
    // Flows held in memory (all flows, or the matching ones).
    std::size_t loadedCount() const { return m_table->size(); }
    MemoryUsage memoryUsage() const;
    // Every loaded flow, shown or not (the host sidebar counts them by interned host id).
    // Valid until the view gets a new table (see the class comment).
    const FlowTable& table() const { return *m_table; }
    bool isRemoved(std::size_t record) const { return record < m_removed.size() && m_removed[record]; }

private:
    std::optional<ViewUpdate> loadFresh(const FilterExpression& filter, SortSpec sort, CancelToken cancel) const;
    std::optional<std::vector<std::uint32_t>> shownRecords(const FilterExpression& filter, bool sameFilter,
                                                           std::vector<std::uint32_t> shown, CancelToken cancel) const;
    std::vector<std::uint32_t> newlyShown(std::size_t fromRecord) const;
    std::vector<std::size_t> mergeRecords(std::vector<std::uint32_t> added);
    void rebuildRowIndex(std::size_t fromRow);

    static constexpr std::uint32_t kNotShown = 0xFFFFFFFF;

    std::filesystem::path m_storeFile;
    FlowViewOptions m_options;
    FilterExpression m_filter;
    SortSpec m_sort;
    std::shared_ptr<FlowTable> m_table;
    std::size_t m_consideredRecords = 0;   // records of m_table already placed or filtered out
    std::vector<std::uint32_t> m_order;    // record indices in display order
    std::vector<std::uint32_t> m_rowOf;    // record index -> row, kNotShown when filtered out
    std::vector<bool> m_removed;           // record index -> taken out by removeRows()
    std::unique_ptr<StoreLoader> m_loader; // for appends; opened on first use
    // Sort buffers and the previous order's storage, reused by the next prepare (taken
    // with try_lock, so concurrent prepares never wait for each other).
    std::unique_ptr<ViewScratch> m_scratch;
};

} // namespace flowscope::view
