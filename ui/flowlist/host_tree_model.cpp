#include "flowlist/host_tree_model.hpp"

#include "view/flow_view.hpp"

#include <QLocale>

#include <algorithm>
#include <map>

namespace flowscope::ui {
namespace {

constexpr int kMaxChildren = 500; // per node; the rest are summarised in one line

QString fromView(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return out;
}

// The path without its query, so /search?q=1 and /search?q=2 share a node.
std::string_view pathPart(std::string_view path) {
    return path.substr(0, path.find_first_of("?#"));
}

// The next segment of `path` after `prefix` ("/api/v1/items" after "/api" -> "/v1"), and
// whether more segments follow it. Empty when the path ends at the prefix.
std::pair<std::string_view, bool> nextSegment(std::string_view path, std::size_t prefixSize) {
    std::string_view rest = path.substr(prefixSize);
    if (rest.size() <= 1) {
        return {{}, false};
    }
    const std::size_t end = rest.find('/', 1);
    if (end == std::string_view::npos) {
        return {rest, false};
    }
    return {rest.substr(0, end), end + 1 < rest.size()};
}

// True when `path` is `prefix` itself or continues it with a new segment.
bool underPrefix(std::string_view path, std::string_view prefix) {
    return path.size() >= prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
           (path.size() == prefix.size() || path[prefix.size()] == '/');
}

} // namespace

HostTreeModel::HostTreeModel(QObject* parent) : QStandardItemModel(0, 2, parent) {
    setHorizontalHeaderLabels({QStringLiteral("Host"), QStringLiteral("Flows")});
}

void HostTreeModel::setCount(QStandardItem* item, std::uint64_t count) {
    QStandardItem* countItem = nullptr;
    if (QStandardItem* parent = item->parent()) {
        countItem = parent->child(item->row(), 1);
    } else {
        countItem = this->item(item->row(), 1);
    }
    const QString text = QLocale().toString(static_cast<qulonglong>(count));
    if (countItem && countItem->text() != text) {
        countItem->setText(text);
    }
}

void HostTreeModel::update(const view::FlowView& flowView, std::uint64_t tableGeneration) {
    if (tableGeneration != m_generation || &flowView != m_view) {
        removeRows(0, rowCount());
        m_byHostId.clear();
        m_hostItems.clear();
        m_countedRecords = 0;
        m_generation = tableGeneration;
        m_view = &flowView;
    }
    const view::FlowTable& table = flowView.table();
    if (table.size() <= m_countedRecords && m_countedRecords != 0) {
        return;
    }
    bool added = false;
    for (std::size_t record = m_countedRecords; record < table.size(); ++record) {
        if (flowView.isRemoved(record)) {
            continue;
        }
        const view::FlowRecord& flow = table.record(record);
        HostEntry& entry = m_byHostId[flow.host];
        if (entry.item == nullptr) {
            // Hosts differing only in case are one host (DNS names ignore case).
            const std::string_view host = table.texts().text(flow.host);
            QStandardItem*& item = m_hostItems[lowered(host)];
            if (item == nullptr) {
                item = new QStandardItem(host.empty() ? QStringLiteral("(no host)") : fromView(host));
                item->setData(fromView(host), HostRole);
                item->setData(QString(), PathPrefixRole);
                item->setData(false, PopulatedRole);
                item->setEditable(false);
                item->appendRow(new QStandardItem()); // placeholder: the node can be expanded
                auto* countItem = new QStandardItem();
                countItem->setEditable(false);
                countItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                appendRow({item, countItem});
                added = true;
            }
            entry.item = item;
        }
        ++entry.count;
    }
    m_countedRecords = table.size();
    // Sum the case variants that share a node, then show the totals.
    std::unordered_map<QStandardItem*, std::uint64_t> totals;
    for (const auto& [hostId, entry] : m_byHostId) {
        totals[entry.item] += entry.count;
    }
    for (const auto& [item, total] : totals) {
        setCount(item, total);
        if (item->data(PopulatedRole).toBool()) {
            recountChildren(item, flowView);
        }
    }
    if (added) {
        sort(0, Qt::AscendingOrder);
    }
}

void HostTreeModel::populate(const QModelIndex& index) {
    QStandardItem* item = itemFromIndex(index.siblingAtColumn(0));
    if (item == nullptr || m_view == nullptr) {
        return;
    }
    if (!item->data(PopulatedRole).toBool()) {
        item->removeRows(0, item->rowCount()); // the placeholder
        item->setData(true, PopulatedRole);
    }
    recountChildren(item, *m_view);
}

// Counts the next path segment under `parent` over every loaded flow of its host and
// merges the result into its children (existing nodes keep their expansion).
void HostTreeModel::recountChildren(QStandardItem* parent, const view::FlowView& flowView) {
    const std::string host = lowered(parent->data(HostRole).toString().toStdString());
    const std::string prefix = parent->data(PathPrefixRole).toString().toStdString();
    const view::FlowTable& table = flowView.table();
    struct SegmentCount {
        std::uint64_t count = 0;
        bool deeper = false;
    };
    std::map<std::string, SegmentCount, std::less<>> segments;
    std::vector<bool> hostMatches(table.texts().size(), false);
    for (const auto& [hostId, entry] : m_byHostId) {
        if (hostId < hostMatches.size() && lowered(table.texts().text(hostId)) == host) {
            hostMatches[hostId] = true;
        }
    }
    for (std::size_t record = 0; record < table.size(); ++record) {
        const view::FlowRecord& flow = table.record(record);
        if (flow.host >= hostMatches.size() || !hostMatches[flow.host] || flowView.isRemoved(record)) {
            continue;
        }
        const std::string_view path = pathPart(std::string_view(flow.path, flow.pathSize));
        if (!underPrefix(path, prefix)) {
            continue;
        }
        const auto [segment, deeper] = nextSegment(path, prefix.size());
        if (segment.empty()) {
            continue;
        }
        auto found = segments.find(segment);
        if (found == segments.end()) {
            found = segments.emplace(std::string(segment), SegmentCount{}).first;
        }
        ++found->second.count;
        found->second.deeper = found->second.deeper || deeper;
    }
    // The busiest segments first when there are too many to list.
    std::vector<std::pair<std::string, SegmentCount>> ordered(segments.begin(), segments.end());
    if (static_cast<int>(ordered.size()) > kMaxChildren) {
        std::nth_element(ordered.begin(), ordered.begin() + kMaxChildren, ordered.end(),
                         [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
        ordered.resize(kMaxChildren);
        std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    std::unordered_map<std::string, QStandardItem*> existing;
    for (int row = 0; row < parent->rowCount(); ++row) {
        QStandardItem* child = parent->child(row, 0);
        existing[child->data(PathPrefixRole).toString().toStdString()] = child;
    }
    bool added = false;
    for (const auto& [segment, counted] : ordered) {
        const std::string childPrefix = prefix + segment;
        QStandardItem*& child = existing[childPrefix];
        if (child == nullptr) {
            child = new QStandardItem(QString::fromStdString(segment));
            child->setEditable(false);
            child->setData(parent->data(HostRole), HostRole);
            child->setData(QString::fromStdString(childPrefix), PathPrefixRole);
            child->setData(false, PopulatedRole);
            if (counted.deeper) {
                child->appendRow(new QStandardItem());
            }
            auto* countItem = new QStandardItem();
            countItem->setEditable(false);
            countItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            parent->appendRow({child, countItem});
            added = true;
        }
        setCount(child, counted.count);
        if (child->data(PopulatedRole).toBool()) {
            recountChildren(child, flowView);
        }
    }
    if (added) {
        parent->sortChildren(0, Qt::AscendingOrder);
    }
}

view::FilterExpression HostTreeModel::scopeFor(const QModelIndex& index) {
    view::FilterExpression scope;
    if (!index.isValid()) {
        return scope;
    }
    const QModelIndex node = index.siblingAtColumn(0);
    const std::string host = lowered(node.data(HostRole).toString().toStdString());
    // A glob without wildcards matches the whole host: exactly this host, any case.
    scope.terms.push_back(view::FilterTerm{view::TextMatch{view::TextField::Host, host, true}});
    const std::string prefix = node.data(PathPrefixRole).toString().toStdString();
    if (!prefix.empty()) {
        scope.terms.push_back(view::FilterTerm{view::TextMatch{view::TextField::Path, lowered(prefix) + "*", true}});
    }
    return scope;
}

} // namespace flowscope::ui
