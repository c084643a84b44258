#include "viewers/json_tree_model.hpp"

namespace flowscope::ui {
namespace {

// A value cell is one line (uniform row heights); the full value is a copy away.
constexpr qsizetype kDisplayChars = 300;
constexpr qsizetype kToolTipChars = 4000;

QString escapeControls(const QString& text) {
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        switch (ch.unicode()) {
        case u'\n':
            out += QStringLiteral("\\n");
            break;
        case u'\r':
            out += QStringLiteral("\\r");
            break;
        case u'\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (ch.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(ch.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += ch;
        }
    }
    return out;
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

JsonTreeModel::~JsonTreeModel() = default;

bool JsonTreeModel::setJson(const QByteArray& json) {
    auto document = std::make_shared<JsonDocument>(JsonDocument::parse(json));
    setDocument(document);
    return document->isValid();
}

void JsonTreeModel::setDocument(std::shared_ptr<const JsonDocument> document) {
    beginResetModel();
    m_error = document ? document->errorString() : QString();
    m_document = document && document->isValid() ? std::move(document) : nullptr;
    endResetModel();
}

void JsonTreeModel::clear() {
    beginResetModel();
    m_document.reset();
    m_error.clear();
    endResetModel();
}

QString JsonTreeModel::errorString() const {
    return m_error;
}

int JsonTreeModel::nodeOf(const QModelIndex& index) const {
    if (!index.isValid() || !m_document || index.model() != this)
        return -1;
    return static_cast<int>(index.internalId());
}

QModelIndex JsonTreeModel::indexForNode(int node, int column) const {
    if (!m_document || node < 0 || node >= m_document->nodeCount())
        return {};
    return createIndex(m_document->node(node).row, column, static_cast<quintptr>(node));
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (!m_document || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row == 0 ? createIndex(0, column, static_cast<quintptr>(0)) : QModelIndex();
    if (parent.column() != KeyColumn)
        return {};
    const int child = m_document->childAt(nodeOf(parent), row);
    return child < 0 ? QModelIndex() : createIndex(row, column, static_cast<quintptr>(child));
}

QModelIndex JsonTreeModel::parent(const QModelIndex& child) const {
    const int node = nodeOf(child);
    if (node < 0)
        return {};
    const int parentNode = m_document->node(node).parent;
    return parentNode < 0 ? QModelIndex() : indexForNode(parentNode);
}

int JsonTreeModel::rowCount(const QModelIndex& parent) const {
    if (!m_document)
        return 0;
    if (!parent.isValid())
        return 1;
    if (parent.column() != KeyColumn)
        return 0;
    return m_document->node(nodeOf(parent)).childCount;
}

int JsonTreeModel::columnCount(const QModelIndex& parent) const {
    Q_UNUSED(parent)
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex& parent) const {
    return rowCount(parent) > 0;
}

QString JsonTreeModel::displayValue(int node) const {
    const JsonDocument::Node& n = m_document->node(node);
    switch (n.type) {
    case JsonDocument::Type::Object:
        if (n.childCount == 0)
            return QStringLiteral("{}");
        return n.childCount == 1 ? QStringLiteral("{1 key}") : QStringLiteral("{%1 keys}").arg(n.childCount);
    case JsonDocument::Type::Array:
        if (n.childCount == 0)
            return QStringLiteral("[]");
        return n.childCount == 1 ? QStringLiteral("[1 item]") : QStringLiteral("[%1 items]").arg(n.childCount);
    case JsonDocument::Type::String: {
        QString text = escapeControls(m_document->stringValue(node, kDisplayChars + 1));
        if (text.size() > kDisplayChars) {
            text.truncate(kDisplayChars);
            text += QChar(0x2026); // …
        }
        return text;
    }
    default:
        return QString::fromUtf8(m_document->rawValue(node));
    }
}

QVariant JsonTreeModel::data(const QModelIndex& index, int role) const {
    const int node = nodeOf(index);
    if (node < 0)
        return {};
    const JsonDocument::Node& n = m_document->node(node);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return keyText(index);
        case ValueColumn:
            return displayValue(node);
        case TypeColumn:
            return JsonDocument::typeName(n.type);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && n.type == JsonDocument::Type::String &&
            n.valueLength > static_cast<quint32>(kDisplayChars))
            return m_document->stringValue(node, kToolTipChars);
        if (index.column() == KeyColumn)
            return pathOf(index);
        return {};
    case PathRole:
        return pathOf(index);
    case JsonRole:
        return valueText(index);
    case TypeRole:
        return static_cast<int>(n.type);
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    default:
        return {};
    }
}

Qt::ItemFlags JsonTreeModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags result = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!hasChildren(index.siblingAtColumn(KeyColumn)))
        result |= Qt::ItemNeverHasChildren;
    return result;
}

QString JsonTreeModel::pathOf(const QModelIndex& index) const {
    const int node = nodeOf(index);
    return node < 0 ? QString() : m_document->path(node);
}

QString JsonTreeModel::valueText(const QModelIndex& index) const {
    const int node = nodeOf(index);
    return node < 0 ? QString() : QString::fromUtf8(m_document->compactValue(node));
}

QString JsonTreeModel::keyText(const QModelIndex& index) const {
    const int node = nodeOf(index);
    if (node < 0)
        return {};
    const JsonDocument::Node& n = m_document->node(node);
    if (n.parent < 0)
        return QStringLiteral("$");
    if (m_document->node(n.parent).type == JsonDocument::Type::Array)
        return QString::number(n.row);
    return m_document->key(node);
}

QString JsonTreeModel::plainValueText(const QModelIndex& index) const {
    const int node = nodeOf(index);
    if (node < 0)
        return {};
    if (m_document->node(node).type == JsonDocument::Type::String)
        return m_document->stringValue(node);
    return valueText(index);
}

} // namespace flowscope::ui
