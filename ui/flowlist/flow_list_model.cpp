#include "flowlist/flow_list_model.hpp"

#include "flowlist/flow_columns.hpp"
#include "flowlist/flow_row_style.hpp"

#include "store/flow_store.hpp"
#include "view/flow_view.hpp"

#include <QMetaObject>

#include <algorithm>
#include <utility>

namespace flowscope::ui {
namespace {

// Flows re-read below the highest loaded id on each refresh: the engine numbers a flow
// when it starts and commits it when it ends, so a slow download commits after later,
// quicker flows. The view skips flows it already has, so the window costs a few rows.
constexpr std::int64_t kLateWindow = 512;
// More new flows than this (a HAR import, a burst after a pause) are read by a full
// reload on the worker instead of on the GUI thread.
constexpr std::int64_t kInlineAppendLimit = 20'000;
// Above this many separate runs of inserted or removed rows, one reset is cheaper for
// the attached views than that many notifications.
constexpr std::size_t kMaxRowRuns = 256;

// Contiguous runs [first, last] of ascending rows.
std::vector<std::pair<std::size_t, std::size_t>> runsOf(const std::vector<std::size_t>& rows) {
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (std::size_t row : rows) {
        if (!runs.empty() && runs.back().second + 1 == row) {
            runs.back().second = row;
        } else {
            runs.emplace_back(row, row);
        }
    }
    return runs;
}

} // namespace

FlowListModel::FlowListModel(QObject* parent)
    : QAbstractTableModel(parent), m_view(std::make_unique<view::FlowView>(std::filesystem::path{})) {
    m_pool.setMaxThreadCount(1);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
}

FlowListModel::~FlowListModel() {
    m_cancel->store(true);
    m_pool.waitForDone();
}

void FlowListModel::openStore(const std::filesystem::path& file) {
    cancelAndWait();
    beginResetModel();
    m_storeFile = file;
    m_view = std::make_unique<view::FlowView>(file, view::FlowViewOptions{}, m_requestedFilter, m_requestedSort);
    m_floorId = 0;
    m_removedCount = 0;
    ++m_tableGeneration;
    m_reportedRows = 0;
    endResetModel();
    m_reloadWanted = true;
    startJob();
    Q_EMIT countsChanged();
}

void FlowListModel::setFilter(view::FilterExpression filter) {
    m_requestedFilter = std::move(filter);
    startJob();
}

void FlowListModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= kFlowColumnCount) {
        return;
    }
    m_requestedSort = view::SortSpec{sortColumnFor(static_cast<FlowColumn>(column)),
                                     order == Qt::AscendingOrder ? view::SortOrder::Ascending
                                                                 : view::SortOrder::Descending};
    startJob();
}

void FlowListModel::startJob() {
    if (m_jobRunning) {
        m_cancel->store(true); // its finishJob() starts the newest request
        return;
    }
    const bool reload = m_reloadWanted;
    if (!reload && view::sameFilter(m_requestedFilter, m_view->filter()) && m_requestedSort == m_view->sort()) {
        setBusy(false);
        return;
    }
    if (m_storeFile.empty()) {
        return;
    }
    m_reloadWanted = false;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_jobRunning = true;
    setBusy(true);
    const std::uint64_t generation = ++m_generation;
    const view::FlowView* flowView = m_view.get();
    m_pool.start([this, flowView, cancel = m_cancel, filter = m_requestedFilter, sort = m_requestedSort, reload,
                  generation] {
        auto update = std::make_shared<std::optional<view::ViewUpdate>>();
        QString error;
        try {
            const view::CancelToken token(*cancel);
            *update = reload ? flowView->prepareReload(token) : flowView->prepare(filter, sort, token);
        } catch (const std::exception& failure) {
            error = QString::fromUtf8(failure.what());
        }
        QMetaObject::invokeMethod(
            this, [this, generation, update, error, reload] { finishJob(generation, update, error, reload); },
            Qt::QueuedConnection);
    });
}

void FlowListModel::finishJob(std::uint64_t generation, std::shared_ptr<std::optional<view::ViewUpdate>> update,
                              const QString& error, bool wasReload) {
    if (generation != m_generation) {
        return; // abandoned by cancelAndWait()
    }
    m_jobRunning = false;
    if (!error.isEmpty()) {
        Q_EMIT loadFailed(error);
    } else if (update->has_value()) {
        Q_EMIT aboutToReplaceRows();
        beginResetModel();
        m_view->apply(std::move(**update));
        if (wasReload) {
            m_removedCount = 0;
            ++m_tableGeneration;
        }
        m_reportedRows = static_cast<int>(m_view->rowCount());
        endResetModel();
        Q_EMIT rowsReplaced();
        Q_EMIT countsChanged();
    } else if (wasReload) {
        m_reloadWanted = true; // cancelled: still to do
    }
    if (m_refreshWanted >= 0) {
        const std::int64_t committed = std::exchange(m_refreshWanted, -1);
        refresh(committed);
    }
    startJob();
    if (!m_jobRunning) {
        setBusy(false);
    }
}

void FlowListModel::cancelAndWait() {
    if (!m_jobRunning) {
        return;
    }
    m_cancel->store(true);
    m_pool.waitForDone();
    m_jobRunning = false;
    ++m_generation; // its queued finishJob() is ignored
}

void FlowListModel::setBusy(bool busy) {
    if (busy != m_busySignalled) {
        m_busySignalled = busy;
        Q_EMIT busyChanged(busy);
    }
}

void FlowListModel::refresh(std::int64_t highestCommittedId) {
    if (m_storeFile.empty()) {
        return;
    }
    if (m_jobRunning) {
        m_refreshWanted = std::max(m_refreshWanted, highestCommittedId);
        return;
    }
    try {
        if (highestCommittedId - highestLoadedId() > kInlineAppendLimit) {
            m_reloadWanted = true;
            startJob();
            return;
        }
        const std::int64_t after = std::max(m_floorId, m_view->maxLoadedId() - kLateWindow);
        std::optional<view::AppendResult> result = m_view->appendNewerThan(std::max<std::int64_t>(after, 0));
        if (!result) {
            return;
        }
        if (!result->rows.empty()) {
            announceInsertedRows(result->rows);
        }
        if (result->read > 0) {
            Q_EMIT countsChanged();
        }
    } catch (const store::StoreError& failure) {
        Q_EMIT loadFailed(QString::fromUtf8(failure.what()));
    }
}

// The view has already placed the flows; tell attached views in the order Qt expects.
// Runs come in ascending final rows, so when run k is announced every earlier run is
// already counted and no later one is: its final rows are also its rows at that moment.
// Until a run is announced, data() skips its rows (viewRow()), so every intermediate
// state the views and Qt's model tester see is consistent.
void FlowListModel::announceInsertedRows(const std::vector<std::size_t>& rows) {
    const auto runs = runsOf(rows);
    Q_EMIT appendStarting();
    if (runs.size() > kMaxRowRuns) {
        Q_EMIT aboutToReplaceRows();
        beginResetModel();
        m_reportedRows = static_cast<int>(m_view->rowCount());
        endResetModel();
        Q_EMIT rowsReplaced();
    } else {
        m_unannounced = runs;
        for (const auto& [first, last] : runs) {
            beginInsertRows({}, static_cast<int>(first), static_cast<int>(last));
            m_unannounced.erase(m_unannounced.begin());
            m_reportedRows += static_cast<int>(last - first + 1);
            endInsertRows();
        }
    }
    Q_EMIT appendFinished(static_cast<int>(rows.size()));
}

void FlowListModel::clearUpTo(std::int64_t maxId) {
    cancelAndWait();
    beginResetModel();
    m_view = std::make_unique<view::FlowView>(m_storeFile, view::FlowViewOptions{}, m_requestedFilter, m_requestedSort);
    m_floorId = std::max(m_floorId, maxId);
    m_removedCount = 0;
    ++m_tableGeneration;
    m_reportedRows = 0;
    m_reloadWanted = false;
    endResetModel();
    Q_EMIT countsChanged();
}

std::vector<std::int64_t> FlowListModel::removeRowsAndReturnIds(std::vector<int> rows) {
    cancelAndWait();
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.erase(std::remove_if(rows.begin(), rows.end(), [this](int row) { return row < 0 || row >= m_reportedRows; }),
               rows.end());
    std::vector<std::int64_t> ids;
    ids.reserve(rows.size());
    std::vector<std::size_t> ascending;
    for (int row : rows) {
        ids.push_back(m_view->idAt(static_cast<std::size_t>(row)));
        ascending.push_back(static_cast<std::size_t>(row));
    }
    const auto runs = runsOf(ascending);
    const bool reset = runs.size() > kMaxRowRuns;
    if (reset) {
        Q_EMIT aboutToReplaceRows();
        beginResetModel();
    }
    // From the bottom up, so the rows of the runs still to go do not move.
    for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
        const auto [first, last] = *run;
        if (!reset) {
            beginRemoveRows({}, static_cast<int>(first), static_cast<int>(last));
        }
        m_view->removeRows(first, last - first + 1);
        m_reportedRows -= static_cast<int>(last - first + 1);
        if (!reset) {
            endRemoveRows();
        }
    }
    if (reset) {
        endResetModel();
        Q_EMIT rowsReplaced();
    }
    m_removedCount += ids.size();
    Q_EMIT countsChanged();
    startJob(); // a filter or sort request cancelled above
    return ids;
}

int FlowListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_reportedRows;
}

int FlowListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kFlowColumnCount;
}

QVariant FlowListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_reportedRows) {
        return {};
    }
    const auto column = static_cast<FlowColumn>(index.column());
    switch (role) {
    case Qt::DisplayRole: return cellText(flowRow(index.row()), column);
    case Qt::ToolTipRole:
        if (column == FlowColumn::Path || column == FlowColumn::Host) {
            return QString::fromStdString(flowRow(index.row()).url());
        }
        if (column == FlowColumn::Status) {
            const view::FlowRow row = flowRow(index.row());
            return row.hasError() ? QString::fromUtf8(row.errorKind.data(), static_cast<qsizetype>(row.errorKind.size()))
                                  : QVariant();
        }
        return {};
    case Qt::TextAlignmentRole:
        return isNumericColumn(column) ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole: return rowForeground(flowRow(index.row()), column);
    case Qt::DecorationRole: return column == FlowColumn::Method ? rowIcon(flowRow(index.row())) : QVariant();
    case FlowIdRole: return QVariant::fromValue<qint64>(flowIdAt(index.row()));
    default: return {};
    }
}

QVariant FlowListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= kFlowColumnCount) {
        return {};
    }
    const auto column = static_cast<FlowColumn>(section);
    if (role == Qt::DisplayRole) {
        return columnTitle(column);
    }
    if (role == Qt::TextAlignmentRole) {
        return isNumericColumn(column) ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    return {};
}

std::size_t FlowListModel::viewRow(int row) const {
    auto position = static_cast<std::size_t>(row);
    for (const auto& [first, last] : m_unannounced) {
        if (first > position) {
            break;
        }
        position += last - first + 1;
    }
    return position;
}

std::int64_t FlowListModel::flowIdAt(int row) const {
    if (row < 0 || row >= m_reportedRows) {
        return 0;
    }
    return m_view->idAt(viewRow(row));
}

int FlowListModel::rowOfFlow(std::int64_t id) const {
    const std::optional<std::size_t> row = m_view->indexOfId(id);
    if (!row) {
        return -1;
    }
    // Back from view rows to announced rows: minus the unannounced rows before it.
    std::size_t announced = *row;
    for (const auto& [first, last] : m_unannounced) {
        if (first > *row) {
            break;
        }
        if (*row <= last) {
            return -1; // not announced yet
        }
        announced -= last - first + 1;
    }
    return static_cast<int>(announced) < m_reportedRows ? static_cast<int>(announced) : -1;
}

view::FlowRow FlowListModel::flowRow(int row) const {
    return m_view->row(viewRow(row));
}

std::size_t FlowListModel::totalFlows() const {
    return m_view->loadedCount() - std::min(m_removedCount, m_view->loadedCount());
}

std::int64_t FlowListModel::highestLoadedId() const {
    return std::max(m_view->maxLoadedId(), m_floorId);
}

} // namespace flowscope::ui
