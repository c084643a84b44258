#pragma once
// The selected message under the Messages list: one line about it (direction, type, size,
// time, compression, truncation, the parser's complaint), a Close frame's code and reason,
// and the payload in the automatic BodyViewer (JSON tree for JSON text, text, hex for
// binary).

#include "store/websocket_message.hpp"

#include <QWidget>
#include <cstdint>

class QLabel;

namespace flowscope::ui {

class BodyViewer;

class MessageDetailView : public QWidget {
    Q_OBJECT

public:
    explicit MessageDetailView(QWidget* parent = nullptr);

    // `message` carries its whole stored payload; `startedAtUs` is the connection's start.
    void showMessage(const store::WebSocketMessage& message, std::int64_t startedAtUs);
    void clear();

    QString infoText() const;
    QString closeText() const; // "Close 1000 (normal closure): “bye”", empty for other frames
    BodyViewer* viewer() const { return m_viewer; }

private:
    QLabel* m_info;
    QLabel* m_close;
    BodyViewer* m_viewer;
};

} // namespace flowscope::ui
