#include "messages/message_list_model.hpp"

#include "messages/message_text.hpp"
#include "viewers/viewer_text.hpp"

#include <QScopedValueRollback>

namespace flowscope::ui {

MessageListModel::MessageListModel(QObject* parent) : QAbstractTableModel(parent) {}

MessageListModel::~MessageListModel() = default;

void MessageListModel::setFlow(const std::filesystem::path& storeFile, qint64 flowId, qint64 startedAtUs) {
    beginResetModel();
    forget();
    m_flowId = flowId;
    m_startedAtUs = startedAtUs;
    try {
        m_reader = std::make_unique<store::FlowReader>(storeFile);
    } catch (const store::StoreError& failure) {
        m_error = QString::fromUtf8(failure.what());
    }
    endResetModel();
    if (!m_error.isEmpty()) {
        Q_EMIT loadFailed(m_error);
        return;
    }
    append(readPage(m_pageSize));
}

void MessageListModel::clear() {
    beginResetModel();
    forget();
    endResetModel();
}

void MessageListModel::forget() {
    m_rows.clear();
    m_rows.shrink_to_fit(); // a connection with a million rows listed should not keep its capacity
    m_reader.reset();
    m_flowId = 0;
    m_startedAtUs = 0;
    m_lastSeq = -1;
    m_hasMore = false;
    m_sent = m_received = 0;
    m_error.clear();
}

std::vector<store::WebSocketMessage> MessageListModel::readPage(int limit) {
    if (!m_reader || m_flowId == 0)
        return {};
    try {
        return m_reader->messages(m_flowId, m_lastSeq, limit, kPreviewBytes);
    } catch (const store::StoreError& failure) {
        m_error = QString::fromUtf8(failure.what());
        Q_EMIT loadFailed(m_error);
        return {};
    }
}

void MessageListModel::append(std::vector<store::WebSocketMessage> page) {
    m_hasMore = static_cast<int>(page.size()) == m_pageSize;
    if (page.empty())
        return;
    const int first = rowCount();
    // A slot on rowsInserted may call fetchMore() (QAbstractItemModelTester does): it waits
    // until this insertion is over rather than nest a second one inside it.
    const QScopedValueRollback inserting(m_inserting, true);
    beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
    m_rows.reserve(m_rows.size() + page.size());
    for (const store::WebSocketMessage& message : page) {
        (message.direction == store::MessageDirection::ClientToServer ? m_sent : m_received) += 1;
        m_lastSeq = message.seq;
        m_rows.push_back({message.seq, message.timeUs, message.length, message.opcode, message.direction,
                          message.truncated, message.compressed, messagePreview(message),
                          QString::fromStdString(message.error)});
    }
    endInsertRows();
}

int MessageListModel::refresh() {
    if (m_hasMore || m_inserting || !m_reader)
        return 0; // not at the tail: fetchMore() will read the newer messages in order
    const int before = rowCount();
    append(readPage(m_pageSize));
    return rowCount() - before;
}

bool MessageListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_hasMore && !m_inserting;
}

void MessageListModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent))
        append(readPage(m_pageSize));
}

std::optional<store::WebSocketMessage> MessageListModel::fullMessage(int row) const {
    if (!m_reader || row < 0 || row >= rowCount())
        return std::nullopt;
    try {
        // seq - 1 as "after": the first message from seq on is this one (gaps only lie between).
        const std::int64_t seq = m_rows[static_cast<std::size_t>(row)].seq;
        std::vector<store::WebSocketMessage> one = m_reader->messages(m_flowId, seq - 1, 1);
        if (one.empty())
            return std::nullopt;
        return std::move(one.front());
    } catch (const store::StoreError&) {
        return std::nullopt;
    }
}

int MessageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int MessageListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString MessageListModel::toolTip(const Row& row) const {
    QString tip = QStringLiteral("#%1 %2 %3, %4 at %5 (%6)")
                      .arg(row.seq)
                      .arg(directionName(row.direction), messageTypeName(row.opcode), formatByteSize(row.length),
                           clockTime(row.timeUs), relativeTime(row.timeUs, m_startedAtUs));
    if (row.compressed)
        tip += QStringLiteral("\npermessage-deflate: shown inflated");
    if (row.truncated)
        tip += QStringLiteral("\npayload truncated in the capture");
    if (!row.error.isEmpty())
        tip += QStringLiteral("\n\u26a0 ") + row.error;
    return tip;
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case DirectionColumn:
            return directionArrow(row.direction);
        case TimeColumn:
            return clockTime(row.timeUs);
        case TypeColumn:
            return messageTypeName(row.opcode);
        case SizeColumn:
            return formatByteSize(row.length);
        case PreviewColumn:
            return row.error.isEmpty() ? row.preview : QStringLiteral("\u26a0 ") + row.preview;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == DirectionColumn)
            return QVariant(Qt::AlignCenter);
        return {};
    case SeqRole:
        return QVariant::fromValue<qint64>(row.seq);
    case DirectionRole:
        return static_cast<int>(row.direction);
    case OpcodeRole:
        return row.opcode;
    case PreviewRole:
        return row.preview;
    default:
        return {};
    }
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case DirectionColumn:
        return QString();
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Type");
    case SizeColumn:
        return tr("Size");
    case PreviewColumn:
        return tr("Data");
    default:
        return {};
    }
}

} // namespace flowscope::ui
