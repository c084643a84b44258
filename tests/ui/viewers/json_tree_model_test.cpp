#include "test_support.hpp"
#include "viewers/json_tree_model.hpp"

#include <QElapsedTimer>
#include <gtest/gtest.h>
#include <iostream>

namespace flowscope::ui {
namespace {

using test::ModelChecker;

class JsonTreeModelTest : public ::testing::Test {
protected:
    void TearDown() override {
        m_checker.reset();
        EXPECT_TRUE(ModelChecker::problems().isEmpty())
            << ModelChecker::problems().join(QLatin1Char('\n')).toStdString();
    }

    QString cell(const QModelIndex& parent, int row, int column) const {
        return model.index(row, column, parent).data().toString();
    }

    JsonTreeModel model;
    std::unique_ptr<ModelChecker> m_checker = std::make_unique<ModelChecker>(&model);
};

TEST_F(JsonTreeModelTest, NestedObjectsAndArrays) {
    ASSERT_TRUE(model.setJson(R"({"items": [{"name": "a", "n": 1}, {"name": "b"}], "ok": true})"));
    EXPECT_TRUE(model.errorString().isEmpty());
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.columnCount(), 3);
    const QModelIndex root = model.index(0, 0);
    EXPECT_EQ(cell({}, 0, JsonTreeModel::KeyColumn), QStringLiteral("$"));
    EXPECT_EQ(cell({}, 0, JsonTreeModel::ValueColumn), QStringLiteral("{2 keys}"));
    EXPECT_EQ(cell({}, 0, JsonTreeModel::TypeColumn), QStringLiteral("object"));
    ASSERT_EQ(model.rowCount(root), 2);
    EXPECT_EQ(cell(root, 0, 0), QStringLiteral("items"));
    EXPECT_EQ(cell(root, 0, 1), QStringLiteral("[2 items]"));
    EXPECT_EQ(cell(root, 1, 0), QStringLiteral("ok"));
    EXPECT_EQ(cell(root, 1, 1), QStringLiteral("true"));
    EXPECT_EQ(cell(root, 1, 2), QStringLiteral("boolean"));

    const QModelIndex items = model.index(0, 0, root);
    ASSERT_EQ(model.rowCount(items), 2);
    EXPECT_EQ(cell(items, 1, 0), QStringLiteral("1")); // array elements are keyed by position
    const QModelIndex first = model.index(0, 0, items);
    EXPECT_EQ(model.rowCount(first), 2);
    const QModelIndex name = model.index(0, 0, first);
    EXPECT_EQ(model.parent(name), first);
    EXPECT_EQ(model.parent(first), items);
    EXPECT_EQ(model.parent(root), QModelIndex());
    EXPECT_EQ(model.pathOf(name), QStringLiteral("$.items[0].name"));
    EXPECT_EQ(model.valueText(name), QStringLiteral("\"a\""));
    EXPECT_EQ(model.plainValueText(name), QStringLiteral("a"));
    EXPECT_EQ(model.keyText(name), QStringLiteral("name"));
    EXPECT_EQ(model.valueText(items), QStringLiteral(R"([{"name":"a","n":1},{"name":"b"}])"));
    EXPECT_EQ(model.pathOf(root), QStringLiteral("$"));
    EXPECT_EQ(name.data(JsonTreeModel::PathRole).toString(), QStringLiteral("$.items[0].name"));
    EXPECT_EQ(name.data(JsonTreeModel::TypeRole).toInt(), static_cast<int>(JsonDocument::Type::String));
    EXPECT_TRUE(model.flags(name).testFlag(Qt::ItemNeverHasChildren));
    EXPECT_FALSE(model.flags(items).testFlag(Qt::ItemNeverHasChildren));
    EXPECT_EQ(model.indexForNode(model.nodeOf(name)), name);
    EXPECT_EQ(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Value"));
}

TEST_F(JsonTreeModelTest, EmptyObjectAndArray) {
    ASSERT_TRUE(model.setJson("{\"o\": {}, \"a\": []}"));
    const QModelIndex root = model.index(0, 0);
    EXPECT_EQ(cell(root, 0, 1), QStringLiteral("{}"));
    EXPECT_EQ(cell(root, 1, 1), QStringLiteral("[]"));
    EXPECT_FALSE(model.hasChildren(model.index(0, 0, root)));
    EXPECT_EQ(model.rowCount(model.index(1, 0, root)), 0);

    ASSERT_TRUE(model.setJson("[]"));
    EXPECT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.rowCount(model.index(0, 0)), 0);
    EXPECT_EQ(model.valueText(model.index(0, 0)), QStringLiteral("[]"));
}

TEST_F(JsonTreeModelTest, ScalarsAtTopLevel) {
    ASSERT_TRUE(model.setJson("42"));
    EXPECT_EQ(model.rowCount(), 1);
    EXPECT_FALSE(model.hasChildren(model.index(0, 0)));
    EXPECT_EQ(cell({}, 0, 1), QStringLiteral("42"));
    EXPECT_EQ(cell({}, 0, 2), QStringLiteral("number"));

    ASSERT_TRUE(model.setJson("\"multi\\nline\""));
    EXPECT_EQ(cell({}, 0, 1), QStringLiteral("multi\\nline")); // one line per row: controls shown escaped
    EXPECT_EQ(model.plainValueText(model.index(0, 1)), QStringLiteral("multi\nline"));

    ASSERT_TRUE(model.setJson("null"));
    EXPECT_EQ(cell({}, 0, 2), QStringLiteral("null"));
}

TEST_F(JsonTreeModelTest, UnicodeKeys) {
    ASSERT_TRUE(model.setJson(R"({"ключ": "значение", "\u00fcber": 1, "日本": {"語": true}})"));
    const QModelIndex root = model.index(0, 0);
    EXPECT_EQ(cell(root, 0, 0), QString::fromUtf8("ключ"));
    EXPECT_EQ(cell(root, 0, 1), QString::fromUtf8("значение"));
    EXPECT_EQ(cell(root, 1, 0), QString::fromUtf8("über"));
    const QModelIndex nested = model.index(0, 0, model.index(2, 0, root));
    EXPECT_EQ(model.pathOf(nested), QString::fromUtf8("$.日本.語"));
}

TEST_F(JsonTreeModelTest, NumbersAsWritten) {
    ASSERT_TRUE(model.setJson("[18446744073709551616, -9223372036854775809, 0.1, 6.02214076e23, 1e-7]"));
    const QModelIndex root = model.index(0, 0);
    EXPECT_EQ(cell(root, 0, 1), QStringLiteral("18446744073709551616"));
    EXPECT_EQ(cell(root, 1, 1), QStringLiteral("-9223372036854775809"));
    EXPECT_EQ(cell(root, 2, 1), QStringLiteral("0.1"));
    EXPECT_EQ(cell(root, 3, 1), QStringLiteral("6.02214076e23"));
    EXPECT_EQ(model.valueText(model.index(4, 0, root)), QStringLiteral("1e-7"));
}

TEST_F(JsonTreeModelTest, LongStringsAreCutForDisplay) {
    const QByteArray long_ = "\"" + QByteArray(5000, 'x') + "\"";
    ASSERT_TRUE(model.setJson(long_));
    const QString shown = cell({}, 0, 1);
    EXPECT_LT(shown.size(), 400);
    EXPECT_TRUE(shown.endsWith(QChar(0x2026)));
    EXPECT_EQ(model.plainValueText(model.index(0, 1)).size(), 5000);
    EXPECT_FALSE(model.index(0, 1).data(Qt::ToolTipRole).toString().isEmpty());
}

TEST_F(JsonTreeModelTest, MalformedJsonLeavesTheModelEmpty) {
    ASSERT_TRUE(model.setJson("{\"a\": 1}"));
    EXPECT_FALSE(model.setJson(QByteArray("{\"a\": [1, 2, \"unterminated")));
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_FALSE(model.index(0, 0).isValid());
    EXPECT_EQ(model.document(), nullptr);
    EXPECT_TRUE(model.errorString().startsWith(QStringLiteral("unterminated string at offset 13")))
        << model.errorString().toStdString();
    EXPECT_EQ(model.pathOf(QModelIndex()), QString());

    for (const char* bad : {"", "{", "}", "[1,]", "nul", "\"\\", "{\"a\"", "\xff\xfe"})
        EXPECT_FALSE(model.setJson(QByteArray(bad))) << bad;
    ASSERT_TRUE(model.setJson("[1]"));
    EXPECT_TRUE(model.errorString().isEmpty());
    model.clear();
    EXPECT_EQ(model.rowCount(), 0);
}

QByteArray generateDocument(qsizetype targetBytes, int* records) {
    QByteArray json = "{\"meta\": {\"generated\": true}, \"items\": [";
    int n = 0;
    while (json.size() < targetBytes) {
        if (n > 0)
            json += ',';
        json += "{\"id\": " + QByteArray::number(n) + ", \"name\": \"item " + QByteArray::number(n) +
                "\", \"price\": " + QByteArray::number(n * 0.25) + ", \"tags\": [\"a\", \"b\", \"c\"], " +
                "\"nested\": {\"flag\": " + (n % 2 ? "true" : "false") + ", \"note\": null}}";
        ++n;
    }
    json += "]}";
    *records = n;
    return json;
}

TEST_F(JsonTreeModelTest, FiveMegabyteDocumentLoadsQuickly) {
    int records = 0;
    const QByteArray json = generateDocument(5 * 1024 * 1024, &records);
    // Time the load without the tester, which walks every row after a reset.
    m_checker.reset();
    QElapsedTimer timer;
    timer.start();
    ASSERT_TRUE(model.setJson(json));
    const qint64 loadMs = timer.elapsed();
    std::cout << "[timing] 5 MB JSON (" << records << " records, " << model.document()->nodeCount()
              << " values) parsed and loaded in " << loadMs << " ms\n";
    EXPECT_LT(loadMs, 1000);

    const QModelIndex root = model.index(0, 0);
    ASSERT_EQ(model.rowCount(root), 2);
    const QModelIndex items = model.index(1, 0, root);
    EXPECT_EQ(model.rowCount(items), records);
    const QModelIndex last = model.index(records - 1, 0, items);
    EXPECT_EQ(model.pathOf(last), QStringLiteral("$.items[%1]").arg(records - 1));
    EXPECT_EQ(model.index(1, 1, last).data().toString(),
              QStringLiteral("\"item %1\"").arg(records - 1).mid(1).chopped(1));

    // And the model stays consistent under the tester at this size.
    m_checker = std::make_unique<ModelChecker>(&model);
    timer.restart();
    ASSERT_TRUE(model.setJson(json));
    std::cout << "[timing] same load with QAbstractItemModelTester walking the tree: " << timer.elapsed() << " ms\n";
}

} // namespace
} // namespace flowscope::ui
