#pragma once
// The Error tab, and the words the error banner uses: what went wrong with a flow, from its
// stable error kind (engine/flow_errors.hpp) and the engine's one-line message.

#include "store/flow.hpp"

#include <QString>
#include <QWidget>

class QLabel;

namespace flowscope::ui {

// A short human title for a stored error kind ("Connection refused" for connect_refused);
// the kind itself for kinds this build does not know (stored by a newer version).
QString errorKindTitle(const QString& kind);
// What the user can do about it, or empty.
QString errorKindHint(const QString& kind);

class ErrorPane : public QWidget {
    Q_OBJECT

public:
    explicit ErrorPane(QWidget* parent = nullptr);

    void setFlow(const store::Flow& flow);
    void clear();

    QString titleText() const;
    QString messageText() const;

private:
    QLabel* m_title;
    QLabel* m_kind;
    QLabel* m_message;
    QLabel* m_hint;
};

} // namespace flowscope::ui
