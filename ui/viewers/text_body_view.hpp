#pragma once
// Read-only text view for bodies: monospace, highlighted, JSON pretty-printed, and capped.
// QPlainTextEdit builds a QTextDocument block per line and QSyntaxHighlighter formats every
// block up front, so an unbounded body (a 50 MB log, a minified bundle) would freeze the
// UI thread; past the limits the view shows a prefix or drops highlighting and says so.

#include "viewers/syntax_highlighter.hpp"

#include <QByteArray>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;

namespace flowscope::ui {

class TextBodyView : public QWidget {
    Q_OBJECT

public:
    static constexpr qsizetype kDefaultDisplayLimit = 2 * 1024 * 1024;
    // QTextDocument spends ~3-5 us per block on insertion alone (measured: 175k lines of
    // pretty-printed JSON took ~0.8 s in setPlainText), so short-line text is capped by
    // lines as well as by bytes.
    static constexpr qsizetype kDefaultLineLimit = 50000;
    static constexpr qsizetype kDefaultHighlightLimit = 512 * 1024;
    // Lines longer than this are broken for display only: laying out one multi-megabyte
    // line (a minified bundle) takes seconds in QTextLayout.
    static constexpr qsizetype kMaxLineChars = 10000;

    enum class Formatting { AsIs, Pretty };

    explicit TextBodyView(QWidget* parent = nullptr);

    // `body` is UTF-8 (invalid sequences show as U+FFFD). With Formatting::Pretty valid JSON
    // is re-indented (keys, order and number text kept as sent).
    void setBody(const QByteArray& body, SyntaxLanguage language, Formatting formatting = Formatting::Pretty);
    void clear();

    QString text() const; // what the editor shows
    bool isPrettyPrinted() const { return m_prettyPrinted; }
    bool isCapped() const { return m_capped; }
    bool isHighlighted() const { return m_highlighted; }
    bool hasBrokenLines() const { return m_linesBroken; }
    QString noticeText() const;

    void setLineWrap(bool wrap);
    bool lineWrap() const;
    void setDisplayLimit(qsizetype bytes) { m_displayLimit = bytes; }
    void setLineLimit(qsizetype lines) { m_lineLimit = lines; }
    void setHighlightLimit(qsizetype bytes) { m_highlightLimit = bytes; }

    QPlainTextEdit* editor() const { return m_editor; }
    SyntaxHighlighter* highlighter() const { return m_highlighter; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QPlainTextEdit* m_editor;
    SyntaxHighlighter* m_highlighter;
    QCheckBox* m_wrap;
    QLabel* m_notice;
    qsizetype m_displayLimit = kDefaultDisplayLimit;
    qsizetype m_lineLimit = kDefaultLineLimit;
    qsizetype m_highlightLimit = kDefaultHighlightLimit;
    bool m_prettyPrinted = false;
    bool m_capped = false;
    bool m_highlighted = false;
    bool m_linesBroken = false;
};

} // namespace flowscope::ui
