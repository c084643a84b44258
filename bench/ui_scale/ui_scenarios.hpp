#pragma once
// The measurements of flowscope-ui-bench, each driving the real MainWindow the way a user
// would (filter bar, header sort, scroll bar) and timing until the GUI thread is free.
// Phases run in order on one window: startup, filters, sorts, scrolling, live ingest.

#include "bench_report.hpp"
#include "live_ingest.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace flowscope::ui {
class CaptureHost;
class MainWindow;
} // namespace flowscope::ui

namespace flowscope::bench {

class StallMonitor;

// Constructs and shows the window into `window` and waits for `expectedRows` rows.
StartupResult measureStartup(ui::CaptureHost& capture, std::int64_t expectedRows, StallMonitor& stalls,
                             std::unique_ptr<ui::MainWindow>& window);
// Through FilterBar::setText, each filter `repetitions` times; leaves the filter empty.
std::vector<ChangeResult> measureFilters(ui::MainWindow& window, int repetitions);
// Through the header's sort indicator; leaves the list sorted by id, ascending.
std::vector<ChangeResult> measureSorts(ui::MainWindow& window, int repetitions);
ScrollResult measureScrolling(ui::MainWindow& window, int pageDowns, int jumps);
IngestResult measureIngest(ui::MainWindow& window, ui::CaptureHost& capture, const IngestOptions& options,
                           StallMonitor& stalls);

} // namespace flowscope::bench
