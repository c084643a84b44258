#include "detail/timing_waterfall.hpp"

#include <QLocale>
#include <QPainter>
#include <algorithm>

namespace flowscope::ui {
namespace {

constexpr int kMargin = 8;
constexpr int kLabelWidthChars = 10; // "Receive" plus room
constexpr int kValueWidthChars = 12; // "12,345.6 ms"

// One colour per phase, distinguishable on light and dark themes (Proxyman/Chrome order).
const QColor kPhaseColours[] = {QColor(0x2a, 0x9d, 0x8f), QColor(0xe9, 0xa2, 0x3b), QColor(0x9b, 0x5d, 0xe5),
                                QColor(0x4c, 0x8b, 0xf5), QColor(0x8a, 0xb8, 0x3f), QColor(0x3f, 0xa7, 0xd6)};

} // namespace

QList<TimingPhase> timingPhases(const store::FlowTiming& timing) {
    const std::pair<QString, std::int64_t> phases[] = {
        {TimingWaterfall::tr("DNS"), timing.dnsUs},   {TimingWaterfall::tr("Connect"), timing.connectUs},
        {TimingWaterfall::tr("TLS"), timing.tlsUs},   {TimingWaterfall::tr("Send"), timing.sendUs},
        {TimingWaterfall::tr("Wait"), timing.waitUs}, {TimingWaterfall::tr("Receive"), timing.receiveUs},
    };
    QList<TimingPhase> out;
    qint64 offset = 0;
    for (const auto& [name, duration] : phases) {
        TimingPhase phase{name, offset, duration < 0 ? -1 : static_cast<qint64>(duration)};
        if (phase.durationUs >= 0)
            offset += phase.durationUs;
        out << phase;
    }
    return out;
}

qint64 timingTotalUs(const store::FlowTiming& timing) {
    qint64 total = -1;
    for (const std::int64_t us :
         {timing.dnsUs, timing.connectUs, timing.tlsUs, timing.sendUs, timing.waitUs, timing.receiveUs}) {
        if (us >= 0)
            total = std::max<qint64>(total, 0) + us;
    }
    return total;
}

QString formatMilliseconds(qint64 microseconds) {
    if (microseconds < 0)
        return QStringLiteral("\u2014");
    const double ms = static_cast<double>(microseconds) / 1000.0;
    const QLocale locale;
    const int decimals = ms < 10 ? 2 : (ms < 100 ? 1 : 0);
    return TimingWaterfall::tr("%1 ms").arg(locale.toString(ms, 'f', decimals));
}

TimingWaterfall::TimingWaterfall(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    clear();
}

void TimingWaterfall::setTiming(const store::FlowTiming& timing) {
    m_phases = timingPhases(timing);
    m_totalUs = timingTotalUs(timing);
    updateGeometry();
    update();
}

int TimingWaterfall::rowHeight() const {
    return fontMetrics().height() + 8;
}

QSize TimingWaterfall::sizeHint() const {
    const int chars = fontMetrics().averageCharWidth();
    // Six phase rows and the total row.
    return {chars * (kLabelWidthChars + kValueWidthChars) + 300, rowHeight() * 7 + 2 * kMargin};
}

QSize TimingWaterfall::minimumSizeHint() const {
    const int chars = fontMetrics().averageCharWidth();
    return {chars * (kLabelWidthChars + kValueWidthChars) + 60, rowHeight() * 7 + 2 * kMargin};
}

QRectF TimingWaterfall::barArea() const {
    const int chars = fontMetrics().averageCharWidth();
    const double left = kMargin + chars * kLabelWidthChars;
    const double right = width() - kMargin - chars * kValueWidthChars;
    return QRectF(left, kMargin, std::max(1.0, right - left), rowHeight() * 6.0);
}

QRectF TimingWaterfall::barRect(int phase) const {
    if (phase < 0 || phase >= m_phases.size() || m_phases[phase].durationUs < 0 || m_totalUs < 0)
        return {};
    const QRectF area = barArea();
    const double scale = m_totalUs > 0 ? area.width() / static_cast<double>(m_totalUs) : 0.0;
    const TimingPhase& entry = m_phases[phase];
    const double x = area.left() + static_cast<double>(entry.startUs) * scale;
    // At least a hairline, so a 3 us phase in a 2 s exchange is still visibly there.
    const double w = std::max(2.0, static_cast<double>(entry.durationUs) * scale);
    const double y = area.top() + phase * rowHeight() + 3;
    return QRectF(std::min(x, area.right() - 2.0), y, w, rowHeight() - 6);
}

void TimingWaterfall::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = barArea();
    const int row = rowHeight();
    const QColor text = palette().color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlphaF(0.45f);
    QColor track = text;
    track.setAlphaF(0.07f);

    for (int i = 0; i < m_phases.size(); ++i) {
        const TimingPhase& phase = m_phases[i];
        const double top = area.top() + i * row;
        const QRectF labelRect(kMargin, top, area.left() - kMargin - 4, row);
        const QRectF valueRect(area.right() + 6, top, width() - area.right() - 6 - kMargin, row);
        painter.setPen(phase.durationUs < 0 ? muted : text);
        painter.drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft, phase.name);
        painter.drawText(valueRect, Qt::AlignVCenter | Qt::AlignRight, formatMilliseconds(phase.durationUs));
        painter.fillRect(QRectF(area.left(), top + 3, area.width(), row - 6), track);
        const QRectF bar = barRect(i);
        if (!bar.isEmpty())
            painter.fillRect(bar, kPhaseColours[i % std::size(kPhaseColours)]);
    }

    const double totalTop = area.bottom();
    painter.setPen(muted);
    painter.drawLine(QPointF(kMargin, totalTop + 1), QPointF(width() - kMargin, totalTop + 1));
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(text);
    painter.drawText(QRectF(kMargin, totalTop, area.left() - kMargin, row), Qt::AlignVCenter | Qt::AlignLeft,
                     tr("Total"));
    painter.drawText(QRectF(area.right() + 6, totalTop, width() - area.right() - 6 - kMargin, row),
                     Qt::AlignVCenter | Qt::AlignRight, formatMilliseconds(m_totalUs));
}

} // namespace flowscope::ui
