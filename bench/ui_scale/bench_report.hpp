#pragma once
// What flowscope-ui-bench measured, and how it is printed: one JSON object on stdout, a
// short summary against the desktop issue's targets on stderr.

#include "ui_bench_support.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace flowscope::bench {

struct StartupResult {
    double constructMs = 0;  // MainWindow's constructor (it starts the load on the worker)
    double firstPaintMs = 0; // first Paint event of any widget of the window
    double rowsShownMs = 0;  // the load applied: rowCount() == flows in the store
    double usableMs = 0;     // ... its handlers done, then a synchronous repaint of the window
    bool loaded = false;
    int rows = 0;
    Distribution guiGaps; // the 5 ms timer from the first paint to the list loaded
    MemorySample memory;  // after the load
};

// One filter or sort, repeated: set -> model applied -> GUI free -> list repainted.
struct ChangeResult {
    std::string name;
    int rows = 0;
    bool completed = true;  // every repetition finished within its timeout
    Distribution appliedMs; // set -> rowsReplaced handled (GUI free again)
    Distribution paintedMs; // ... plus a synchronous repaint of the list
};

struct ScrollResult {
    Distribution pageDownMs; // per frame: scroll + synchronous repaint + posted events
    Distribution jumpMs;     // scrollTo a random row, the same
    Distribution allMs;
};

inline constexpr double kLongGapMs = 20;

struct IngestResult {
    double flowsPerSecond = 0; // asked
    std::uint64_t published = 0;
    double publishSeconds = 0;
    std::size_t flowsBefore = 0;
    std::size_t flowsAfter = 0;
    int rowsAfter = 0;
    bool grewByPublished = false; // flowsAfter - flowsBefore == published, all rows shown
    double catchUpMs = 0;         // last publish -> the list shows it
    Distribution guiGaps;         // the 5 ms timer during the whole run
    // Gaps over kLongGapMs: {ms since the start, gap ms}; the start on the monotonic clock
    // (CLOCK_MONOTONIC on Linux, as `perf record -k CLOCK_MONOTONIC`) to find them in a profile.
    std::vector<std::pair<double, double>> longGaps;
    double startedMonotonicS = 0;
    MemorySample memory;
};

struct BenchReport {
    std::string storeFile;
    std::int64_t storeFlows = 0;
    std::string loadAverageBefore;
    std::string loadAverageAfter;
    double captureOpenMs = 0;
    MemorySample memoryBeforeWindow;
    StartupResult startup;
    std::vector<ChangeResult> filters;
    std::vector<ChangeResult> sorts;
    MemorySample memoryAfterChanges;
    ScrollResult scroll;
    IngestResult ingest;
    double guiIntervalMs = 5;
};

void writeJson(const BenchReport& report, std::ostream& out);
void writeSummary(const BenchReport& report, std::ostream& out);

} // namespace flowscope::bench
