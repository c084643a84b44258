// FlowListModel over real stores written by FlowWriter: loading, sorting, filtering on the
// worker, live appends as row insertions, removal and clear; checked with Qt's model
// tester and against a FlowView computed independently.
#include "app_test_support.hpp"
#include "flowlist/flow_columns.hpp"
#include "flowlist/flow_list_model.hpp"
#include "view_test_support.hpp"

#include "store/sqlite.hpp"
#include "view/filter_match.hpp"
#include "view/filter_parser.hpp"
#include "view/flow_view.hpp"

#include "viewers/test_support.hpp"

#include <QSignalSpy>
#include <fstream>
#include <gtest/gtest.h>

namespace flowscope::ui::test {
namespace {

using flowscope::view::test::ViewTest;
using flowscope::view::test::writeFlows;

class FlowListModelTest : public ViewTest {
protected:
    void SetUp() override {
        ViewTest::SetUp();
        store::FlowWriter writer(storePath());
        writeFlows(writer, 3000, 5);
    }
    void TearDown() override {
        EXPECT_TRUE(ModelChecker::problems().isEmpty()) << ModelChecker::problems().join(QStringLiteral("\n")).toStdString();
        ViewTest::TearDown();
    }
    static bool loaded(const FlowListModel& model) { return !model.busy() && model.totalFlows() > 0; }
    std::vector<std::int64_t> modelIds(const FlowListModel& model) const {
        std::vector<std::int64_t> ids;
        for (int row = 0; row < model.rowCount(); ++row) {
            ids.push_back(model.index(row, 0).data(FlowListModel::FlowIdRole).toLongLong());
        }
        return ids;
    }
    std::vector<std::int64_t> expectedIds(const std::string& filter, view::SortSpec sort) const {
        view::FlowView reference(storePath(), {}, view::parseFilter(filter).expression, sort);
        EXPECT_TRUE(reference.reload());
        std::vector<std::int64_t> ids;
        for (std::size_t row = 0; row < reference.rowCount(); ++row) {
            ids.push_back(reference.idAt(row));
        }
        return ids;
    }
};

TEST_F(FlowListModelTest, LoadsTheStoreOnAWorker) {
    FlowListModel model;
    ModelChecker checker(&model);
    QSignalSpy busy(&model, &FlowListModel::busyChanged);
    model.openStore(storePath());
    ASSERT_TRUE(waitFor([&] { return loaded(model); }));
    EXPECT_EQ(model.rowCount(), 3000);
    EXPECT_EQ(model.totalFlows(), 3000u);
    EXPECT_GE(busy.count(), 2); // on, then off
    EXPECT_EQ(modelIds(model), expectedIds("", {}));
    EXPECT_EQ(model.columnCount(), kFlowColumnCount);
    EXPECT_EQ(model.headerData(static_cast<int>(FlowColumn::Status), Qt::Horizontal).toString(),
              QStringLiteral("Status"));
}

TEST_F(FlowListModelTest, CellsShowTheRow) {
    FlowListModel model;
    model.openStore(storePath());
    ASSERT_TRUE(waitFor([&] { return loaded(model); }));
    const view::FlowRow row = model.flowRow(10);
    EXPECT_EQ(model.index(10, static_cast<int>(FlowColumn::Host)).data().toString().toStdString(), row.host);
    EXPECT_EQ(model.index(10, static_cast<int>(FlowColumn::Method)).data().toString().toStdString(), row.method);
    EXPECT_EQ(model.index(10, static_cast<int>(FlowColumn::Id)).data().toString(), QString::number(row.id));
    EXPECT_EQ(model.index(10, static_cast<int>(FlowColumn::ResponseSize)).data(Qt::TextAlignmentRole).toInt(),
              static_cast<int>(Qt::AlignRight | Qt::AlignVCenter));
    // Errors and 5xx are marked with a foreground colour.
    bool sawMarked = false;
    for (int r = 0; r < model.rowCount() && !sawMarked; ++r) {
        const view::FlowRow flow = model.flowRow(r);
        if (flow.hasError() || flow.status >= 500) {
            EXPECT_TRUE(model.index(r, static_cast<int>(FlowColumn::Host)).data(Qt::ForegroundRole).isValid());
            sawMarked = true;
        }
    }
    EXPECT_TRUE(sawMarked);
}

TEST_F(FlowListModelTest, SortAndFilterMatchTheView) {
    FlowListModel model;
    ModelChecker checker(&model);
    model.openStore(storePath());
    ASSERT_TRUE(waitFor([&] { return loaded(model); }));

    model.sort(static_cast<int>(FlowColumn::Status), Qt::DescendingOrder);
    ASSERT_TRUE(waitFor([&] { return !model.busy(); }));
    const view::SortSpec byStatus{view::SortColumn::Status, view::SortOrder::Descending};
    EXPECT_EQ(modelIds(model), expectedIds("", byStatus));

    model.setFilter(view::parseFilter("status:4xx -method:get").expression);
    ASSERT_TRUE(waitFor([&] { return !model.busy(); }));
    EXPECT_GT(model.rowCount(), 0);
    EXPECT_LT(model.rowCount(), 3000);
    EXPECT_EQ(modelIds(model), expectedIds("status:4xx -method:get", byStatus));
    EXPECT_EQ(model.totalFlows(), 3000u); // all flows stay known to the list
}

TEST_F(FlowListModelTest, TheLatestRequestWins) {
    FlowListModel model;
    model.openStore(storePath());
    // Requests issued while the load runs: only the last filter counts.
    model.setFilter(view::parseFilter("status:5xx").expression);
    model.setFilter(view::parseFilter("host:example").expression);
    model.sort(static_cast<int>(FlowColumn::Host), Qt::AscendingOrder);
    ASSERT_TRUE(waitFor([&] { return !model.busy() && model.rowCount() > 0; }));
    EXPECT_EQ(modelIds(model), expectedIds("host:example", {view::SortColumn::Host}));
}

TEST_F(FlowListModelTest, RefreshInsertsNewFlowsAsRows) {
    FlowListModel model;
    ModelChecker checker(&model);
    model.openStore(storePath());
    ASSERT_TRUE(waitFor([&] { return loaded(model); }));
    model.sort(static_cast<int>(FlowColumn::Host), Qt::AscendingOrder); // insertions land mid-list
    ASSERT_TRUE(waitFor([&] { return !model.busy(); }));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    std::int64_t highest = 0;
    {
        store::FlowWriter writer(storePath());
        highest = writeFlows(writer, 40, 99).back();
    }
    model.refresh(highest);
    EXPECT_EQ(model.rowCount(), 3040);
    EXPECT_EQ(reset.count(), 0);
    int insertedRows = 0;
    for (const QList<QVariant>& call : inserted) {
        insertedRows += call.at(2).toInt() - call.at(1).toInt() + 1;
    }
    EXPECT_EQ(insertedRows, 40);
    EXPECT_EQ(modelIds(model), expectedIds("", {view::SortColumn::Host}));
    model.refresh(highest); // nothing new: nothing announced
    EXPECT_EQ(model.rowCount(), 3040);
}

TEST_F(FlowListModelTest, RemoveRowsKeepsTheRestAndReturnsIds) {
    FlowListModel model;
    ModelChecker checker(&model);
    model.openStore(storePath());
    ASSERT_TRUE(waitFor([&] { return loaded(model); }));
    std::vector<std::int64_t> before = modelIds(model);
    const std::vector<std::int64_t> removed = model.removeRowsAndReturnIds({5, 6, 7, 100, 2999, 5000});
    ASSERT_EQ(removed, (std::vector<std::int64_t>{before[5], before[6], before[7], before[100], before[2999]}));
    for (std::int64_t id : removed) {
        before.erase(std::find(before.begin(), before.end(), id));
    }
    EXPECT_EQ(modelIds(model), before);
    EXPECT_EQ(model.totalFlows(), 2995u);
    // A later filter change does not bring them back.
    model.setFilter(view::parseFilter("-status:999").expression);
    ASSERT_TRUE(waitFor([&] { return !model.busy(); }));
    EXPECT_EQ(modelIds(model), before);
}

TEST_F(FlowListModelTest, ClearShowsOnlyLaterFlows) {
    FlowListModel model;
    model.openStore(storePath());
    ASSERT_TRUE(waitFor([&] { return loaded(model); }));
    model.clearUpTo(model.highestLoadedId());
    EXPECT_EQ(model.rowCount(), 0);
    std::int64_t highest = 0;
    {
        store::FlowWriter writer(storePath());
        highest = writeFlows(writer, 7, 3).back();
    }
    model.refresh(highest);
    EXPECT_EQ(model.rowCount(), 7);
    EXPECT_EQ(model.totalFlows(), 7u);
}

TEST_F(FlowListModelTest, CorruptStoreIsReportedNotFatal) {
    const auto corrupt = storePath().parent_path() / "corrupt.sqlite";
    {
        std::ofstream out(corrupt, std::ios::binary);
        out << std::string(8192, 'x');
    }
    FlowListModel model;
    QSignalSpy failed(&model, &FlowListModel::loadFailed);
    model.openStore(corrupt);
    ASSERT_TRUE(waitFor([&] { return failed.count() > 0; }));
    EXPECT_TRUE(failed.front().front().toString().contains(QStringLiteral("corrupt.sqlite")))
        << failed.front().front().toString().toStdString();
    EXPECT_EQ(model.rowCount(), 0);
    model.openStore(storePath()); // and the model still works
    ASSERT_TRUE(waitFor([&] { return loaded(model); }));
    EXPECT_EQ(model.rowCount(), 3000);
}

TEST(FlowColumns, FormatsSizesAndDurations) {
    EXPECT_EQ(formatBytes(0), QStringLiteral("0 B"));
    EXPECT_EQ(formatBytes(1023), QStringLiteral("1023 B"));
    EXPECT_EQ(formatBytes(1536), QStringLiteral("1.5 KB"));
    EXPECT_EQ(formatBytes(10u * 1024 * 1024), QStringLiteral("10.0 MB"));
    EXPECT_EQ(formatBytes(300u * 1024), QStringLiteral("300 KB"));
    EXPECT_EQ(formatDuration(0), QString());
    EXPECT_EQ(formatDuration(850), QStringLiteral("850 µs"));
    EXPECT_EQ(formatDuration(12'300), QStringLiteral("12 ms"));
    EXPECT_EQ(formatDuration(1'250'000), QStringLiteral("1.25 s"));
    EXPECT_EQ(formatDuration(125'000'000), QStringLiteral("2 min 5 s"));
}

} // namespace
} // namespace flowscope::ui::test
