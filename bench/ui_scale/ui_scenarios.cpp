#include "ui_scenarios.hpp"

#include "app/filter_bar.hpp"
#include "app/main_window.hpp"
#include "capture/capture_host.hpp"
#include "flowlist/flow_columns.hpp"
#include "flowlist/flow_list_model.hpp"
#include "flowlist/flow_table_view.hpp"
#include "stall_monitor.hpp"

#include <QApplication>
#include <QEvent>
#include <QScrollBar>
#include <optional>
#include <random>

namespace flowscope::bench {
namespace {

using namespace std::chrono_literals;
using ui::FlowColumn;
using ui::FlowListModel;
using ui::MainWindow;

// A filter or sort never takes this long; a timeout is reported, not waited out.
constexpr auto kChangeTimeout = 60s;
constexpr auto kLoadTimeout = 300s;

// Notes the first Paint event any widget of one window receives (an application-wide
// filter, because which widget paints first depends on the style and the list's state).
class FirstPaintProbe : public QObject {
public:
    void watch(const QWidget* window) { m_window = window; }
    std::optional<Clock::time_point> paintedAt() const { return m_paintedAt; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (!m_paintedAt && event->type() == QEvent::Paint && m_window != nullptr) {
            const auto* widget = qobject_cast<const QWidget*>(watched);
            if (widget != nullptr && widget->window() == m_window) {
                m_paintedAt = Clock::now();
            }
        }
        return false;
    }

private:
    const QWidget* m_window = nullptr;
    std::optional<Clock::time_point> m_paintedAt;
};

struct ChangeTiming {
    bool ok = false;
    double appliedMs = 0;
    double paintedMs = 0;
};

// Makes one change and waits for the model to replace its rows and the GUI to be free.
template <typename Change> ChangeTiming timeChange(MainWindow& window, Change change) {
    FlowListModel& model = *window.flowModel();
    int replaced = 0;
    const QMetaObject::Connection counting =
        QObject::connect(&model, &FlowListModel::rowsReplaced, &model, [&replaced] { ++replaced; });
    ChangeTiming timing;
    const Clock::time_point start = Clock::now();
    change();
    timing.ok = runUntil(
        model, [&] { return replaced > 0 && !model.busy(); }, kChangeTimeout);
    timing.appliedMs = msSince(start);
    window.flowList()->viewport()->repaint();
    timing.paintedMs = msSince(start);
    QObject::disconnect(counting);
    return timing;
}

// Runs every change of `names` (made by `apply(i)`) `repetitions` times, in turn, so
// consecutive requests always differ (an unchanged filter or sort is not re-run).
template <typename Apply>
std::vector<ChangeResult> timeChanges(MainWindow& window, const std::vector<std::string>& names, int repetitions,
                                      Apply apply) {
    std::vector<std::vector<double>> applied(names.size());
    std::vector<std::vector<double>> painted(names.size());
    std::vector<ChangeResult> results(names.size());
    for (int repetition = 0; repetition < repetitions; ++repetition) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            const ChangeTiming timing = timeChange(window, [&] { apply(i); });
            results[i].completed = results[i].completed && timing.ok;
            applied[i].push_back(timing.appliedMs);
            painted[i].push_back(timing.paintedMs);
            results[i].rows = window.flowModel()->rowCount();
        }
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        results[i].name = names[i];
        results[i].appliedMs = distributionOf(applied[i]);
        results[i].paintedMs = distributionOf(painted[i]);
    }
    return results;
}

} // namespace

StartupResult measureStartup(ui::CaptureHost& capture, std::int64_t expectedRows, StallMonitor& stalls,
                             std::unique_ptr<MainWindow>& window) {
    StartupResult result;
    FirstPaintProbe probe;
    QApplication::instance()->installEventFilter(&probe);
    const Clock::time_point start = Clock::now();
    window = std::make_unique<MainWindow>(capture);
    result.constructMs = msSince(start);
    probe.watch(window.get());
    FlowListModel& model = *window->flowModel();
    std::optional<Clock::time_point> shownAt;
    const QMetaObject::Connection noting = QObject::connect(&model, &FlowListModel::rowsReplaced, &model, [&] {
        if (!shownAt && model.rowCount() == expectedRows) {
            shownAt = Clock::now();
        }
    });
    window->show();
    // GUI gaps are counted from the first paint: creating and polishing the window is
    // startup, measured above; what follows is the wait for the worker's load.
    runUntil(
        model, [&] { return probe.paintedAt().has_value(); }, kLoadTimeout);
    stalls.start();
    result.loaded = runUntil(
        model, [&] { return !model.busy() && model.rowCount() == expectedRows; }, kLoadTimeout);
    window->repaint(); // the loaded list on screen, synchronously
    result.usableMs = msSince(start);
    stalls.stop();
    QObject::disconnect(noting);
    QApplication::instance()->removeEventFilter(&probe);

    result.firstPaintMs = probe.paintedAt() ? msBetween(start, *probe.paintedAt()) : -1;
    result.rowsShownMs = shownAt ? msBetween(start, *shownAt) : -1;
    result.rows = model.rowCount();
    result.guiGaps = stalls.gaps();
    result.memory = readMemory();
    return result;
}

std::vector<ChangeResult> measureFilters(MainWindow& window, int repetitions) {
    // From cheap numeric terms to the slowest kind (a URL substring), and back to all.
    // `size:>1k`, not >10k: no synthetic non-GET response is over 4 KB, and a filter
    // that shows nothing would not measure the list's side of the change.
    const std::vector<std::string> filters = {"status:4xx",           "host:api", "type:json",
                                              "-method:get size:>1k", "v1/users", ""};
    std::vector<ChangeResult> results = timeChanges(window, filters, repetitions, [&](std::size_t i) {
        window.filterBar()->setText(QString::fromStdString(filters[i]));
    });
    results.back().name = "(none)";
    return results;
}

std::vector<ChangeResult> measureSorts(MainWindow& window, int repetitions) {
    struct Sort {
        FlowColumn column;
        Qt::SortOrder order;
    };
    const std::vector<Sort> sorts = {
        {FlowColumn::Time, Qt::DescendingOrder},
        {FlowColumn::Host, Qt::AscendingOrder},
        {FlowColumn::Path, Qt::AscendingOrder},
        {FlowColumn::Status, Qt::DescendingOrder},
        {FlowColumn::ResponseSize, Qt::DescendingOrder},
        {FlowColumn::Duration, Qt::DescendingOrder},
        {FlowColumn::Id, Qt::AscendingOrder},
    };
    std::vector<std::string> names;
    for (const Sort& sort : sorts) {
        names.push_back(std::string(view::toString(ui::sortColumnFor(sort.column))) +
                        (sort.order == Qt::AscendingOrder ? " ascending" : " descending"));
    }
    // As a header click does: the indicator changes and the view asks the model to sort.
    return timeChanges(window, names, repetitions, [&](std::size_t i) {
        window.flowList()->sortByColumn(static_cast<int>(sorts[i].column), sorts[i].order);
    });
}

ScrollResult measureScrolling(MainWindow& window, int pageDowns, int jumps) {
    ui::FlowTableView& view = *window.flowList();
    FlowListModel& model = *window.flowModel();
    view.scrollToTop();
    view.viewport()->repaint();
    drainPostedEvents();
    // One frame: the scroll, the paint it causes (forced now rather than at the next
    // UpdateRequest) and whatever else it posted.
    const auto frame = [&](auto&& step) {
        const Clock::time_point start = Clock::now();
        step();
        view.viewport()->repaint();
        drainPostedEvents();
        return msSince(start);
    };
    std::vector<double> pageDown;
    for (int i = 0; i < pageDowns; ++i) {
        pageDown.push_back(frame([&] { view.verticalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepAdd); }));
    }
    std::vector<double> jump;
    std::mt19937 random(7); // the same rows every run
    std::uniform_int_distribution<int> row(0, std::max(model.rowCount() - 1, 0));
    for (int i = 0; i < jumps && model.rowCount() > 0; ++i) {
        const QModelIndex target = model.index(row(random), 0);
        jump.push_back(frame([&] { view.scrollTo(target, QAbstractItemView::PositionAtCenter); }));
    }
    ScrollResult result;
    result.pageDownMs = distributionOf(pageDown);
    result.jumpMs = distributionOf(jump);
    pageDown.insert(pageDown.end(), jump.begin(), jump.end());
    result.allMs = distributionOf(pageDown);
    return result;
}

IngestResult measureIngest(MainWindow& window, ui::CaptureHost& capture, const IngestOptions& options,
                           StallMonitor& stalls) {
    FlowListModel& model = *window.flowModel();
    IngestResult result;
    result.flowsPerSecond = options.flowsPerSecond;
    // At the tail, following new flows as during a capture: the list scrolls on every batch.
    window.flowList()->scrollToBottom();
    drainPostedEvents();
    result.flowsBefore = model.totalFlows();

    LiveIngest ingest(capture.storeSink(), options);
    stalls.start();
    ingest.start();
    const auto caughtUp = [&] {
        return ingest.finished() && !model.busy() && model.totalFlows() >= result.flowsBefore + ingest.published();
    };
    const auto timeout =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::duration<double>(2 * options.seconds + 60));
    runUntil(model, caughtUp, timeout);
    const Clock::time_point end = Clock::now();
    stalls.stop();

    result.published = ingest.published();
    result.publishSeconds = ingest.finished() ? ingest.publishSeconds() : -1;
    result.catchUpMs = ingest.finished() ? msBetween(ingest.finishedAt(), end) : -1;
    result.flowsAfter = model.totalFlows();
    result.rowsAfter = model.rowCount();
    result.grewByPublished = result.flowsAfter - result.flowsBefore == result.published &&
                             static_cast<std::size_t>(result.rowsAfter) == result.flowsAfter;
    result.guiGaps = stalls.gaps();
    result.longGaps = stalls.gapsLongerThan(kLongGapMs);
    result.startedMonotonicS = std::chrono::duration<double>(stalls.startedAt().time_since_epoch()).count();
    result.memory = readMemory();
    return result;
}

} // namespace flowscope::bench
