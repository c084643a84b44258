#include "flowlist/flow_row_style.hpp"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QIcon>
#include <QPalette>

namespace flowscope::ui {
namespace {

bool darkPalette() {
    return QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
}

// Saturated enough to notice in a long list, light enough on a dark base.
QColor errorColour() {
    return darkPalette() ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
}
QColor clientErrorColour() {
    return darkPalette() ? QColor(0xff, 0xb3, 0x47) : QColor(0xb3, 0x5c, 0x00);
}
QColor redirectColour() {
    return darkPalette() ? QColor(0x9e, 0x9e, 0xff) : QColor(0x3f, 0x51, 0xb5);
}

} // namespace

QVariant rowForeground(const view::FlowRow& row, FlowColumn column) {
    // A failed exchange is marked across the whole row; statuses only in their columns,
    // so a long list of 404s stays readable.
    if (row.hasError() || row.status >= 500) {
        return QBrush(errorColour());
    }
    if (column != FlowColumn::Status && column != FlowColumn::Path) {
        return {};
    }
    if (row.status >= 400) {
        return QBrush(clientErrorColour());
    }
    if (row.status >= 300 && row.status < 400 && column == FlowColumn::Status) {
        return QBrush(redirectColour());
    }
    return {};
}

QVariant rowIcon(const view::FlowRow& row) {
    switch (row.kind) {
    case store::FlowKind::WebSocket: {
        static const QIcon icon(QStringLiteral(":/icons/websocket.svg"));
        return icon;
    }
    case store::FlowKind::Tunnel: {
        static const QIcon icon(QStringLiteral(":/icons/tunnel.svg"));
        return icon;
    }
    case store::FlowKind::Http: break;
    }
    if (row.hasError()) {
        static const QIcon icon(QStringLiteral(":/icons/error.svg"));
        return icon;
    }
    return {};
}

} // namespace flowscope::ui
