#pragma once
// The sidebar: flows grouped by host, then by path segment (host -> /api -> /v1), each
// node with its count. Built from the view's in-memory table (no store queries): host
// counts are kept incrementally as flows arrive; path levels are counted when a node is
// expanded and recounted on each update while it stays expanded.

#include "view/filter_expression.hpp"

#include <QStandardItemModel>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace flowscope::view {
class FlowView;
}

namespace flowscope::ui {

class HostTreeModel : public QStandardItemModel {
    Q_OBJECT
public:
    static constexpr int HostRole = Qt::UserRole + 1;       // QString: the host of the node
    static constexpr int PathPrefixRole = Qt::UserRole + 2; // QString: "" for a host, "/api/v1" below
    static constexpr int PopulatedRole = Qt::UserRole + 3;  // bool: path children counted

    explicit HostTreeModel(QObject* parent = nullptr);

    // Brings counts up to date with `view` (every loaded flow, shown or filtered out).
    // `tableGeneration` changes when the view's table is replaced (reload, clear, removal);
    // then everything is recounted.
    void update(const view::FlowView& view, std::uint64_t tableGeneration);
    // Counts the path children of a host or path node (called when it is expanded).
    void populate(const QModelIndex& index);

    // The filter terms that show exactly the flows of a node (host equal, path prefix).
    static view::FilterExpression scopeFor(const QModelIndex& index);
    std::size_t hostCount() const { return m_hostItems.size(); }

private:
    struct HostEntry {
        QStandardItem* item = nullptr;
        std::uint64_t count = 0;
    };
    void recountChildren(QStandardItem* parent, const view::FlowView& view);
    void setCount(QStandardItem* item, std::uint64_t count);

    const view::FlowView* m_view = nullptr;
    std::uint64_t m_generation = ~std::uint64_t{0};
    std::size_t m_countedRecords = 0;
    std::unordered_map<std::uint32_t, HostEntry> m_byHostId; // interned host id -> node
    std::unordered_map<std::string, QStandardItem*> m_hostItems; // lowercase host -> node
};

} // namespace flowscope::ui
