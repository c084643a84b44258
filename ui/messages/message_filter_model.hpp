#pragma once
// The Messages tab's filter over MessageListModel: a substring of the preview
// (case-insensitive), a direction and a type class. It keeps the source's order (no
// sorting: seq order is the conversation) and forwards fetchMore(), so paging still works
// through it. Matching reads only the row's small preview, never a payload from the store.

#include <QSortFilterProxyModel>
#include <QString>

namespace flowscope::ui {

class MessageFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Direction { All, Sent, Received };
    enum class Type { All, Text, Binary, Control };

    explicit MessageFilterModel(QObject* parent = nullptr);

    void setText(const QString& text);
    void setDirection(Direction direction);
    void setType(Type type);
    QString text() const { return m_text; }
    Direction direction() const { return m_direction; }
    Type type() const { return m_type; }
    bool isActive() const { return !m_text.isEmpty() || m_direction != Direction::All || m_type != Type::All; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    Direction m_direction = Direction::All;
    Type m_type = Type::All;
};

} // namespace flowscope::ui
