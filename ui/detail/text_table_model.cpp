#include "detail/text_table_model.hpp"

namespace flowscope::ui {

TextTableModel::TextTableModel(QStringList columns, QObject* parent)
    : QAbstractTableModel(parent), m_columns(std::move(columns)) {}

void TextTableModel::setRows(QList<QStringList> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    for (QStringList& row : m_rows) {
        while (row.size() < m_columns.size())
            row << QString();
    }
    endResetModel();
}

int TextTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TextTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant TextTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString& text = m_rows[index.row()][index.column()];
    switch (role) {
    case Qt::DisplayRole:
        return text;
    case Qt::ToolTipRole:
        return text.size() > kToolTipLimit ? QString(text.left(kToolTipLimit) + QChar(0x2026)) : text;
    default:
        return {};
    }
}

QVariant TextTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_columns.size())
        return {};
    return m_columns[section];
}

} // namespace flowscope::ui
