#pragma once
// The toolbar's filter: a text field speaking the filter language of docs/filtering.md
// (errors shown in place, with the column), and the quick filters (All, XHR/JSON, Docs,
// JS/CSS, Images, WebSocket, Errors, 4xx/5xx). Emits one combined expression, debounced
// while typing.

#include "view/filter_expression.hpp"

#include <QTimer>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QLineEdit;

namespace flowscope::ui {

class FilterBar : public QWidget {
    Q_OBJECT
public:
    enum class Quick { All, Json, Docs, Scripts, Images, WebSocket, Errors, HttpErrors };

    explicit FilterBar(QWidget* parent = nullptr);

    // The typed terms and the quick filter's, AND-ed.
    view::FilterExpression expression() const;
    QLineEdit* field() const { return m_field; }
    void setText(const QString& text);
    void setQuick(Quick quick);
    Quick quick() const { return m_quick; }
    // Empty when the text parses.
    QString errorText() const { return m_error; }

    // The quick filter's own terms (public for tests and docs).
    static view::FilterExpression quickExpression(Quick quick);

Q_SIGNALS:
    void expressionChanged();

private:
    void parseNow();

    QLineEdit* m_field = nullptr;
    QLabel* m_errorLabel = nullptr;
    QButtonGroup* m_quickButtons = nullptr;
    QTimer m_debounce;
    view::FilterExpression m_typed;
    QString m_error;
    Quick m_quick = Quick::All;
};

} // namespace flowscope::ui
