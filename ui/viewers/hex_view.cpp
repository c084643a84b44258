#include "viewers/hex_view.hpp"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <algorithm>
#include <cmath>

namespace flowscope::ui {
namespace {

// Character columns of a line: offset, two spaces, 16 x "xx " with an extra space after
// the eighth byte (49 columns), " |", 16 ASCII characters, "|".
constexpr int kHexWidth = HexView::kBytesPerLine * 3 + 1;
constexpr int kMargin = 4; // pixels left of the offset column

int hexStart(int offsetDigits) {
    return offsetDigits + 2;
}

int asciiStart(int offsetDigits) {
    return hexStart(offsetDigits) + kHexWidth + 2;
}

int lineColumns(int offsetDigits) {
    return asciiStart(offsetDigits) + HexView::kBytesPerLine + 1;
}

// Column of byte `i`'s first hex digit, relative to the hex area.
int hexColumn(int i) {
    return i * 3 + (i >= 8 ? 1 : 0);
}

QChar printable(char byte) {
    const auto c = static_cast<unsigned char>(byte);
    return c >= 0x20 && c < 0x7f ? QChar(static_cast<char16_t>(c)) : QChar(u'.');
}

constexpr char16_t kHexDigits[] = u"0123456789abcdef";

} // namespace

HexView::HexView(QWidget* parent) : QAbstractScrollArea(parent) {
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    viewport()->setCursor(Qt::IBeamCursor);
    setFocusPolicy(Qt::StrongFocus);
    updateMetrics();
}

void HexView::setData(const QByteArray& data) {
    m_data = data;
    m_anchor = m_cursor = -1;
    // Widen the offset column only for bodies past 4 GB.
    m_offsetDigits = static_cast<quint64>(data.size()) > 0xFFFFFFFFull ? 12 : 8;
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
    Q_EMIT selectionChanged();
}

qint64 HexView::lineCount() const {
    return (static_cast<qint64>(m_data.size()) + kBytesPerLine - 1) / kBytesPerLine;
}

QString HexView::formatLine(QByteArrayView lineBytes, qint64 lineOffset, int offsetDigits) {
    const qsizetype n = std::min<qsizetype>(lineBytes.size(), kBytesPerLine);
    QString line = QStringLiteral("%1").arg(lineOffset, offsetDigits, 16, QLatin1Char('0'));
    line.reserve(lineColumns(offsetDigits));
    line += QStringLiteral("  ");
    for (int i = 0; i < kBytesPerLine; ++i) {
        if (i < n) {
            const auto byte = static_cast<unsigned char>(lineBytes[i]);
            line += QChar(kHexDigits[byte >> 4]);
            line += QChar(kHexDigits[byte & 0xF]);
            line += u' ';
        } else {
            line += QStringLiteral("   ");
        }
        if (i == 7)
            line += u' ';
    }
    line += QStringLiteral(" |");
    for (qsizetype i = 0; i < n; ++i)
        line += printable(lineBytes[i]);
    line += u'|';
    return line;
}

QString HexView::toHex(QByteArrayView bytes) {
    QString out;
    out.reserve(bytes.size() * 3);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if (i > 0)
            out += u' ';
        out += QChar(kHexDigits[byte >> 4]);
        out += QChar(kHexDigits[byte & 0xF]);
    }
    return out;
}

void HexView::setSelection(qint64 start, qint64 length) {
    const qint64 size = m_data.size();
    if (length <= 0 || start < 0 || start >= size) {
        m_anchor = m_cursor = -1;
    } else {
        m_anchor = start;
        m_cursor = std::min(start + length, size) - 1;
    }
    viewport()->update();
    Q_EMIT selectionChanged();
}

void HexView::selectAll() {
    setSelection(0, m_data.size());
}

qint64 HexView::selectionStart() const {
    return m_anchor < 0 ? -1 : std::min(m_anchor, m_cursor);
}

qint64 HexView::selectionLength() const {
    return m_anchor < 0 ? 0 : std::abs(m_cursor - m_anchor) + 1;
}

QByteArray HexView::selectedBytes() const {
    if (m_anchor < 0)
        return {};
    return m_data.mid(selectionStart(), selectionLength());
}

void HexView::copySelectionAsHex() const {
    if (m_anchor >= 0)
        QGuiApplication::clipboard()->setText(toHex(selectedBytes()));
}

void HexView::copySelectionAsText() const {
    if (m_anchor >= 0)
        QGuiApplication::clipboard()->setText(QString::fromUtf8(selectedBytes()));
}

void HexView::updateMetrics() {
    const QFontMetricsF metrics(font());
    // Averaged over many glyphs so fractional advances do not drift across a line.
    m_charWidth = metrics.horizontalAdvance(QString(64, u'0')) / 64.0;
    m_lineHeight = static_cast<int>(std::ceil(metrics.height()));
    m_ascent = static_cast<int>(std::ceil(metrics.ascent()));
    updateScrollBars();
}

int HexView::visibleLines() const {
    return std::max(1, viewport()->height() / std::max(1, m_lineHeight));
}

void HexView::updateScrollBars() {
    const qint64 lines = lineCount();
    const int page = visibleLines();
    // One scroll step is one line; 2^31 lines would be a 32 GB body, far past any capture cap.
    const qint64 maximum = std::max<qint64>(0, lines - page);
    verticalScrollBar()->setRange(0, static_cast<int>(std::min<qint64>(maximum, INT32_MAX)));
    verticalScrollBar()->setPageStep(page);
    verticalScrollBar()->setSingleStep(1);
    const int contentWidth = static_cast<int>(std::ceil(lineColumns(m_offsetDigits) * m_charWidth)) + 2 * kMargin;
    horizontalScrollBar()->setRange(0, std::max(0, contentWidth - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(static_cast<int>(std::ceil(m_charWidth)));
}

qint64 HexView::firstVisibleLine() const {
    return verticalScrollBar()->value();
}

double HexView::columnX(int column) const {
    return kMargin + column * m_charWidth - horizontalScrollBar()->value();
}

void HexView::scrollToOffset(qint64 offset) {
    const qint64 line = offset / kBytesPerLine;
    if (line < firstVisibleLine() || line >= firstVisibleLine() + visibleLines())
        verticalScrollBar()->setValue(static_cast<int>(std::max<qint64>(0, line - visibleLines() / 2)));
}

qint64 HexView::byteAt(const QPoint& pos, bool clamp) const {
    const qint64 size = m_data.size();
    if (size == 0)
        return -1;
    qint64 line = firstVisibleLine() + (pos.y() >= 0 ? pos.y() / m_lineHeight : -1);
    if (line < 0 || line >= lineCount()) {
        if (!clamp)
            return -1;
        line = std::clamp<qint64>(line, 0, lineCount() - 1);
    }
    const double column = (pos.x() + horizontalScrollBar()->value() - kMargin) / m_charWidth;
    const double hexRel = column - hexStart(m_offsetDigits);
    const double asciiRel = column - asciiStart(m_offsetDigits);
    int byteColumn = -1;
    if (hexRel >= 0 && hexRel < kHexWidth) {
        const int rel = static_cast<int>(hexRel);
        byteColumn = rel < 24 ? rel / 3 : (rel == 24 ? 7 : 8 + (rel - 25) / 3);
    } else if (asciiRel >= 0 && asciiRel < kBytesPerLine) {
        byteColumn = static_cast<int>(asciiRel);
    } else if (clamp) {
        byteColumn = hexRel < 0 ? 0 : kBytesPerLine - 1; // left of the bytes, or past them
    } else {
        return -1;
    }
    const qint64 offset = line * kBytesPerLine + std::clamp(byteColumn, 0, kBytesPerLine - 1);
    if (offset >= size)
        return clamp ? size - 1 : -1;
    return offset;
}

void HexView::paintEvent(QPaintEvent* event) {
    Q_UNUSED(event)
    QPainter painter(viewport());
    const QPalette& pal = palette();
    painter.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    painter.setFont(font());

    const QColor text = pal.color(QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.55f);
    const qint64 first = firstVisibleLine();
    const qint64 last = std::min(lineCount(), first + visibleLines() + 1);
    const qint64 selStart = selectionStart();
    const qint64 selEnd = selStart + selectionLength(); // exclusive
    const int hexCol = hexStart(m_offsetDigits);
    const int asciiCol = asciiStart(m_offsetDigits);

    for (qint64 line = first; line < last; ++line) {
        const int y = static_cast<int>((line - first) * m_lineHeight);
        const qint64 offset = line * kBytesPerLine;
        const QByteArrayView bytes =
            QByteArrayView(m_data).sliced(offset, std::min<qint64>(kBytesPerLine, m_data.size() - offset));
        const QString formatted = formatLine(bytes, offset, m_offsetDigits);
        const QString hexPart = formatted.mid(hexCol, kHexWidth);
        const QString asciiPart = formatted.mid(asciiCol, bytes.size());

        // Selected bytes of this line, as [a, b) byte columns.
        const int a = static_cast<int>(std::clamp<qint64>(selStart - offset, 0, kBytesPerLine));
        const int b = static_cast<int>(std::clamp<qint64>(selEnd - offset, 0, bytes.size()));
        QRegion selected;
        if (selStart >= 0 && a < b) {
            const auto span = [&](double x0, double x1) {
                return QRect(static_cast<int>(std::floor(x0)), y, static_cast<int>(std::ceil(x1 - x0)), m_lineHeight);
            };
            selected += span(columnX(hexCol + hexColumn(a)), columnX(hexCol + hexColumn(b - 1) + 2));
            selected += span(columnX(asciiCol + a), columnX(asciiCol + b));
            for (const QRect& r : selected)
                painter.fillRect(r, pal.color(QPalette::Highlight));
        }

        const auto drawParts = [&](const QColor& main, bool withOffset) {
            if (withOffset) {
                painter.setPen(dim);
                painter.drawText(QPointF(columnX(0), y + m_ascent), formatted.left(m_offsetDigits));
            }
            painter.setPen(main);
            painter.drawText(QPointF(columnX(hexCol), y + m_ascent), hexPart);
            painter.drawText(QPointF(columnX(asciiCol), y + m_ascent), asciiPart);
            if (withOffset) {
                painter.setPen(dim);
                painter.drawText(QPointF(columnX(asciiCol - 1), y + m_ascent), QStringLiteral("|"));
                painter.drawText(QPointF(columnX(asciiCol + static_cast<int>(bytes.size())), y + m_ascent),
                                 QStringLiteral("|"));
            }
        };
        if (selected.isEmpty()) {
            drawParts(text, true);
        } else {
            // The same glyphs twice, clipped, so selected bytes switch colour mid-string
            // without any drift between the two passes.
            painter.setClipRegion(QRegion(viewport()->rect()).subtracted(selected));
            drawParts(text, true);
            painter.setClipRegion(selected);
            drawParts(pal.color(QPalette::HighlightedText), false);
            painter.setClipping(false);
        }
    }
}

void HexView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void HexView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const qint64 byte = byteAt(event->position().toPoint(), (event->modifiers() & Qt::ShiftModifier) && m_anchor >= 0);
    if (byte < 0) {
        clearSelection();
        return;
    }
    if (!(event->modifiers() & Qt::ShiftModifier) || m_anchor < 0)
        m_anchor = byte;
    m_cursor = byte;
    viewport()->update();
    Q_EMIT selectionChanged();
}

void HexView::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton) || m_anchor < 0)
        return;
    const QPoint pos = event->position().toPoint();
    // Dragging past the top or bottom edge scrolls, one line per move event.
    if (pos.y() < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (pos.y() >= viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    const qint64 byte = byteAt(pos, true);
    if (byte >= 0 && byte != m_cursor) {
        m_cursor = byte;
        viewport()->update();
        Q_EMIT selectionChanged();
    }
}

void HexView::mouseReleaseEvent(QMouseEvent* event) {
    // The selection was made on press and move; accepting ends the drag here.
    event->setAccepted(event->button() == Qt::LeftButton);
}

void HexView::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Copy)) {
        copySelectionAsHex();
    } else if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
    } else if (event->matches(QKeySequence::MoveToStartOfDocument)) {
        verticalScrollBar()->setValue(0);
    } else if (event->matches(QKeySequence::MoveToEndOfDocument)) {
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void HexView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    QAction* hex = menu.addAction(tr("Copy as hex"), this, [this] { copySelectionAsHex(); });
    QAction* text = menu.addAction(tr("Copy as text"), this, [this] { copySelectionAsText(); });
    hex->setEnabled(m_anchor >= 0);
    text->setEnabled(m_anchor >= 0);
    menu.addSeparator();
    menu.addAction(tr("Select all"), this, [this] { selectAll(); });
    menu.exec(event->globalPos());
}

void HexView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange)
        updateMetrics();
    QAbstractScrollArea::changeEvent(event);
}

} // namespace flowscope::ui
