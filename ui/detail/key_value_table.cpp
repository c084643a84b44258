#include "detail/key_value_table.hpp"

#include "detail/text_table_model.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QMenu>
#include <algorithm>

namespace flowscope::ui {

KeyValueTable::KeyValueTable(QStringList columns, QWidget* parent)
    : QTableView(parent), m_model(new TextTableModel(std::move(columns), this)), m_copy(new QAction(tr("Copy"), this)),
      m_copyValue(new QAction(tr("Copy Value"), this)), m_copyAll(new QAction(tr("Copy All"), this)) {
    setModel(m_model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setAlternatingRowColors(true);
    setShowGrid(false);
    verticalHeader()->hide();
    // One text line per row: fixed heights let the view skip measuring every row.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);

    // The shortcut is scoped to this table, so Ctrl+C in a neighbouring text view still
    // copies that view's text selection.
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_copy);
    connect(m_copy, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(selectedRowsText()); });
    connect(m_copyValue, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedValuesText()); });
    connect(m_copyAll, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(allRowsText()); });
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { updateActions(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { updateActions(); });
    updateActions();
}

void KeyValueTable::setRows(QList<QStringList> rows) {
    m_model->setRows(std::move(rows));
    // Name column as wide as its content (capped), the value takes the rest.
    resizeColumnToContents(0);
    setColumnWidth(0, std::min(columnWidth(0), 320));
}

QList<int> KeyValueTable::selectedRowNumbers() const {
    QList<int> rows;
    for (const QModelIndex& index : selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString KeyValueTable::rowText(int row) const {
    const QStringList& cells = m_model->rows()[row];
    if (cells.size() == 2)
        return cells[0] + QStringLiteral(": ") + cells[1];
    return cells.join(QLatin1Char('\t'));
}

QString KeyValueTable::selectedRowsText() const {
    QStringList lines;
    for (const int row : selectedRowNumbers())
        lines << rowText(row);
    return lines.join(QLatin1Char('\n'));
}

QString KeyValueTable::selectedValuesText() const {
    QStringList values;
    for (const int row : selectedRowNumbers())
        values << m_model->rows()[row].value(1);
    return values.join(QLatin1Char('\n'));
}

QString KeyValueTable::allRowsText() const {
    QStringList lines;
    for (int row = 0; row < m_model->rowCount(); ++row)
        lines << rowText(row);
    return lines.join(QLatin1Char('\n'));
}

void KeyValueTable::updateActions() {
    const bool hasSelection = selectionModel()->hasSelection();
    m_copy->setEnabled(hasSelection);
    m_copyValue->setEnabled(hasSelection);
    m_copyAll->setEnabled(m_model->rowCount() > 0);
}

void KeyValueTable::keyPressEvent(QKeyEvent* event) {
    // QAbstractItemView would copy only the current cell; the action shortcut does not fire
    // while the window is inactive. Rows, always.
    if (event->matches(QKeySequence::Copy)) {
        m_copy->trigger();
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

void KeyValueTable::contextMenuEvent(QContextMenuEvent* event) {
    // Right-clicking an unselected row acts on that row, as in file managers.
    const QModelIndex index = indexAt(viewport()->mapFromGlobal(event->globalPos()));
    if (index.isValid() && !selectionModel()->isRowSelected(index.row(), QModelIndex()))
        selectRow(index.row());
    QMenu menu(this);
    menu.addAction(m_copy);
    menu.addAction(m_copyValue);
    menu.addSeparator();
    menu.addAction(m_copyAll);
    menu.exec(event->globalPos());
}

} // namespace flowscope::ui
