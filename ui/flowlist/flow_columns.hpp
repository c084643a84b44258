#pragma once
// The columns of the flow list and how a FlowRow reads in each: one place for titles,
// the sort key behind each column, and the display text (sizes, durations, times).

#include "view/flow_row.hpp"
#include "view/flow_sort.hpp"

#include <QString>

#include <cstdint>

namespace flowscope::ui {

enum class FlowColumn : int {
    Id,
    Time,
    Method,
    Host,
    Path,
    Status,
    Type,
    RequestSize,
    ResponseSize,
    Duration,
};
inline constexpr int kFlowColumnCount = 10;

QString columnTitle(FlowColumn column);
view::SortColumn sortColumnFor(FlowColumn column);
bool isNumericColumn(FlowColumn column); // right-aligned

QString cellText(const view::FlowRow& row, FlowColumn column);

// "0 B", "512 B", "1.5 KB", "12 MB": binary multiples, as the size filter reads them.
QString formatBytes(std::uint64_t bytes);
// "850 µs", "12 ms", "1.25 s", "2 min 5 s"; empty for an unfinished flow (0).
QString formatDuration(std::int64_t microseconds);
// Local wall-clock time with milliseconds: "14:03:07.412".
QString formatClockTime(std::int64_t epochMicroseconds);

} // namespace flowscope::ui
