#include "viewers/text_body_view.hpp"

#include <QCheckBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextLayout>
#include <gtest/gtest.h>
#include <iostream>

namespace flowscope::ui {
namespace {

TEST(TextBodyView, PrettyPrintsValidJsonKeepingOrderAndNumbers) {
    TextBodyView view;
    view.setBody(R"({"b":1,"a":[12345678901234567890,2.50]})", SyntaxLanguage::Json);
    EXPECT_TRUE(view.isPrettyPrinted());
    EXPECT_EQ(view.text(), QStringLiteral("{\n  \"b\": 1,\n  \"a\": [\n    12345678901234567890,\n    2.50\n  ]\n}"));
    EXPECT_TRUE(view.isHighlighted());
    EXPECT_EQ(view.highlighter()->language(), SyntaxLanguage::Json);
    EXPECT_TRUE(view.noticeText().isEmpty());
}

TEST(TextBodyView, InvalidJsonAndAsIsAreShownUnchanged) {
    TextBodyView view;
    view.setBody("{\"a\": 1,", SyntaxLanguage::Json);
    EXPECT_FALSE(view.isPrettyPrinted());
    EXPECT_EQ(view.text(), QStringLiteral("{\"a\": 1,"));
    view.setBody("{\"a\":1}", SyntaxLanguage::Json, TextBodyView::Formatting::AsIs);
    EXPECT_FALSE(view.isPrettyPrinted());
    EXPECT_EQ(view.text(), QStringLiteral("{\"a\":1}"));
}

TEST(TextBodyView, ReadOnlyMonospaceWithWrapToggle) {
    TextBodyView view;
    EXPECT_TRUE(view.editor()->isReadOnly());
    EXPECT_EQ(view.editor()->font().family(), QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    EXPECT_TRUE(view.lineWrap());
    view.setLineWrap(false);
    EXPECT_EQ(view.editor()->lineWrapMode(), QPlainTextEdit::NoWrap);
    auto* box = view.findChild<QCheckBox*>();
    ASSERT_NE(box, nullptr);
    EXPECT_FALSE(box->isChecked());
    box->setChecked(true);
    EXPECT_TRUE(view.lineWrap());
}

TEST(TextBodyView, CapsHugeBodiesAndSaysSo) {
    TextBodyView view;
    view.setDisplayLimit(1000);
    QByteArray body;
    for (int i = 0; body.size() < 5000; ++i)
        body += "line " + QByteArray::number(i) + "\n";
    view.setBody(body, SyntaxLanguage::None);
    EXPECT_TRUE(view.isCapped());
    EXPECT_LE(view.text().size(), 1000);
    EXPECT_TRUE(view.text().endsWith(u'\n')); // cut at a line end
    EXPECT_TRUE(view.noticeText().startsWith(QStringLiteral("Showing the first"))) << view.noticeText().toStdString();

    // Never splits a UTF-8 sequence.
    view.setDisplayLimit(1001);
    QByteArray accents;
    for (int i = 0; i < 2000; ++i)
        accents += "\xC3\xA9";
    view.setBody(accents, SyntaxLanguage::None);
    EXPECT_TRUE(view.isCapped());
    EXPECT_FALSE(view.text().contains(QChar(QChar::ReplacementCharacter)));
    EXPECT_EQ(view.text().size(), 500);
}

TEST(TextBodyView, HighlightingOffPastItsLimit) {
    TextBodyView view;
    view.setHighlightLimit(100);
    view.setBody(QByteArray(200, 'x'), SyntaxLanguage::JavaScript);
    EXPECT_FALSE(view.isHighlighted());
    EXPECT_EQ(view.highlighter()->language(), SyntaxLanguage::None);
    EXPECT_TRUE(view.noticeText().contains(QStringLiteral("highlighting is off")));
}

TEST(TextBodyView, OverlongLinesAreBrokenForDisplay) {
    TextBodyView view;
    view.setBody(QByteArray(25000, 'a') + "\nshort", SyntaxLanguage::None);
    EXPECT_TRUE(view.hasBrokenLines());
    EXPECT_EQ(view.editor()->document()->blockCount(), 4);
    EXPECT_EQ(view.editor()->document()->firstBlock().text().size(), TextBodyView::kMaxLineChars);
    EXPECT_EQ(view.editor()->document()->lastBlock().text(), QStringLiteral("short"));
    view.clear();
    EXPECT_TRUE(view.text().isEmpty());
    EXPECT_FALSE(view.hasBrokenLines());
}

TEST(TextBodyView, TwoMegabytesOpenQuickly) {
    QByteArray json = "[";
    for (int i = 0; json.size() < 2 * 1024 * 1024; ++i)
        json += (i ? "," : "") + QByteArray("{\"id\":") + QByteArray::number(i) + ",\"name\":\"row\",\"ok\":true}";
    json += "]";
    TextBodyView view;
    view.resize(800, 600);
    view.show();
    QElapsedTimer timer;
    timer.start();
    view.setBody(json, SyntaxLanguage::Json);
    view.editor()->viewport()->repaint();
    const qint64 ms = timer.elapsed();
    std::cout << "[timing] 2 MB JSON into the text view (pretty-printed, capped at "
              << TextBodyView::kDefaultDisplayLimit / 1024 / 1024 << " MB, painted): " << ms << " ms\n";
    EXPECT_TRUE(view.isPrettyPrinted());
    EXPECT_TRUE(view.isCapped());
    // The figure is printed, not asserted: speed belongs in benchmarks (noisy machines).

    EXPECT_EQ(view.editor()->document()->blockCount(), TextBodyView::kDefaultLineLimit + 1);
    EXPECT_TRUE(view.noticeText().contains(QStringLiteral("lines"))) << view.noticeText().toStdString();

    // QSyntaxHighlighter's first pass is deferred to the event loop; let it run, then time
    // one that highlights synchronously.
    QCoreApplication::processEvents();
    QByteArray script;
    for (int i = 0; script.size() < TextBodyView::kDefaultHighlightLimit - 100; ++i)
        script += "function f" + QByteArray::number(i) + "(a) { return a + \"text\" + 42; } // note\n";
    timer.restart();
    view.setBody(script, SyntaxLanguage::JavaScript);
    view.editor()->viewport()->repaint();
    const qint64 highlightMs = timer.elapsed();
    EXPECT_TRUE(view.isHighlighted());
    const QTextBlock block = view.editor()->document()->findBlockByNumber(10);
    EXPECT_FALSE(block.layout()->formats().isEmpty()); // highlighted already, not on a later turn
    std::cout << "[timing] " << script.size() / 1024 << " KB of JavaScript highlighted and painted: " << highlightMs
              << " ms\n";
}

} // namespace
} // namespace flowscope::ui
