#pragma once
// The Headers tab: the start line ("GET /x HTTP/1.1", "HTTP/1.1 200 OK") above the header
// fields in wire order, original case, duplicates kept.

#include "store/flow.hpp"

#include <QWidget>

class QLabel;

namespace flowscope::ui {

class KeyValueTable;

class HeadersPane : public QWidget {
    Q_OBJECT

public:
    explicit HeadersPane(QWidget* parent = nullptr);

    // An empty `startLine` shows `emptyText` instead ("No response").
    void setHead(const QString& startLine, const store::HeaderList& headers, const QString& emptyText = QString());
    void clear() { setHead(QString(), {}); }

    QString startLineText() const;
    KeyValueTable* table() const { return m_table; }

private:
    QLabel* m_startLine;
    KeyValueTable* m_table;
};

} // namespace flowscope::ui
