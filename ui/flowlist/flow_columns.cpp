#include "flowlist/flow_columns.hpp"

#include <QDateTime>
#include <QLocale>

#include <array>

namespace flowscope::ui {

QString columnTitle(FlowColumn column) {
    switch (column) {
    case FlowColumn::Id: return QStringLiteral("#");
    case FlowColumn::Time: return QStringLiteral("Time");
    case FlowColumn::Method: return QStringLiteral("Method");
    case FlowColumn::Host: return QStringLiteral("Host");
    case FlowColumn::Path: return QStringLiteral("Path");
    case FlowColumn::Status: return QStringLiteral("Status");
    case FlowColumn::Type: return QStringLiteral("Type");
    case FlowColumn::RequestSize: return QStringLiteral("Request");
    case FlowColumn::ResponseSize: return QStringLiteral("Response");
    case FlowColumn::Duration: return QStringLiteral("Duration");
    }
    return {};
}

view::SortColumn sortColumnFor(FlowColumn column) {
    switch (column) {
    case FlowColumn::Id: return view::SortColumn::Id;
    case FlowColumn::Time: return view::SortColumn::Time;
    case FlowColumn::Method: return view::SortColumn::Method;
    case FlowColumn::Host: return view::SortColumn::Host;
    case FlowColumn::Path: return view::SortColumn::Path;
    case FlowColumn::Status: return view::SortColumn::Status;
    case FlowColumn::Type: return view::SortColumn::Type;
    case FlowColumn::RequestSize: return view::SortColumn::RequestSize;
    case FlowColumn::ResponseSize: return view::SortColumn::ResponseSize;
    case FlowColumn::Duration: return view::SortColumn::Duration;
    }
    return view::SortColumn::Id;
}

bool isNumericColumn(FlowColumn column) {
    return column == FlowColumn::Id || column == FlowColumn::RequestSize || column == FlowColumn::ResponseSize ||
           column == FlowColumn::Duration;
}

namespace {

QString fromView(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString typeText(const view::FlowRow& row) {
    switch (row.kind) {
    case store::FlowKind::WebSocket: return QStringLiteral("websocket");
    case store::FlowKind::Tunnel: return QStringLiteral("tunnel");
    case store::FlowKind::Http: break;
    }
    if (row.contentFamily == view::ContentFamily::Other) {
        return {};
    }
    return fromView(view::toString(row.contentFamily));
}

QString statusText(const view::FlowRow& row) {
    if (row.status != 0) {
        return QString::number(row.status);
    }
    if (row.hasError()) {
        return QStringLiteral("failed");
    }
    return row.durationUs == 0 ? QStringLiteral("…") : QString();
}

} // namespace

QString cellText(const view::FlowRow& row, FlowColumn column) {
    switch (column) {
    case FlowColumn::Id: return QString::number(row.id);
    case FlowColumn::Time: return formatClockTime(row.startedAtUs);
    case FlowColumn::Method: return fromView(row.method);
    case FlowColumn::Host: return fromView(row.host);
    case FlowColumn::Path: return fromView(row.path);
    case FlowColumn::Status: return statusText(row);
    case FlowColumn::Type: return typeText(row);
    case FlowColumn::RequestSize: return row.requestSize == 0 ? QString() : formatBytes(row.requestSize);
    case FlowColumn::ResponseSize: return formatBytes(row.responseSize);
    case FlowColumn::Duration: return formatDuration(row.durationUs);
    }
    return {};
}

QString formatBytes(std::uint64_t bytes) {
    static constexpr std::array<const char*, 4> kUnits = {"KB", "MB", "GB", "TB"};
    if (bytes < 1024) {
        return QStringLiteral("%1 B").arg(bytes);
    }
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < kUnits.size()) {
        value /= 1024.0;
        ++unit;
    }
    // About three significant digits: 1.5 KB, 12.3 MB, 512 KB.
    const int decimals = value < 100 ? 1 : 0;
    return QStringLiteral("%1 %2").arg(value, 0, 'f', decimals).arg(QLatin1String(kUnits[unit]));
}

QString formatDuration(std::int64_t microseconds) {
    if (microseconds <= 0) {
        return {};
    }
    if (microseconds < 1000) {
        return QStringLiteral("%1 µs").arg(microseconds);
    }
    if (microseconds < 1'000'000) {
        const double ms = static_cast<double>(microseconds) / 1000.0;
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 10 ? 1 : 0);
    }
    if (microseconds < 60'000'000) {
        return QStringLiteral("%1 s").arg(static_cast<double>(microseconds) / 1e6, 0, 'f', 2);
    }
    const std::int64_t seconds = microseconds / 1'000'000;
    return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

QString formatClockTime(std::int64_t epochMicroseconds) {
    if (epochMicroseconds <= 0) {
        return {};
    }
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(epochMicroseconds / 1000);
    return time.toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace flowscope::ui
