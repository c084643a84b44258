#pragma once
// A read-only table of strings (headers, query parameters, cookies): the detail view's
// tables are small (a head has at most 1000 fields) and replaced whole per flow, so rows
// are plain QStringLists and a reset is the only change signal.

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace flowscope::ui {

class TextTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    // Tooltips show a long value whole, up to this many characters.
    static constexpr qsizetype kToolTipLimit = 2000;

    explicit TextTableModel(QStringList columns, QObject* parent = nullptr);

    // Rows shorter than the column list are padded with empty cells.
    void setRows(QList<QStringList> rows);
    void clear() { setRows({}); }
    const QList<QStringList>& rows() const { return m_rows; }
    const QStringList& columns() const { return m_columns; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_columns;
    QList<QStringList> m_rows;
};

} // namespace flowscope::ui
