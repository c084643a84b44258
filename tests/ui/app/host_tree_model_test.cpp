// The sidebar's counts against the flows themselves, and that a node's scope filter shows
// exactly the flows the node counts.
#include "app_test_support.hpp"
#include "flowlist/flow_list_model.hpp"
#include "flowlist/host_tree_model.hpp"
#include "view_test_support.hpp"

#include "view/filter_match.hpp"
#include "view/flow_view.hpp"

#include <gtest/gtest.h>

#include <map>

namespace flowscope::ui::test {
namespace {

using flowscope::view::test::ViewTest;

store::Flow flowAt(std::int64_t id, std::string host, std::string path) {
    store::Flow flow;
    flow.id = id;
    flow.startedAtUs = 1'700'000'000'000'000 + id;
    flow.endedAtUs = flow.startedAtUs + 10;
    flow.scheme = "https";
    flow.method = "GET";
    flow.host = std::move(host);
    flow.port = 443;
    flow.path = std::move(path);
    flow.url = "https://" + flow.host + flow.path;
    flow.status = 200;
    return flow;
}

class HostTreeTest : public ViewTest {
protected:
    void write(const std::vector<std::pair<std::string, std::string>>& flows) {
        store::FlowWriter writer(storePath());
        for (const auto& [host, path] : flows) {
            writer.publish(flowAt(writer.allocateId(), host, path));
        }
    }
    QModelIndex hostIndex(const HostTreeModel& model, const QString& host) const {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, 0).data(HostTreeModel::HostRole).toString() == host) {
                return model.index(row, 0);
            }
        }
        return {};
    }
    static QModelIndex childNamed(const HostTreeModel& model, const QModelIndex& parent, const QString& name) {
        for (int row = 0; row < model.rowCount(parent); ++row) {
            if (model.index(row, 0, parent).data().toString() == name) {
                return model.index(row, 0, parent);
            }
        }
        return {};
    }
    static int countOf(const QModelIndex& index) { return index.siblingAtColumn(1).data().toString().toInt(); }
};

TEST_F(HostTreeTest, CountsHostsAndPathSegments) {
    write({{"api.test", "/v1/users/1"},
           {"api.test", "/v1/users/2?x=1"},
           {"api.test", "/v1/orders"},
           {"api.test", "/v10/x"},
           {"API.test", "/health"},
           {"cdn.test", "/a.js"},
           {"cdn.test", "/"}});
    view::FlowView flows(storePath());
    ASSERT_TRUE(flows.reload());
    HostTreeModel model;
    model.update(flows, 1);
    ASSERT_EQ(model.rowCount(), 2); // api.test and API.test are one host
    const QModelIndex api = hostIndex(model, QStringLiteral("api.test"));
    ASSERT_TRUE(api.isValid());
    EXPECT_EQ(countOf(api), 5);
    EXPECT_EQ(countOf(hostIndex(model, QStringLiteral("cdn.test"))), 2);

    model.populate(api);
    const QModelIndex v1 = childNamed(model, api, QStringLiteral("/v1"));
    ASSERT_TRUE(v1.isValid());
    EXPECT_EQ(countOf(v1), 3); // not /v10
    EXPECT_EQ(countOf(childNamed(model, api, QStringLiteral("/v10"))), 1);
    EXPECT_EQ(countOf(childNamed(model, api, QStringLiteral("/health"))), 1);
    model.populate(v1);
    EXPECT_EQ(countOf(childNamed(model, v1, QStringLiteral("/users"))), 2);
    EXPECT_EQ(countOf(childNamed(model, v1, QStringLiteral("/orders"))), 1);

    // The host scope shows exactly the host's flows (both spellings).
    const view::FilterExpression scope = HostTreeModel::scopeFor(api);
    int matched = 0;
    for (std::size_t row = 0; row < flows.rowCount(); ++row) {
        matched += view::matches(scope, flows.row(row)) ? 1 : 0;
    }
    EXPECT_EQ(matched, 5);
    const view::FilterExpression usersScope = HostTreeModel::scopeFor(childNamed(model, v1, QStringLiteral("/users")));
    matched = 0;
    for (std::size_t row = 0; row < flows.rowCount(); ++row) {
        matched += view::matches(usersScope, flows.row(row)) ? 1 : 0;
    }
    EXPECT_EQ(matched, 2);
}

TEST_F(HostTreeTest, UpdatesIncrementallyAndResetsOnANewTable) {
    write({{"a.test", "/x"}, {"b.test", "/y"}});
    FlowListModel list;
    list.openStore(storePath());
    ASSERT_TRUE(waitFor([&] { return !list.busy() && list.totalFlows() == 2; }));
    HostTreeModel model;
    model.update(list.flowView(), list.tableGeneration());
    EXPECT_EQ(model.rowCount(), 2);
    const QModelIndex a = hostIndex(model, QStringLiteral("a.test"));
    model.populate(a);
    write({{"a.test", "/z"}, {"c.test", "/"}});
    list.refresh(4);
    model.update(list.flowView(), list.tableGeneration());
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_EQ(countOf(hostIndex(model, QStringLiteral("a.test"))), 2);
    EXPECT_EQ(countOf(childNamed(model, hostIndex(model, QStringLiteral("a.test")), QStringLiteral("/z"))), 1);
    list.clearUpTo(list.highestLoadedId());
    model.update(list.flowView(), list.tableGeneration());
    EXPECT_EQ(model.rowCount(), 0);
}

} // namespace
} // namespace flowscope::ui::test
