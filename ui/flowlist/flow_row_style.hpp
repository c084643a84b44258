#pragma once
// How a row looks beyond its text: failed exchanges and 4xx/5xx in colours that read on
// light and dark palettes, and a marker icon for WebSocket and tunnel flows.

#include "flowlist/flow_columns.hpp"

#include <QVariant>

namespace flowscope::ui {

// A QBrush for Qt::ForegroundRole, or an empty QVariant for the palette's text colour.
QVariant rowForeground(const view::FlowRow& row, FlowColumn column);
// A QIcon for Qt::DecorationRole of the method column, or an empty QVariant.
QVariant rowIcon(const view::FlowRow& row);

} // namespace flowscope::ui
