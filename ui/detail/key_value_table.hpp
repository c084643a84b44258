#pragma once
// The table the detail tabs share (headers, query, cookies): rows selectable, Ctrl+C copies
// the selected rows as "Name: value" lines, and a context menu offers Copy, Copy value and
// Copy all. Tables with more than two columns (Set-Cookie) copy rows tab-separated, which
// pastes into a spreadsheet as cells.

#include <QStringList>
#include <QTableView>

class QAction;

namespace flowscope::ui {

class TextTableModel;

class KeyValueTable : public QTableView {
    Q_OBJECT

public:
    explicit KeyValueTable(QStringList columns, QWidget* parent = nullptr);

    TextTableModel* tableModel() const { return m_model; }
    void setRows(QList<QStringList> rows);

    // What each action puts on the clipboard (rows in display order).
    QString selectedRowsText() const;
    QString selectedValuesText() const;
    QString allRowsText() const;

    QAction* copyAction() const { return m_copy; }
    QAction* copyValueAction() const { return m_copyValue; }
    QAction* copyAllAction() const { return m_copyAll; }

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QString rowText(int row) const;
    QList<int> selectedRowNumbers() const;
    void updateActions();

    TextTableModel* m_model;
    QAction* m_copy;
    QAction* m_copyValue;
    QAction* m_copyAll;
};

} // namespace flowscope::ui
