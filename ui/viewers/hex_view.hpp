#pragma once
// Hex dump of a body in the `hexdump -C` layout (offset | 16 hex bytes | ASCII). Only the
// visible lines are formatted and painted, and setData() keeps a shallow copy of the
// QByteArray, so opening 16 MB costs the same as opening 16 bytes.

#include <QAbstractScrollArea>
#include <QByteArray>
#include <QByteArrayView>

namespace flowscope::ui {

class HexView : public QAbstractScrollArea {
    Q_OBJECT

public:
    static constexpr int kBytesPerLine = 16;

    explicit HexView(QWidget* parent = nullptr);

    void setData(const QByteArray& data);
    const QByteArray& data() const { return m_data; }
    qint64 lineCount() const;
    int offsetDigits() const { return m_offsetDigits; }

    // One line exactly as painted, e.g. for the bytes "XYZ" at offset 16:
    // "00000010  58 59 5a" padded with spaces to column 60, then "|XYZ|".
    static QString formatLine(QByteArrayView lineBytes, qint64 lineOffset, int offsetDigits = 8);
    static QString toHex(QByteArrayView bytes); // "de ad be ef"

    // Selection is a byte range; length 0 clears it.
    void setSelection(qint64 start, qint64 length);
    void selectAll();
    void clearSelection() { setSelection(0, 0); }
    qint64 selectionStart() const;
    qint64 selectionLength() const;
    QByteArray selectedBytes() const;
    void copySelectionAsHex() const;
    void copySelectionAsText() const;

    // The byte under a viewport position, or -1 if there is none there. With `clamp` the
    // nearest byte is returned instead (for drag selection).
    qint64 byteAt(const QPoint& viewportPos, bool clamp = false) const;
    void scrollToOffset(qint64 offset);
    qint64 firstVisibleLine() const;

Q_SIGNALS:
    void selectionChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateMetrics();
    void updateScrollBars();
    int visibleLines() const;
    double columnX(int column) const; // viewport x of a character column

    QByteArray m_data;
    qint64 m_anchor = -1; // selection is [min(anchor, cursor), max(anchor, cursor)]
    qint64 m_cursor = -1;
    int m_offsetDigits = 8;
    double m_charWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
};

} // namespace flowscope::ui
