#pragma once
// An editable header list for the resend dialog: one row per field in wire order, name and
// value cells, Add and Remove. Rows with an empty name are ignored when read back.

#include "client/request_spec.hpp"

#include <QWidget>

class QPushButton;
class QTableWidget;

namespace flowscope::ui {

class HeaderEditor : public QWidget {
    Q_OBJECT

public:
    explicit HeaderEditor(QWidget* parent = nullptr);

    void setHeaders(const client::HeaderList& headers);
    client::HeaderList headers() const;

    // Appends an empty row and starts editing its name.
    void addRow();
    // Removes the selected rows (or the current one).
    void removeSelectedRows();

    QTableWidget* table() const { return m_table; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }

Q_SIGNALS:
    void edited();

private:
    void appendRow(const QString& name, const QString& value);

    QTableWidget* m_table;
    QPushButton* m_add;
    QPushButton* m_remove;
};

} // namespace flowscope::ui
