#include "flowlist/flow_table_view.hpp"

#include "flowlist/flow_columns.hpp"
#include "flowlist/flow_list_model.hpp"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QScrollBar>

#include <algorithm>

namespace flowscope::ui {

FlowTableView::FlowTableView(QWidget* parent) : QTableView(parent) {
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSortingEnabled(true);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setTextElideMode(Qt::ElideMiddle);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Fixed row heights: the view never asks a million rows for their size hints.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    verticalHeader()->hide();
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        // Scrolling up stops following; reaching the bottom again resumes it.
        m_follow = value >= verticalScrollBar()->maximum();
    });
}

void FlowTableView::setFlowModel(FlowListModel* model) {
    m_model = model;
    setModel(model);
    // Widths from the longest usual content, so times, methods and sizes are never elided.
    const QFontMetrics metrics = fontMetrics();
    const int padding = 2 * metrics.averageCharWidth() + 8;
    const int icon = iconSize().isValid() ? iconSize().width() + 4 : 20;
    const char* const samples[kFlowColumnCount] = {"1000000", "00:00:00.000", "OPTIONS", "api.example-service.com",
                                                   "", "failed", "websocket", "1023.9 KB", "1023.9 KB", "59.99 s"};
    for (int column = 0; column < kFlowColumnCount; ++column) {
        const int extra = column == static_cast<int>(FlowColumn::Method) ? icon : 0;
        const int title = metrics.horizontalAdvance(columnTitle(static_cast<FlowColumn>(column))) + 24; // sort arrow
        const int content = metrics.horizontalAdvance(QString::fromLatin1(samples[column])) + extra + padding;
        horizontalHeader()->resizeSection(column, std::max(title, content));
    }
    horizontalHeader()->setSectionResizeMode(static_cast<int>(FlowColumn::Path), QHeaderView::Stretch);
    connect(model, &FlowListModel::aboutToReplaceRows, this, &FlowTableView::rememberSelection);
    connect(model, &FlowListModel::rowsReplaced, this, &FlowTableView::restoreSelection);
    connect(model, &FlowListModel::appendStarting, this, [this] {
        m_follow = verticalScrollBar()->value() >= verticalScrollBar()->maximum();
    });
    connect(model, &FlowListModel::appendFinished, this, [this] {
        if (m_follow) {
            scrollToBottom();
        }
    });
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FlowTableView::onCurrentChanged);
    connect(model, &QAbstractItemModel::modelReset, this, &FlowTableView::onCurrentChanged);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &FlowTableView::onCurrentChanged);
}

std::int64_t FlowTableView::currentFlowId() const {
    const QModelIndex current = currentIndex();
    return current.isValid() && m_model ? m_model->flowIdAt(current.row()) : 0;
}

std::vector<int> FlowTableView::selectedRowNumbers() const {
    std::vector<int> rows;
    if (selectionModel() == nullptr) {
        return rows;
    }
    for (const QItemSelectionRange& range : selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row) {
            rows.push_back(row);
        }
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

std::vector<std::int64_t> FlowTableView::selectedFlowIds() const {
    std::vector<std::int64_t> ids;
    for (int row : selectedRowNumbers()) {
        ids.push_back(m_model->flowIdAt(row));
    }
    return ids;
}

void FlowTableView::selectFlow(std::int64_t id) {
    const int row = m_model ? m_model->rowOfFlow(id) : -1;
    if (row < 0) {
        return;
    }
    const QModelIndex index = m_model->index(row, 0);
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void FlowTableView::rememberSelection() {
    m_rememberedCurrent = currentFlowId();
    m_rememberedSelection = selectedFlowIds();
}

// After a reset: the same flows selected, the current one in view (or the tail when
// following), so a filter change does not lose the user's place.
void FlowTableView::restoreSelection() {
    QItemSelection selection;
    for (std::int64_t id : m_rememberedSelection) {
        const int row = m_model->rowOfFlow(id);
        if (row >= 0) {
            selection.select(m_model->index(row, 0), m_model->index(row, kFlowColumnCount - 1));
        }
    }
    selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    const int current = m_model->rowOfFlow(m_rememberedCurrent);
    if (current >= 0) {
        selectionModel()->setCurrentIndex(m_model->index(current, 0), QItemSelectionModel::NoUpdate);
        scrollTo(m_model->index(current, 0), QAbstractItemView::PositionAtCenter);
    } else if (m_follow) {
        scrollToBottom();
    }
    onCurrentChanged();
}

void FlowTableView::onCurrentChanged() {
    const std::int64_t id = currentFlowId();
    if (id != m_announcedFlow) {
        m_announcedFlow = id;
        Q_EMIT currentFlowChanged(id);
    }
}

} // namespace flowscope::ui
