#pragma once
// Tree model over a JsonDocument: one top-level row for the document's root value ("$"),
// columns Key | Value | Type. Every index carries its tape node number as internalId, so
// index(), parent() and rowCount() are O(1) and nothing is materialised per row; display
// strings are decoded in data() only for the rows a view asks about.

#include "viewers/json_document.hpp"

#include <QAbstractItemModel>
#include <QByteArray>
#include <QString>
#include <memory>

namespace flowscope::ui {

class JsonTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { KeyColumn = 0, ValueColumn = 1, TypeColumn = 2, ColumnCount = 3 };
    enum Role {
        PathRole = Qt::UserRole + 1, // QString, pathOf()
        JsonRole,                    // QString, valueText(): compact JSON
        TypeRole,                    // int, JsonDocument::Type
    };

    explicit JsonTreeModel(QObject* parent = nullptr);
    ~JsonTreeModel() override;

    // Parses and shows `json`. Returns false for malformed JSON: the model is then empty and
    // errorString() says what went wrong and where.
    bool setJson(const QByteArray& json);
    // Shows an already parsed document (BodyViewer parses once to choose its mode).
    void setDocument(std::shared_ptr<const JsonDocument> document);
    void clear();

    QString errorString() const;
    const JsonDocument* document() const { return m_document.get(); }

    // "$", "$.items[3].name", "$['content-type']" (RFC 9535 normalized path form).
    QString pathOf(const QModelIndex& index) const;
    // The value as compact JSON ("\"text\"", "42", "{\"a\":[1,2]}"), numbers as written.
    QString valueText(const QModelIndex& index) const;
    // The member name, the array position for elements, "$" for the root.
    QString keyText(const QModelIndex& index) const;
    // Decoded string for string values, valueText() otherwise: what "Copy value" copies.
    QString plainValueText(const QModelIndex& index) const;

    int nodeOf(const QModelIndex& index) const; // -1 for an invalid index
    QModelIndex indexForNode(int node, int column = KeyColumn) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // Display text of a value cell: strings decoded with control characters escaped and
    // cut for one-line display, containers summarised ("{3 keys}", "[10 items]").
    QString displayValue(int node) const;

private:
    std::shared_ptr<const JsonDocument> m_document;
    QString m_error;
};

} // namespace flowscope::ui
