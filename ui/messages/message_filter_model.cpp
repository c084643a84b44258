#include "messages/message_filter_model.hpp"

#include "messages/message_list_model.hpp"
#include "messages/message_text.hpp"

namespace flowscope::ui {

MessageFilterModel::MessageFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    // Appended rows are filtered as they arrive (the default); there is no sort to keep.
    setDynamicSortFilter(true);
}

void MessageFilterModel::setText(const QString& text) {
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

void MessageFilterModel::setDirection(Direction direction) {
    if (direction == m_direction)
        return;
    m_direction = direction;
    invalidateRowsFilter();
}

void MessageFilterModel::setType(Type type) {
    if (type == m_type)
        return;
    m_type = type;
    invalidateRowsFilter();
}

bool MessageFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_direction != Direction::All) {
        const int direction = index.data(MessageListModel::DirectionRole).toInt();
        const int wanted = static_cast<int>(m_direction == Direction::Sent ? store::MessageDirection::ClientToServer
                                                                           : store::MessageDirection::ServerToClient);
        if (direction != wanted)
            return false;
    }
    if (m_type != Type::All) {
        const int opcode = index.data(MessageListModel::OpcodeRole).toInt();
        const bool match = m_type == Type::Text     ? opcode == store::kOpcodeText
                           : m_type == Type::Binary ? opcode == store::kOpcodeBinary
                                                    : isControlOpcode(opcode);
        if (!match)
            return false;
    }
    return m_text.isEmpty() ||
           index.data(MessageListModel::PreviewRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace flowscope::ui
