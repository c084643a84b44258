#include "detail/key_value_table.hpp"
#include "detail/text_table_model.hpp"
#include "test_support.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QTest>
#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

QList<QStringList> sampleRows() {
    return {{QStringLiteral("Host"), QStringLiteral("example.test")},
            {QStringLiteral("Accept"), QStringLiteral("*/*")},
            {QStringLiteral("X-Long"), QString(3000, QLatin1Char('v'))}};
}

TEST(TextTableModel, PassesTheModelTester) {
    TextTableModel model({QStringLiteral("Name"), QStringLiteral("Value")});
    test::ModelChecker checker(&model);
    model.setRows(sampleRows());
    model.setRows({{QStringLiteral("short")}}); // padded to two columns
    EXPECT_EQ(model.rows()[0].size(), 2);
    model.clear();
    EXPECT_TRUE(test::ModelChecker::problems().isEmpty()) << test::ModelChecker::problems().join(u'\n').toStdString();
}

TEST(TextTableModel, TooltipsCapLongValues) {
    TextTableModel model({QStringLiteral("Name"), QStringLiteral("Value")});
    model.setRows(sampleRows());
    const QString tip = model.data(model.index(2, 1), Qt::ToolTipRole).toString();
    EXPECT_EQ(tip.size(), TextTableModel::kToolTipLimit + 1);
    EXPECT_EQ(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Value"));
}

class KeyValueTableTest : public ::testing::Test {
protected:
    KeyValueTableTest() {
        table.setRows(sampleRows());
        table.resize(400, 300);
        table.show();
        QApplication::clipboard()->clear();
    }
    void selectRows(std::initializer_list<int> rows) {
        table.clearSelection();
        for (const int row : rows)
            table.selectionModel()->select(table.model()->index(row, 0),
                                           QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    KeyValueTable table{{QStringLiteral("Name"), QStringLiteral("Value")}};
};

TEST_F(KeyValueTableTest, CopiesSelectedRowsAsNameValueLines) {
    selectRows({1, 0}); // copied in display order, whatever the selection order
    EXPECT_EQ(table.selectedRowsText(), QStringLiteral("Host: example.test\nAccept: */*"));
    EXPECT_EQ(table.selectedValuesText(), QStringLiteral("example.test\n*/*"));
    EXPECT_TRUE(table.allRowsText().startsWith(QStringLiteral("Host: example.test\nAccept: */*\nX-Long: vvv")));
}

TEST_F(KeyValueTableTest, CtrlCPutsTheRowsOnTheClipboard) {
    selectRows({1});
    table.setFocus();
    QTest::keyClick(&table, Qt::Key_C, Qt::ControlModifier);
    EXPECT_EQ(QApplication::clipboard()->text(), QStringLiteral("Accept: */*"));
}

TEST_F(KeyValueTableTest, ContextActionsCopyValueAndAll) {
    selectRows({0});
    table.copyValueAction()->trigger();
    EXPECT_EQ(QApplication::clipboard()->text(), QStringLiteral("example.test"));
    table.copyAllAction()->trigger();
    EXPECT_EQ(QApplication::clipboard()->text(), table.allRowsText());
}

TEST_F(KeyValueTableTest, ActionsFollowTheSelection) {
    table.clearSelection();
    EXPECT_FALSE(table.copyAction()->isEnabled());
    EXPECT_TRUE(table.copyAllAction()->isEnabled());
    selectRows({2});
    EXPECT_TRUE(table.copyAction()->isEnabled());
    table.setRows({});
    EXPECT_FALSE(table.copyAllAction()->isEnabled());
}

TEST(KeyValueTableWide, CopiesMoreColumnsTabSeparated) {
    KeyValueTable table({QStringLiteral("Name"), QStringLiteral("Value"), QStringLiteral("Path")});
    table.setRows({{QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("/")}});
    EXPECT_EQ(table.allRowsText(), QStringLiteral("a\t1\t/"));
}

} // namespace
} // namespace flowscope::ui
