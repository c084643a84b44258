#pragma once
// The flow list: a QAbstractTableModel over the Qt-free view::FlowView. The view holds a
// small record per flow; headers and bodies stay in the store until a flow is opened.
//
// Filter, sort and full loads run on a worker thread and replace the list in one model
// reset when done (a newer request cancels an older one). Live capture appends on the GUI
// thread: refresh() reads the flows committed since the last call and reports them as
// row insertions, one batch per call; the window calls it once per store commit
// notification, which the writer coalesces, so there is never one signal per flow.

#include "view/filter_expression.hpp"
#include "view/flow_row.hpp"
#include "view/flow_sort.hpp"

#include <QAbstractTableModel>
#include <QThreadPool>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace flowscope::view {
class FlowView;
class ViewUpdate;
} // namespace flowscope::view

namespace flowscope::ui {

class FlowListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int FlowIdRole = Qt::UserRole + 1; // qint64

    explicit FlowListModel(QObject* parent = nullptr);
    ~FlowListModel() override;

    // Shows the flows of `file` (the live store or an opened session), loading it on the
    // worker; the list is empty until the load finishes. Keeps filter and sort.
    void openStore(const std::filesystem::path& file);
    const std::filesystem::path& storeFile() const { return m_storeFile; }

    // Asynchronous; the latest request wins.
    void setFilter(view::FilterExpression filter);
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    const view::FilterExpression& requestedFilter() const { return m_requestedFilter; }

    // Reads flows committed since the last call and inserts them where the sort puts them.
    // Deferred while a worker runs (done when it finishes). `highestCommittedId` (from
    // the writer's notification) decides between reading inline and a full reload on the
    // worker for a large backlog. Errors go to loadFailed().
    void refresh(std::int64_t highestCommittedId = 0);
    // Forgets every flow with id <= maxId (the caller deletes them from the store) and
    // shows only later ones from now on.
    void clearUpTo(std::int64_t maxId);
    // Removes these rows; returns the ids of their flows (for the store deletion).
    std::vector<std::int64_t> removeRowsAndReturnIds(std::vector<int> rows);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    std::int64_t flowIdAt(int row) const;
    int rowOfFlow(std::int64_t id) const; // -1 when not shown
    view::FlowRow flowRow(int row) const;
    // Flows the list knows (shown or filtered out), and the highest id read.
    std::size_t totalFlows() const;
    std::int64_t highestLoadedId() const;
    bool busy() const { return m_jobRunning; }
    // The view, for the host sidebar (read on the GUI thread only).
    const view::FlowView& flowView() const { return *m_view; }
    std::uint64_t tableGeneration() const { return m_tableGeneration; }

Q_SIGNALS:
    void busyChanged(bool busy);
    void loadFailed(const QString& message);
    // Around a model reset caused by a load, filter or sort (the window restores the
    // selection by flow id).
    void aboutToReplaceRows();
    void rowsReplaced();
    // Around the insertions of one refresh() (the list follows the tail if it was there).
    void appendStarting();
    void appendFinished(int rowsAdded);
    void countsChanged();

private:
    void startJob();
    void finishJob(std::uint64_t generation, std::shared_ptr<std::optional<view::ViewUpdate>> update,
                   const QString& error, bool wasReload);
    void cancelAndWait();
    void announceInsertedRows(const std::vector<std::size_t>& rows);
    void setBusy(bool busy);
    // The view's row for a row attached views know of: the same, except while insertions
    // are being announced (rows not announced yet are skipped, see announceInsertedRows).
    std::size_t viewRow(int row) const;

    std::filesystem::path m_storeFile;
    std::unique_ptr<view::FlowView> m_view;
    view::FilterExpression m_requestedFilter;
    view::SortSpec m_requestedSort;
    bool m_reloadWanted = false;
    std::int64_t m_refreshWanted = -1; // highest committed id of a deferred refresh()
    bool m_jobRunning = false;
    bool m_busySignalled = false;
    std::uint64_t m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::int64_t m_floorId = 0;          // flows at or below were cleared
    std::size_t m_removedCount = 0;      // rows removed from the current table
    std::uint64_t m_tableGeneration = 0; // bumped whenever the view gets a new table
    int m_reportedRows = 0;              // what attached views have been told
    // Runs of rows (view positions, ascending) already in the view but not yet announced.
    std::vector<std::pair<std::size_t, std::size_t>> m_unannounced;
    QThreadPool m_pool;                  // one worker; last member, waited for first
};

} // namespace flowscope::ui
