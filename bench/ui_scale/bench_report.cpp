#include "bench_report.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <fmt/format.h>

namespace flowscope::bench {
namespace {

// The desktop issue's targets (docs/benchmarks.md, "Desktop app at 1M flows").
constexpr double kUsableTargetMs = 1500;
constexpr double kChangeTargetMs = 300;
constexpr double kFrameTargetMs = 16;
constexpr double kRssTargetMiB = 400;
constexpr double kStallTargetMs = 50;

QJsonObject toJson(const Distribution& d) {
    return QJsonObject{{QStringLiteral("count"), static_cast<qint64>(d.count)},
                       {QStringLiteral("p50"), d.p50},
                       {QStringLiteral("p99"), d.p99},
                       {QStringLiteral("max"), d.max},
                       {QStringLiteral("mean"), d.mean}};
}

QJsonObject toJson(const MemorySample& m) {
    return QJsonObject{{QStringLiteral("rss_mib"), m.rssMiB}, {QStringLiteral("peak_mib"), m.peakMiB}};
}

QJsonArray toJson(const std::vector<ChangeResult>& changes) {
    QJsonArray array;
    for (const ChangeResult& change : changes) {
        array.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(change.name)},
                                 {QStringLiteral("rows"), change.rows},
                                 {QStringLiteral("completed"), change.completed},
                                 {QStringLiteral("applied_ms"), toJson(change.appliedMs)},
                                 {QStringLiteral("painted_ms"), toJson(change.paintedMs)}});
    }
    return array;
}

double slowestMedian(const std::vector<ChangeResult>& changes) {
    double slowest = 0;
    for (const ChangeResult& change : changes) {
        slowest = std::max(slowest, change.paintedMs.p50);
    }
    return slowest;
}

const char* verdict(bool met) {
    return met ? "ok  " : "MISS";
}

} // namespace

void writeJson(const BenchReport& r, std::ostream& out) {
    const QJsonObject startup{{QStringLiteral("construct_ms"), r.startup.constructMs},
                              {QStringLiteral("first_paint_ms"), r.startup.firstPaintMs},
                              {QStringLiteral("rows_shown_ms"), r.startup.rowsShownMs},
                              {QStringLiteral("usable_ms"), r.startup.usableMs},
                              {QStringLiteral("loaded"), r.startup.loaded},
                              {QStringLiteral("rows"), r.startup.rows},
                              {QStringLiteral("gui_gaps_ms"), toJson(r.startup.guiGaps)},
                              {QStringLiteral("memory"), toJson(r.startup.memory)}};
    const QJsonObject scroll{{QStringLiteral("page_down_ms"), toJson(r.scroll.pageDownMs)},
                             {QStringLiteral("jump_ms"), toJson(r.scroll.jumpMs)},
                             {QStringLiteral("all_ms"), toJson(r.scroll.allMs)}};
    const IngestResult& i = r.ingest;
    QJsonArray longGaps;
    for (const auto& [atMs, gapMs] : i.longGaps) {
        longGaps.append(QJsonArray{atMs, gapMs});
    }
    const QJsonObject ingest{{QStringLiteral("flows_per_second"), i.flowsPerSecond},
                             {QStringLiteral("published"), static_cast<qint64>(i.published)},
                             {QStringLiteral("publish_seconds"), i.publishSeconds},
                             {QStringLiteral("flows_before"), static_cast<qint64>(i.flowsBefore)},
                             {QStringLiteral("flows_after"), static_cast<qint64>(i.flowsAfter)},
                             {QStringLiteral("rows_after"), i.rowsAfter},
                             {QStringLiteral("grew_by_published"), i.grewByPublished},
                             {QStringLiteral("catch_up_ms"), i.catchUpMs},
                             {QStringLiteral("gui_gaps_ms"), toJson(i.guiGaps)},
                             {QStringLiteral("long_gaps_at_ms_gap_ms"), longGaps},
                             {QStringLiteral("started_monotonic_s"), i.startedMonotonicS},
                             {QStringLiteral("memory"), toJson(i.memory)}};
    const QJsonObject root{{QStringLiteral("store"), QString::fromStdString(r.storeFile)},
                           {QStringLiteral("store_flows"), static_cast<qint64>(r.storeFlows)},
                           {QStringLiteral("load_average_before"), QString::fromStdString(r.loadAverageBefore)},
                           {QStringLiteral("load_average_after"), QString::fromStdString(r.loadAverageAfter)},
                           {QStringLiteral("gui_timer_interval_ms"), r.guiIntervalMs},
                           {QStringLiteral("capture_open_ms"), r.captureOpenMs},
                           {QStringLiteral("memory_before_window"), toJson(r.memoryBeforeWindow)},
                           {QStringLiteral("startup"), startup},
                           {QStringLiteral("filters"), toJson(r.filters)},
                           {QStringLiteral("sorts"), toJson(r.sorts)},
                           {QStringLiteral("memory_after_changes"), toJson(r.memoryAfterChanges)},
                           {QStringLiteral("scroll"), scroll},
                           {QStringLiteral("ingest"), ingest}};
    out << QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

void writeSummary(const BenchReport& r, std::ostream& out) {
    const auto print = [&](bool met, const std::string& text) { out << verdict(met) << ' ' << text << '\n'; };
    out << fmt::format("flowscope-ui-bench: {} flows, load average {} -> {}\n", r.storeFlows, r.loadAverageBefore,
                       r.loadAverageAfter);
    print(r.startup.loaded && r.startup.usableMs < kUsableTargetMs,
          fmt::format("usable window {:.0f} ms (first paint {:.0f} ms, rows shown {:.0f} ms); target < {:.0f} ms",
                      r.startup.usableMs, r.startup.firstPaintMs, r.startup.rowsShownMs, kUsableTargetMs));
    for (const auto* changes : {&r.filters, &r.sorts}) {
        for (const ChangeResult& c : *changes) {
            print(c.completed && c.paintedMs.p50 < kChangeTargetMs,
                  fmt::format("{:<24} median {:6.1f} ms, max {:6.1f} ms, {} rows", c.name, c.paintedMs.p50,
                              c.paintedMs.max, c.rows));
        }
    }
    const double slowest = std::max(slowestMedian(r.filters), slowestMedian(r.sorts));
    print(slowest < kChangeTargetMs,
          fmt::format("slowest filter/sort median {:.1f} ms; target < {:.0f} ms", slowest, kChangeTargetMs));
    print(r.scroll.allMs.p99 < kFrameTargetMs,
          fmt::format("scroll frames p50 {:.2f} / p99 {:.2f} / max {:.2f} ms; target p99 < {:.0f} ms",
                      r.scroll.allMs.p50, r.scroll.allMs.p99, r.scroll.allMs.max, kFrameTargetMs));
    const double peak = std::max({r.startup.memory.peakMiB, r.memoryAfterChanges.peakMiB, r.ingest.memory.peakMiB});
    print(peak < kRssTargetMiB,
          fmt::format("RSS after load {:.0f} MiB, after changes {:.0f} MiB, peak {:.0f} MiB; target < {:.0f} MiB",
                      r.startup.memory.rssMiB, r.memoryAfterChanges.rssMiB, peak, kRssTargetMiB));
    print(r.ingest.grewByPublished && r.ingest.guiGaps.max < kStallTargetMs,
          fmt::format("ingest {} flows in {:.1f} s: list {}; GUI gaps p99 {:.1f} / max {:.1f} ms; target < {:.0f} ms",
                      r.ingest.published, r.ingest.publishSeconds,
                      r.ingest.grewByPublished ? "grew by all" : "DID NOT grow by all", r.ingest.guiGaps.p99,
                      r.ingest.guiGaps.max, kStallTargetMs));
    out << fmt::format("     (GUI gaps while loading: p99 {:.1f} / max {:.1f} ms; catch-up after the last publish "
                       "{:.0f} ms)\n",
                       r.startup.guiGaps.p99, r.startup.guiGaps.max, r.ingest.catchUpMs);
}

} // namespace flowscope::bench
