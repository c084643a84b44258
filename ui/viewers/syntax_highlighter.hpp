#pragma once
// Highlighting for the body languages a proxy mostly shows: JSON, XML/HTML, JavaScript and
// CSS. Each language is a small hand-written scanner rather than a list of regular
// expressions: one pass per line, and constructs that span lines (block comments, template
// strings, XML comments, tags with attributes on several lines) carry over in the block
// state. Colours derive from the palette so light and dark themes both read well.

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <array>

namespace flowscope::ui {

enum class SyntaxLanguage { None, Json, Xml, Html, JavaScript, Css };

class SyntaxHighlighter : public QSyntaxHighlighter {
    Q_OBJECT

public:
    enum class Kind { Keyword, String, Number, Comment, Tag, Attribute, Key, Count };

    explicit SyntaxHighlighter(QTextDocument* document, SyntaxLanguage language = SyntaxLanguage::None);

    void setLanguage(SyntaxLanguage language); // re-highlights
    SyntaxLanguage language() const { return m_language; }
    void setPalette(const QPalette& palette); // picks colours for this palette and re-highlights
    QTextCharFormat formatFor(Kind kind) const { return m_formats[static_cast<std::size_t>(kind)]; }

protected:
    void highlightBlock(const QString& text) override;

private:
    void highlightJson(const QString& text);
    void highlightJavaScript(const QString& text);
    void highlightCss(const QString& text);
    void highlightXml(const QString& text);
    void apply(qsizetype start, qsizetype length, Kind kind);

    SyntaxLanguage m_language;
    std::array<QTextCharFormat, static_cast<std::size_t>(Kind::Count)> m_formats;
};

} // namespace flowscope::ui
