#include "resend/header_editor.hpp"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace flowscope::ui {

HeaderEditor::HeaderEditor(QWidget* parent)
    : QWidget(parent), m_table(new QTableWidget(0, 2, this)), m_add(new QPushButton(tr("Add"), this)),
      m_remove(new QPushButton(tr("Remove"), this)) {
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->setColumnWidth(0, 200);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &HeaderEditor::addRow);
    connect(m_remove, &QPushButton::clicked, this, &HeaderEditor::removeSelectedRows);
    connect(m_table, &QTableWidget::itemChanged, this, &HeaderEditor::edited);
}

void HeaderEditor::appendRow(const QString& name, const QString& value) {
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
}

void HeaderEditor::setHeaders(const client::HeaderList& headers) {
    const QSignalBlocker block(m_table);
    m_table->setRowCount(0);
    for (const auto& [name, value] : headers)
        appendRow(QString::fromStdString(name), QString::fromStdString(value));
}

client::HeaderList HeaderEditor::headers() const {
    client::HeaderList out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem* name = m_table->item(row, 0);
        const QTableWidgetItem* value = m_table->item(row, 1);
        const QString nameText = name != nullptr ? name->text().trimmed() : QString();
        if (nameText.isEmpty())
            continue;
        // Leading and trailing whitespace is not part of a field value (RFC 9110 §5.5).
        out.emplace_back(nameText.toStdString(), value != nullptr ? value->text().trimmed().toStdString() : "");
    }
    return out;
}

void HeaderEditor::addRow() {
    appendRow(QString(), QString());
    const int row = m_table->rowCount() - 1;
    m_table->setCurrentCell(row, 0);
    m_table->editItem(m_table->item(row, 0));
    Q_EMIT edited();
}

void HeaderEditor::removeSelectedRows() {
    QList<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows << index.row();
    if (rows.isEmpty() && m_table->currentRow() >= 0)
        rows << m_table->currentRow();
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (const int row : rows)
        m_table->removeRow(row);
    if (!rows.isEmpty())
        Q_EMIT edited();
}

} // namespace flowscope::ui
