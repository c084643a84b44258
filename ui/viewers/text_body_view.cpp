#include "viewers/text_body_view.hpp"

#include "viewers/json_document.hpp"
#include "viewers/viewer_text.hpp"

#include <QCheckBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStringList>
#include <QVBoxLayout>

namespace flowscope::ui {
namespace {

// When cutting at the display limit, prefer the end of a line if one is this close.
constexpr qsizetype kCutAtLineWindow = 64 * 1024;

// Inserts a line break every `maxChars` characters of an over-long line. Returns false
// (leaving `text` alone) when no line is that long, the common case, without copying.
bool breakLongLines(QString& text, qsizetype maxChars) {
    qsizetype lineStart = 0;
    bool found = false;
    for (qsizetype i = 0; i <= text.size() && !found; ++i) {
        if (i == text.size() || text[i] == u'\n') {
            found = i - lineStart > maxChars;
            lineStart = i + 1;
        }
    }
    if (!found)
        return false;
    QString out;
    out.reserve(text.size() + text.size() / maxChars + 1);
    qsizetype run = 0;
    for (const QChar ch : std::as_const(text)) {
        if (ch == u'\n') {
            run = 0;
        } else if (run >= maxChars && !ch.isLowSurrogate()) {
            out += u'\n';
            run = 0;
        }
        out += ch;
        ++run;
    }
    text = std::move(out);
    return true;
}

// Offset just past the `lines`th line break, or -1 if the text has no more lines than that.
qsizetype offsetAfterLines(QByteArrayView text, qsizetype lines) {
    qsizetype position = 0;
    for (qsizetype seen = 0; seen < lines; ++seen) {
        const qsizetype newline = text.indexOf('\n', position);
        if (newline < 0)
            return -1;
        position = newline + 1;
    }
    return position < text.size() ? position : -1;
}

} // namespace

TextBodyView::TextBodyView(QWidget* parent)
    : QWidget(parent), m_editor(new QPlainTextEdit(this)), m_highlighter(new SyntaxHighlighter(m_editor->document())),
      m_wrap(new QCheckBox(tr("Wrap lines"), this)), m_notice(new QLabel(this)) {
    m_editor->setReadOnly(true);
    m_editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setUndoRedoEnabled(false);
    m_wrap->setChecked(true);
    setLineWrap(true);
    m_notice->setWordWrap(true);
    m_notice->hide();

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_notice, 1);
    bar->addStretch();
    bar->addWidget(m_wrap);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_editor, 1);

    connect(m_wrap, &QCheckBox::toggled, this, &TextBodyView::setLineWrap);
    m_highlighter->setPalette(m_editor->palette());
}

void TextBodyView::setBody(const QByteArray& body, SyntaxLanguage language, Formatting formatting) {
    QByteArray shown = body;
    m_prettyPrinted = false;
    if (language == SyntaxLanguage::Json && formatting == Formatting::Pretty && JsonDocument::parse(body).isValid()) {
        shown = JsonDocument::reformat(body, 2);
        m_prettyPrinted = true;
    }
    const qsizetype fullSize = shown.size();
    QByteArrayView prefix = utf8Prefix(shown, m_displayLimit);
    if (prefix.size() < fullSize) {
        const qsizetype newline = prefix.lastIndexOf('\n');
        if (newline >= 0 && prefix.size() - newline < kCutAtLineWindow)
            prefix = prefix.first(newline + 1);
    }
    const qsizetype lineCut = offsetAfterLines(prefix, m_lineLimit);
    const bool cutByLines = lineCut >= 0;
    if (cutByLines)
        prefix = prefix.first(lineCut);
    m_capped = prefix.size() < fullSize;
    if (m_capped)
        shown = prefix.toByteArray();
    QString text = QString::fromUtf8(shown);
    m_linesBroken = breakLongLines(text, kMaxLineChars);
    m_highlighted = language != SyntaxLanguage::None && shown.size() <= m_highlightLimit;

    // Empty the document before switching language so the switch re-highlights nothing;
    // setPlainText() then highlights each block once as it is inserted.
    m_editor->clear();
    m_highlighter->setLanguage(m_highlighted ? language : SyntaxLanguage::None);
    m_editor->setPlainText(text);

    QStringList notes;
    if (m_capped && cutByLines)
        notes << tr("Showing the first %1 lines (%2 of %3).")
                     .arg(m_lineLimit)
                     .arg(formatByteSize(static_cast<quint64>(shown.size())),
                          formatByteSize(static_cast<quint64>(fullSize)));
    else if (m_capped)
        notes << tr("Showing the first %1 of %2.")
                     .arg(formatByteSize(static_cast<quint64>(shown.size())),
                          formatByteSize(static_cast<quint64>(fullSize)));
    if (language != SyntaxLanguage::None && !m_highlighted)
        notes << tr("Syntax highlighting is off for text over %1.")
                     .arg(formatByteSize(static_cast<quint64>(m_highlightLimit)));
    if (m_linesBroken)
        notes << tr("Lines over %1 characters are broken for display.").arg(kMaxLineChars);
    m_notice->setText(notes.join(QLatin1Char(' ')));
    m_notice->setVisible(!notes.isEmpty());
}

void TextBodyView::clear() {
    m_editor->clear();
    m_notice->clear();
    m_notice->hide();
    m_prettyPrinted = m_capped = m_highlighted = m_linesBroken = false;
}

QString TextBodyView::text() const {
    return m_editor->toPlainText();
}

QString TextBodyView::noticeText() const {
    return m_notice->text();
}

void TextBodyView::setLineWrap(bool wrap) {
    m_editor->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    if (m_wrap->isChecked() != wrap)
        m_wrap->setChecked(wrap);
}

bool TextBodyView::lineWrap() const {
    return m_editor->lineWrapMode() != QPlainTextEdit::NoWrap;
}

void TextBodyView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setPalette(m_editor->palette());
    QWidget::changeEvent(event);
}

} // namespace flowscope::ui
