#include "test_support.hpp"
#include "viewers/json_tree_view.hpp"

#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>
#include <gtest/gtest.h>
#include <iostream>

namespace flowscope::ui {
namespace {

using test::ModelChecker;

const QByteArray kUsers = R"({
  "users": [
    {"name": "Alice", "tags": ["admin", "ops"], "address": {"city": "Zürich"}},
    {"name": "bob", "email": "ALICE@example.com", "note": "line\nbreak", "age": 42}
  ],
  "count": 2
})";

class JsonTreeViewTest : public ::testing::Test {
protected:
    void SetUp() override {
        view.resize(600, 400);
        ASSERT_TRUE(view.setJson(kUsers));
    }
    void TearDown() override {
        checker.reset();
        EXPECT_TRUE(ModelChecker::problems().isEmpty())
            << ModelChecker::problems().join(QLatin1Char('\n')).toStdString();
    }

    QString currentPath() const { return view.model()->pathOf(view.currentMatch()); }

    JsonTreeView view;
    std::unique_ptr<ModelChecker> checker = std::make_unique<ModelChecker>(view.model());
};

TEST_F(JsonTreeViewTest, SearchFindsNestedValuesInDocumentOrder) {
    QSignalSpy spy(&view, &JsonTreeView::matchesChanged);
    view.setSearchText(QStringLiteral("alice"));
    ASSERT_EQ(view.matchCount(), 2);
    EXPECT_EQ(spy.count(), 1);
    EXPECT_EQ(view.currentMatchNumber(), 0);
    EXPECT_EQ(currentPath(), QStringLiteral("$.users[0].name"));
    // The match is made visible: its ancestors are expanded and it is current.
    const QModelIndex match = view.currentMatch();
    for (QModelIndex a = match.parent(); a.isValid(); a = a.parent())
        EXPECT_TRUE(view.treeView()->isExpanded(a));
    EXPECT_EQ(view.treeView()->currentIndex(), match);
    EXPECT_TRUE(view.isMatch(match));
    EXPECT_FALSE(view.isMatch(match.siblingAtColumn(JsonTreeModel::KeyColumn)));

    view.nextMatch();
    EXPECT_EQ(currentPath(), QStringLiteral("$.users[1].email"));
    view.nextMatch(); // wraps around
    EXPECT_EQ(currentPath(), QStringLiteral("$.users[0].name"));
    view.previousMatch();
    EXPECT_EQ(currentPath(), QStringLiteral("$.users[1].email"));
}

TEST_F(JsonTreeViewTest, SearchMatchesKeysDeepValuesNumbersAndEscapes) {
    view.setSearchText(QStringLiteral("CITY"));
    ASSERT_EQ(view.matchCount(), 1);
    EXPECT_EQ(currentPath(), QStringLiteral("$.users[0].address.city"));
    EXPECT_TRUE(view.isMatch(view.currentMatch())); // the key cell
    EXPECT_EQ(view.currentMatch().column(), JsonTreeModel::KeyColumn);

    view.setSearchText(QString::fromUtf8("zür")); // non-ASCII needle, decoded comparison
    ASSERT_EQ(view.matchCount(), 1);
    EXPECT_EQ(currentPath(), QStringLiteral("$.users[0].address.city"));

    view.setSearchText(QStringLiteral("42"));
    ASSERT_EQ(view.matchCount(), 1);
    EXPECT_EQ(currentPath(), QStringLiteral("$.users[1].age"));

    view.setSearchText(QStringLiteral("line\nbreak")); // matched against the decoded string
    EXPECT_EQ(view.matchCount(), 1);

    view.setSearchText(QStringLiteral("ops"));
    ASSERT_EQ(view.matchCount(), 1);
    EXPECT_EQ(currentPath(), QStringLiteral("$.users[0].tags[1]"));

    view.setSearchText(QStringLiteral("no such thing"));
    EXPECT_EQ(view.matchCount(), 0);
    EXPECT_FALSE(view.currentMatch().isValid());
    view.nextMatch(); // harmless with no matches
    view.setSearchText(QString());
    EXPECT_EQ(view.matchCount(), 0);
}

TEST_F(JsonTreeViewTest, TypingSearchesAfterAPauseAndEnterMovesOn) {
    view.show();
    QTest::keyClicks(view.searchField(), QStringLiteral("alice"));
    EXPECT_EQ(view.matchCount(), 0); // debounced
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.matchCount() == 2; }, 2000));
    QTest::keyClick(view.searchField(), Qt::Key_Return);
    EXPECT_EQ(view.currentMatchNumber(), 1);
    QTest::keyClick(view.searchField(), Qt::Key_Return, Qt::ShiftModifier);
    EXPECT_EQ(view.currentMatchNumber(), 0);
    QTest::keyClick(view.searchField(), Qt::Key_Escape);
    EXPECT_TRUE(view.searchField()->text().isEmpty());
    EXPECT_EQ(view.matchCount(), 0);
}

TEST_F(JsonTreeViewTest, ExpandAndCollapseAll) {
    QTreeView* tree = view.treeView();
    const QModelIndex root = view.model()->index(0, 0);
    const QModelIndex users = view.model()->index(0, 0, root);
    view.collapseAll();
    EXPECT_FALSE(tree->isExpanded(root));
    view.expandAll();
    EXPECT_TRUE(tree->isExpanded(root));
    EXPECT_TRUE(tree->isExpanded(view.model()->index(0, 0, users)));
    view.collapseAll();
    EXPECT_FALSE(tree->isExpanded(users));
    EXPECT_TRUE(tree->uniformRowHeights());
}

TEST_F(JsonTreeViewTest, CopyActionsPutTextOnTheClipboard) {
    const QModelIndex root = view.model()->index(0, 0);
    const QModelIndex user = view.model()->index(1, 0, view.model()->index(0, 0, root));
    const QModelIndex note = view.model()->index(2, 0, user);
    QClipboard* clipboard = QGuiApplication::clipboard();
    view.copyPath(note);
    EXPECT_EQ(clipboard->text(), QStringLiteral("$.users[1].note"));
    view.copyKey(note);
    EXPECT_EQ(clipboard->text(), QStringLiteral("note"));
    view.copyValue(note);
    EXPECT_EQ(clipboard->text(), QStringLiteral("line\nbreak"));
    view.copyJson(note);
    EXPECT_EQ(clipboard->text(), QStringLiteral("\"line\\nbreak\""));
    view.copyJson(user);
    EXPECT_EQ(clipboard->text(),
              QStringLiteral(R"({"name":"bob","email":"ALICE@example.com","note":"line\nbreak","age":42})"));
}

TEST_F(JsonTreeViewTest, MalformedJsonShowsTheError) {
    EXPECT_FALSE(view.setJson("{\"a\": tru}"));
    EXPECT_EQ(view.model()->rowCount(), 0);
    EXPECT_TRUE(view.model()->errorString().contains(QStringLiteral("illegal value at offset 6")));
    view.setSearchText(QStringLiteral("a")); // searching an empty model is fine
    EXPECT_EQ(view.matchCount(), 0);
}

TEST(JsonTreeViewLarge, FiveMegabytesSearchAndExpand) {
    QByteArray json = "{\"items\": [";
    int records = 0;
    while (json.size() < 5 * 1024 * 1024) {
        json += (records ? "," : "") + QByteArray("{\"id\": ") + QByteArray::number(records) + ", \"name\": \"Item " +
                QByteArray::number(records) + "\", \"tags\": [\"a\", \"b\"], " + "\"owner\": {\"email\": \"user" +
                QByteArray::number(records) + "@example.com\"}}";
        ++records;
    }
    json += "]}";
    JsonTreeView view;
    view.resize(800, 600);
    view.show();
    QElapsedTimer timer;
    timer.start();
    ASSERT_TRUE(view.setJson(json));
    view.treeView()->viewport()->repaint();
    const qint64 loadMs = timer.restart();
    view.setSearchText(QStringLiteral("user12345@"));
    const qint64 searchMs = timer.restart();
    ASSERT_EQ(view.matchCount(), 1);
    EXPECT_EQ(view.model()->pathOf(view.currentMatch()), QStringLiteral("$.items[12345].owner.email"));
    view.setSearchText(QStringLiteral("item"));
    const qint64 broadSearchMs = timer.restart();
    EXPECT_EQ(view.matchCount(), records + 1); // every name, plus the "items" key
    view.expandAll();
    view.treeView()->viewport()->repaint();
    const qint64 expandMs = timer.restart();
    view.collapseAll();
    const qint64 collapseMs = timer.restart();

    // Past the limit, containers open breadth-first in document order until the row budget
    // is used: here the first ~12k records, and none of the level below them.
    view.setExpandAllLimits(1000, 100000);
    view.expandAll();
    view.treeView()->viewport()->repaint();
    const qint64 budgetMs = timer.restart();
    const QModelIndex items = view.model()->index(0, 0, view.model()->index(0, 0));
    EXPECT_TRUE(view.treeView()->isExpanded(items));
    EXPECT_TRUE(view.treeView()->isExpanded(view.model()->index(0, 0, items))); // record 0
    EXPECT_FALSE(view.treeView()->isExpanded(view.model()->index(records - 1, 0, items)));
    const QModelIndex owner = view.model()->index(3, 0, view.model()->index(0, 0, items));
    EXPECT_FALSE(view.treeView()->isExpanded(owner)); // the next level is over budget
    std::cout << "[timing] expand all within a 100k-row budget: " << budgetMs << " ms\n";
    std::cout << "[timing] JsonTreeView, 5 MB (" << view.model()->document()->nodeCount() << " values): load+paint "
              << loadMs << " ms, search (1 hit) " << searchMs << " ms, search (" << view.matchCount() << " hits) "
              << broadSearchMs << " ms, expand all " << expandMs << " ms, collapse all " << collapseMs << " ms\n";
    EXPECT_LT(loadMs, 1000);
    EXPECT_LT(searchMs, 1000);
}

} // namespace
} // namespace flowscope::ui
