#include "view/flow_view.hpp"

#include "view/filter_match.hpp"
#include "view/filter_sql.hpp"
#include "view/store_loader.hpp"

#include <algorithm>
#include <mutex>

namespace flowscope::view {
namespace {

// How often long in-memory loops look at the cancel flag: often enough to stop within a
// millisecond or so, rarely enough to cost nothing.
constexpr std::size_t kCancelCheckEvery = 16 * 1024;

SqlCondition everything() {
    return toSql(FilterExpression{});
}

// Room for `extra` more, growing by an eighth rather than doubling: live appends to a
// million-row view come a few hundred at a time.
void makeRoom(std::vector<std::uint32_t>& vector, std::size_t extra) {
    if (vector.size() + extra > vector.capacity()) {
        vector.reserve(std::max(vector.size() + extra, vector.size() + vector.size() / 8 + 1024));
    }
}

} // namespace

struct ViewScratch {
    std::mutex mutex;
    SortScratch sort;
    std::vector<std::uint32_t> spareOrder; // the order apply() replaced, for its capacity
};

FlowView::FlowView(std::filesystem::path storeFile, FlowViewOptions options, FilterExpression filter, SortSpec sort)
    : m_storeFile(std::move(storeFile)), m_options(options), m_filter(std::move(filter)), m_sort(sort),
      m_table(std::make_shared<FlowTable>()), m_scratch(std::make_unique<ViewScratch>()) {}

FlowView::~FlowView() = default;
FlowView::FlowView(FlowView&&) noexcept = default;
FlowView& FlowView::operator=(FlowView&&) noexcept = default;

bool FlowView::reload(CancelToken cancel) {
    std::optional<ViewUpdate> update = prepareReload(cancel);
    if (!update) {
        return false;
    }
    apply(std::move(*update));
    return true;
}

bool FlowView::setFilter(FilterExpression filter, CancelToken cancel) {
    std::optional<ViewUpdate> update = prepare(filter, m_sort, cancel);
    if (!update) {
        return false;
    }
    apply(std::move(*update));
    return true;
}

bool FlowView::setSort(SortSpec sort, CancelToken cancel) {
    std::optional<ViewUpdate> update = prepare(m_filter, sort, cancel);
    if (!update) {
        return false;
    }
    apply(std::move(*update));
    return true;
}

std::optional<ViewUpdate> FlowView::prepareReload(CancelToken cancel) const {
    return loadFresh(m_filter, m_sort, cancel);
}

std::optional<ViewUpdate> FlowView::loadFresh(const FilterExpression& filter, SortSpec sort, CancelToken cancel) const {
    ViewUpdate update;
    update.table = std::make_shared<FlowTable>();
    update.filter = filter;
    update.sort = sort;
    // Its own connection: this may run on a worker while appends use m_loader.
    StoreLoader loader(m_storeFile);
    const bool all = m_options.residency == Residency::AllFlows;
    if (all) {
        // The id index sized exactly: no doubling while it grows, no slack after.
        // Sized with an eighth to spare: live appends after a load then grow nothing on
        // the GUI thread for a while (a million-entry copy there stalls it ~50-80 ms).
        const auto count = static_cast<std::size_t>(loader.count());
        update.table->reserve(count + count / 8 + 1024);
    }
    if (!loader.load(*update.table, all ? everything() : toSql(filter), 0, cancel)) {
        return std::nullopt;
    }
    const FlowTable& table = *update.table;
    update.consideredRecords = table.size();
    if (all) {
        update.order.reserve(table.size() + table.size() / 8 + 1024);
        std::size_t seen = 0;
        for (std::uint32_t record : table.byId()) {
            if (++seen % kCancelCheckEvery == 0 && cancel.cancelled()) {
                return std::nullopt;
            }
            if (matches(filter, table.row(record))) {
                update.order.push_back(record);
            }
        }
    } else {
        update.order = table.byId(); // SQLite has filtered
    }
    std::unique_lock lock(m_scratch->mutex, std::try_to_lock);
    if (!sortRecords(table, update.order, sort, cancel, lock.owns_lock() ? &m_scratch->sort : nullptr)) {
        return std::nullopt;
    }
    return update;
}

std::optional<ViewUpdate> FlowView::prepare(const FilterExpression& filter, SortSpec sort, CancelToken cancel) const {
    if (cancel.cancelled()) {
        return std::nullopt;
    }
    const bool sameFilter = view::sameFilter(filter, m_filter);
    if (m_options.residency == Residency::MatchingFlows && !sameFilter) {
        return loadFresh(filter, sort, cancel);
    }
    std::unique_lock lock(m_scratch->mutex, std::try_to_lock);
    std::vector<std::uint32_t> storage;
    if (lock.owns_lock()) {
        storage = std::move(m_scratch->spareOrder);
    }
    std::optional<std::vector<std::uint32_t>> shown = shownRecords(filter, sameFilter, std::move(storage), cancel);
    if (!shown || !sortRecords(*m_table, *shown, sort, cancel, lock.owns_lock() ? &m_scratch->sort : nullptr)) {
        return std::nullopt;
    }
    ViewUpdate update;
    update.table = m_table;
    update.consideredRecords = m_consideredRecords;
    update.filter = filter;
    update.sort = sort;
    update.order = std::move(*shown);
    return update;
}

// The records `filter` shows among those already considered, in id order (what
// sortRecords() expects). With the current filter that is what is shown now.
std::optional<std::vector<std::uint32_t>> FlowView::shownRecords(const FilterExpression& filter, bool sameFilter,
                                                                 std::vector<std::uint32_t> shown,
                                                                 CancelToken cancel) const {
    shown.clear();
    shown.reserve(sameFilter ? m_order.size() : m_consideredRecords);
    std::size_t seen = 0;
    for (std::uint32_t record : m_table->byId()) {
        if (++seen % kCancelCheckEvery == 0 && cancel.cancelled()) {
            return std::nullopt;
        }
        if (record >= m_consideredRecords) {
            continue; // read by an interrupted append; apply() places it
        }
        if (isRemoved(record)) {
            continue;
        }
        if (sameFilter ? m_rowOf[record] != kNotShown : matches(filter, m_table->row(record))) {
            shown.push_back(record);
        }
    }
    return shown;
}

void FlowView::apply(ViewUpdate update) {
    if (update.table != m_table) {
        m_removed.clear(); // a fresh read of the store no longer has them
    }
    m_table = std::move(update.table);
    m_filter = std::move(update.filter);
    m_sort = update.sort;
    if (std::unique_lock lock(m_scratch->mutex, std::try_to_lock); lock.owns_lock()) {
        m_scratch->spareOrder = std::move(m_order);
    }
    m_order = std::move(update.order);
    m_consideredRecords = update.consideredRecords;
    m_rowOf.reserve(m_consideredRecords + m_consideredRecords / 8 + 1024); // room for live appends
    m_rowOf.assign(m_consideredRecords, kNotShown);
    rebuildRowIndex(0);
    // Flows appended to a shared table after the update was prepared.
    if (m_table->size() > m_consideredRecords) {
        mergeRecords(newlyShown(m_consideredRecords));
    }
}

std::optional<AppendResult> FlowView::appendNewerThan(std::int64_t afterId, CancelToken cancel) {
    if (!m_loader) {
        m_loader = std::make_unique<StoreLoader>(m_storeFile);
    }
    const std::size_t before = m_table->size();
    const bool all = m_options.residency == Residency::AllFlows;
    const bool done = m_loader->load(*m_table, all ? everything() : toSql(m_filter), afterId, cancel);
    if (!done) {
        return std::nullopt; // m_consideredRecords stays: the next call places what was read
    }
    AppendResult result;
    result.read = m_table->size() - before;
    result.rows = mergeRecords(newlyShown(m_consideredRecords));
    return result;
}

// Records from `fromRecord` on that the filter shows, in any order.
std::vector<std::uint32_t> FlowView::newlyShown(std::size_t fromRecord) const {
    std::vector<std::uint32_t> shown;
    for (std::size_t record = fromRecord; record < m_table->size(); ++record) {
        if (isRemoved(record)) {
            continue;
        }
        // A MatchingFlows table only holds flows SQLite matched with this filter.
        if (m_options.residency == Residency::MatchingFlows || matches(m_filter, m_table->row(record))) {
            shown.push_back(static_cast<std::uint32_t>(record));
        }
    }
    return shown;
}

// Places `added` (records not yet considered) into the order and returns their rows.
// Each finds its place by binary search and the rows between are copied in blocks:
// k log n comparisons and one pass of copying, however the view is sorted.
std::vector<std::size_t> FlowView::mergeRecords(std::vector<std::uint32_t> added) {
    m_consideredRecords = m_table->size();
    makeRoom(m_rowOf, m_consideredRecords - std::min(m_consideredRecords, m_rowOf.size()));
    m_rowOf.resize(m_consideredRecords, kNotShown);
    std::vector<std::size_t> rows;
    if (added.empty()) {
        return rows;
    }
    const RecordOrder before(*m_table, m_sort);
    std::sort(added.begin(), added.end(), before);
    if (m_order.empty() || before(m_order.back(), added.front())) {
        // The live-capture case when sorted by id or time: everything lands at the end.
        makeRoom(m_order, added.size());
        for (std::uint32_t record : added) {
            rows.push_back(m_order.size());
            m_order.push_back(record);
        }
        rebuildRowIndex(rows.front());
        return rows;
    }
    std::vector<std::uint32_t> merged;
    merged.reserve(m_order.size() + added.size());
    auto from = m_order.begin();
    std::size_t firstChanged = m_order.size();
    for (std::uint32_t record : added) {
        auto at = std::upper_bound(from, m_order.end(), record, before);
        merged.insert(merged.end(), from, at);
        firstChanged = std::min(firstChanged, merged.size());
        rows.push_back(merged.size());
        merged.push_back(record);
        from = at;
    }
    merged.insert(merged.end(), from, m_order.end());
    m_order = std::move(merged);
    rebuildRowIndex(firstChanged);
    return rows;
}

void FlowView::removeRows(std::size_t first, std::size_t count) {
    const std::size_t last = std::min(first + count, m_order.size());
    if (first >= last) {
        return;
    }
    if (m_removed.size() < m_table->size()) {
        m_removed.resize(m_table->size(), false);
    }
    for (std::size_t row = first; row < last; ++row) {
        const std::uint32_t record = m_order[row];
        m_removed[record] = true;
        m_rowOf[record] = kNotShown;
    }
    m_order.erase(m_order.begin() + static_cast<std::ptrdiff_t>(first),
                  m_order.begin() + static_cast<std::ptrdiff_t>(last));
    rebuildRowIndex(first);
}

void FlowView::rebuildRowIndex(std::size_t fromRow) {
    for (std::size_t row = fromRow; row < m_order.size(); ++row) {
        m_rowOf[m_order[row]] = static_cast<std::uint32_t>(row);
    }
}

std::optional<std::size_t> FlowView::indexOfId(std::int64_t id) const {
    std::optional<std::size_t> record = m_table->indexOfId(id);
    if (!record || *record >= m_rowOf.size() || m_rowOf[*record] == kNotShown) {
        return std::nullopt;
    }
    return m_rowOf[*record];
}

MemoryUsage FlowView::memoryUsage() const {
    MemoryUsage usage;
    usage.tableBytes = m_table->memoryBytes();
    usage.orderBytes = (m_order.capacity() + m_rowOf.capacity()) * sizeof(std::uint32_t);
    if (std::unique_lock lock(m_scratch->mutex, std::try_to_lock); lock.owns_lock()) {
        usage.scratchBytes = m_scratch->sort.bytes() + m_scratch->spareOrder.capacity() * sizeof(std::uint32_t);
    }
    return usage;
}

} // namespace flowscope::view
