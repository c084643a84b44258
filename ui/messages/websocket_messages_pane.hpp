#pragma once
// The Messages tab of a WebSocket flow: a header line with the connection's state (open or
// who closed it, code and reason, counts per direction, drops, the protocol error), a
// filter row (text, direction, type), the message list and, below it in a splitter, the
// selected message's payload.
//
// The pane reads the store itself (MessageListModel pages the messages); its owner says
// which flow to show and calls refresh() when the writer has committed more, which appends
// the new messages and follows the tail while the list is scrolled to the bottom.
//
// Thread safety: GUI thread only.

#include "store/flow.hpp"

#include <QWidget>
#include <filesystem>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;

namespace flowscope::ui {

class MessageDetailView;
class MessageFilterModel;
class MessageListModel;

class WebSocketMessagesPane : public QWidget {
    Q_OBJECT

public:
    explicit WebSocketMessagesPane(QWidget* parent = nullptr);
    ~WebSocketMessagesPane() override;

    // Lists the messages of `flow` (a WebSocket flow read from `storeFile`). Showing the
    // flow already shown only refreshes it, keeping the selection and scroll position.
    void showFlow(const std::filesystem::path& storeFile, const store::Flow& flow);
    void clear();
    // Re-reads the flow's row (counts, close status) and appends messages committed since
    // the last one listed: one indexed query each, so it is fine on every commit batch.
    // Does nothing once the connection has ended and its last messages were read.
    void refresh();

    qint64 flowId() const { return m_flow.id; }
    QString headerText() const;

    MessageListModel* model() const { return m_model; }
    MessageFilterModel* filterModel() const { return m_filter; }
    QTableView* table() const { return m_table; }
    MessageDetailView* messageView() const { return m_detail; }
    QLineEdit* textFilter() const { return m_text; }
    QComboBox* directionFilter() const { return m_direction; }
    QComboBox* typeFilter() const { return m_type; }

private:
    void buildFilterRow(QHBoxLayout* row);
    void showCurrent();
    void updateHeader();
    bool atBottom() const;

    std::filesystem::path m_storeFile;
    store::Flow m_flow;   // the flow's row, re-read by refresh(); no bodies
    bool m_ended = false; // the ended row was seen and the messages after it read

    MessageListModel* m_model;
    MessageFilterModel* m_filter;
    QLabel* m_header;
    QLineEdit* m_text;
    QComboBox* m_direction;
    QComboBox* m_type;
    QSplitter* m_splitter;
    QTableView* m_table;
    MessageDetailView* m_detail;
};

} // namespace flowscope::ui
