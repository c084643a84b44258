#include "viewers/hex_view.hpp"

#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>
#include <iostream>

namespace flowscope::ui {
namespace {

QString s(const char* text) {
    return QString::fromUtf8(text);
}

// Expected strings are `hexdump -C` output for the same bytes.
TEST(HexView, FormatsAFullLine) {
    EXPECT_EQ(HexView::formatLine("0123456789abcdef", 0),
              s("00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|"));
}

TEST(HexView, FormatsPartialLastLines) {
    EXPECT_EQ(HexView::formatLine("XYZ", 0x10), s("00000010  58 59 5a                                          |XYZ|"));
    EXPECT_EQ(HexView::formatLine("hello\n", 0),
              s("00000000  68 65 6c 6c 6f 0a                                 |hello.|"));
    EXPECT_EQ(HexView::formatLine("01234567", 0),
              s("00000000  30 31 32 33 34 35 36 37                           |01234567|"));
    EXPECT_EQ(HexView::formatLine("012345678", 0),
              s("00000000  30 31 32 33 34 35 36 37  38                       |012345678|"));
    // Every line has the same width up to the ASCII column, so columns line up.
    EXPECT_EQ(HexView::formatLine("X", 0).indexOf(u'|'), HexView::formatLine("0123456789abcdef", 0).indexOf(u'|'));
}

TEST(HexView, NonPrintableBytesAndWideOffsets) {
    const QByteArray bytes("\x00\x1f\x7f\x80\xff ~", 7);
    EXPECT_EQ(HexView::formatLine(bytes, 0xabcdef0),
              s("0abcdef0  00 1f 7f 80 ff 20 7e                              |..... ~|"));
    EXPECT_EQ(HexView::formatLine("A", 0x100000000LL, 12).left(12), s("000100000000"));
    EXPECT_EQ(HexView::toHex(bytes), s("00 1f 7f 80 ff 20 7e"));
    EXPECT_EQ(HexView::toHex(QByteArrayView()), QString());
}

TEST(HexView, LinesAndSelection) {
    HexView view;
    QByteArray data;
    for (int i = 0; i < 40; ++i)
        data += static_cast<char>(i);
    view.setData(data);
    EXPECT_EQ(view.lineCount(), 3);
    QSignalSpy spy(&view, &HexView::selectionChanged);
    view.setSelection(2, 5);
    EXPECT_EQ(spy.count(), 1);
    EXPECT_EQ(view.selectionStart(), 2);
    EXPECT_EQ(view.selectionLength(), 5);
    EXPECT_EQ(view.selectedBytes(), data.mid(2, 5));
    view.copySelectionAsHex();
    EXPECT_EQ(QGuiApplication::clipboard()->text(), s("02 03 04 05 06"));
    view.setSelection(38, 100); // clamped to the data
    EXPECT_EQ(view.selectionLength(), 2);
    view.clearSelection();
    EXPECT_EQ(view.selectionLength(), 0);
    EXPECT_TRUE(view.selectedBytes().isEmpty());
    view.setData(QByteArray());
    EXPECT_EQ(view.lineCount(), 0);
}

TEST(HexView, MouseSelectsBytesInHexAndAsciiColumns) {
    HexView view;
    view.resize(800, 300);
    view.setData(QByteArray("The quick brown fox jumps over the lazy dog"));
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    QWidget* viewport = view.viewport();
    // Find on-screen positions of bytes by probing, rather than re-deriving the layout.
    const auto positionOf = [&](qint64 byte, bool ascii) {
        // A byte shows up twice (hex and ASCII); take the start of the first or last run.
        const int y = 2;
        QPoint found(-1, -1);
        bool previousHit = false;
        for (int x = 0; x < viewport->width(); ++x) {
            const bool hit = view.byteAt(QPoint(x, y)) == byte;
            if (hit && !previousHit) {
                found = QPoint(x + 2, y);
                if (!ascii)
                    break;
            }
            previousHit = hit;
        }
        return found;
    };
    const QPoint third = positionOf(3, false);
    const QPoint tenth = positionOf(10, false);
    ASSERT_GE(third.x(), 0);
    ASSERT_GT(tenth.x(), third.x());
    EXPECT_EQ(view.byteAt(QPoint(1, 2)), -1); // the offset column
    EXPECT_EQ(view.byteAt(QPoint(third.x(), 1000)), -1);

    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, third);
    QTest::mouseMove(viewport, tenth);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, tenth);
    EXPECT_EQ(view.selectionStart(), 3);
    EXPECT_EQ(view.selectionLength(), 8);

    const QPoint asciiFifth = positionOf(5, true); // the last hit is the ASCII column
    ASSERT_GT(asciiFifth.x(), tenth.x());
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ShiftModifier, asciiFifth);
    EXPECT_EQ(view.selectionStart(), 3);
    EXPECT_EQ(view.selectionLength(), 3);

    QTest::keyClick(&view, Qt::Key_A, Qt::ControlModifier);
    EXPECT_EQ(view.selectionLength(), 43);
    QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
    EXPECT_TRUE(QGuiApplication::clipboard()->text().startsWith(s("54 68 65 20")));
}

TEST(HexView, SixteenMegabytesOpenAndScrollWithoutDelay) {
    QByteArray data(16 * 1024 * 1024, '\0');
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>(i * 31);
    HexView view;
    view.resize(900, 700);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    QElapsedTimer timer;
    timer.start();
    view.setData(data);
    view.viewport()->repaint();
    const qint64 openMs = timer.elapsed();
    timer.restart();
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
    view.viewport()->repaint();
    view.scrollToOffset(8 * 1024 * 1024);
    view.selectAll();
    view.viewport()->repaint();
    const qint64 scrollMs = timer.elapsed();
    std::cout << "[timing] 16 MB hex view: open + first paint " << openMs << " ms, scroll to end/middle + select all + "
              << "repaints " << scrollMs << " ms\n";
    EXPECT_EQ(view.lineCount(), 1024 * 1024);
    EXPECT_EQ(view.firstVisibleLine() * HexView::kBytesPerLine <= 8 * 1024 * 1024, true);
    EXPECT_LT(openMs, 200);
    EXPECT_LT(scrollMs, 200);
}

} // namespace
} // namespace flowscope::ui
