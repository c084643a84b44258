#pragma once
// The Timing tab: the phases of one exchange (HAR 1.2 timings: dns, connect, tls, send,
// wait, receive) as a painted waterfall, each bar starting where the previous phase ended,
// with its name and duration, and the total underneath. A phase that did not happen (-1,
// e.g. no DNS on a pooled connection) shows a dash and takes no room.

#include "store/flow.hpp"

#include <QList>
#include <QString>
#include <QWidget>

namespace flowscope::ui {

struct TimingPhase {
    QString name;
    qint64 startUs = 0;     // offset from the first phase's start
    qint64 durationUs = -1; // -1: did not happen
};

// The six phases in order; start offsets accumulate over those that happened.
QList<TimingPhase> timingPhases(const store::FlowTiming& timing);
// Sum of the phases that happened; -1 when none did.
qint64 timingTotalUs(const store::FlowTiming& timing);
// "0.42 ms", "12.3 ms", "1,234 ms"; "\u2014" for -1.
QString formatMilliseconds(qint64 microseconds);

class TimingWaterfall : public QWidget {
    Q_OBJECT

public:
    explicit TimingWaterfall(QWidget* parent = nullptr);

    void setTiming(const store::FlowTiming& timing);
    void clear() { setTiming(store::FlowTiming{}); }
    const QList<TimingPhase>& phases() const { return m_phases; }
    qint64 totalUs() const { return m_totalUs; }

    // Where a phase's bar is painted, in widget coordinates (empty when it did not happen).
    QRectF barRect(int phase) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int rowHeight() const;
    QRectF barArea() const; // the horizontal band bars live in (all rows)

    QList<TimingPhase> m_phases;
    qint64 m_totalUs = -1;
};

} // namespace flowscope::ui
