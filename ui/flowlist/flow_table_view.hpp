#pragma once
// The flow list widget: a QTableView tuned for a million rows (fixed row height, no
// per-row size queries), that follows new flows while scrolled to the bottom and stays
// put otherwise, and keeps the selected flow selected across filter and sort changes.

#include <QTableView>

#include <cstdint>
#include <vector>

namespace flowscope::ui {

class FlowListModel;

class FlowTableView : public QTableView {
    Q_OBJECT
public:
    explicit FlowTableView(QWidget* parent = nullptr);

    void setFlowModel(FlowListModel* model);
    FlowListModel* flowModel() const { return m_model; }

    // The flow of the current row, 0 when none.
    std::int64_t currentFlowId() const;
    // Selected rows, ascending.
    std::vector<int> selectedRowNumbers() const;
    std::vector<std::int64_t> selectedFlowIds() const;
    void selectFlow(std::int64_t id);
    bool followingTail() const { return m_follow; }

Q_SIGNALS:
    // The current flow changed (arrow keys, clicks, or a restore after a reload); 0 = none.
    void currentFlowChanged(qint64 flowId);

private:
    void rememberSelection();
    void restoreSelection();
    void onCurrentChanged();

    FlowListModel* m_model = nullptr;
    bool m_follow = true;
    std::int64_t m_rememberedCurrent = 0;
    std::vector<std::int64_t> m_rememberedSelection;
    std::int64_t m_announcedFlow = -1;
};

} // namespace flowscope::ui
