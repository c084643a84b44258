#include "viewers/syntax_highlighter.hpp"

#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <gtest/gtest.h>
#include <optional>

namespace flowscope::ui {
namespace {

using Kind = SyntaxHighlighter::Kind;

class Highlighted {
public:
    Highlighted(SyntaxLanguage language, const QString& text) : m_highlighter(&m_document, language) {
        m_document.setPlainText(text);
        // QSyntaxHighlighter defers its first pass after setDocument() to the event loop;
        // run it now.
        m_highlighter.rehighlight();
    }

    // The kind whose format covers character `column` of line `line`, if any.
    std::optional<Kind> kindAt(int line, int column) const {
        const QTextBlock block = m_document.findBlockByNumber(line);
        for (const QTextLayout::FormatRange& range : block.layout()->formats()) {
            if (column < range.start || column >= range.start + range.length)
                continue;
            for (int k = 0; k < static_cast<int>(Kind::Count); ++k) {
                const auto kind = static_cast<Kind>(k);
                if (range.format.foreground() == m_highlighter.formatFor(kind).foreground() &&
                    range.format.fontItalic() == m_highlighter.formatFor(kind).fontItalic())
                    return kind;
            }
        }
        return std::nullopt;
    }

    // Kind at the first occurrence of `needle` on `line`.
    std::optional<Kind> kindOf(int line, const QString& needle) const {
        const int column = static_cast<int>(m_document.findBlockByNumber(line).text().indexOf(needle));
        EXPECT_GE(column, 0) << needle.toStdString();
        return kindAt(line, column);
    }

    SyntaxHighlighter& highlighter() { return m_highlighter; }

private:
    QTextDocument m_document;
    SyntaxHighlighter m_highlighter;
};

QString s(const char* text) {
    return QString::fromUtf8(text);
}

TEST(SyntaxHighlighter, Json) {
    const Highlighted h(SyntaxLanguage::Json,
                        s("{\n  \"key\" : \"value\",\n  \"n\": -1.5e3, \"t\": true, \"z\": null\n}"));
    EXPECT_EQ(h.kindOf(1, s("\"key\"")), Kind::Key);
    EXPECT_EQ(h.kindOf(1, s("\"value\"")), Kind::String);
    EXPECT_EQ(h.kindOf(2, s("-1.5e3")), Kind::Number);
    EXPECT_EQ(h.kindOf(2, s("true")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(2, s("null")), Kind::Keyword);
    EXPECT_EQ(h.kindAt(0, 0), std::nullopt); // punctuation stays plain
}

TEST(SyntaxHighlighter, JavaScript) {
    const Highlighted h(SyntaxLanguage::JavaScript, s("const x = \"str\"; // note\n"
                                                      "/* a block\n"
                                                      "   comment */ return 0x1F;\n"
                                                      "let t = `multi\n"
                                                      "line` + 'single' instanceof yield;\n"
                                                      "async function f() { await 1.5; }"));
    EXPECT_EQ(h.kindOf(0, s("const")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(0, s("x")), std::nullopt);
    EXPECT_EQ(h.kindOf(0, s("\"str\"")), Kind::String);
    EXPECT_EQ(h.kindOf(0, s("// note")), Kind::Comment);
    EXPECT_EQ(h.kindOf(1, s("block")), Kind::Comment);
    EXPECT_EQ(h.kindOf(2, s("comment")), Kind::Comment); // carried over by block state
    EXPECT_EQ(h.kindOf(2, s("return")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(2, s("0x1F")), Kind::Number);
    EXPECT_EQ(h.kindOf(3, s("`multi")), Kind::String);
    EXPECT_EQ(h.kindOf(4, s("line")), Kind::String); // template literal spans the line break
    EXPECT_EQ(h.kindOf(4, s("'single'")), Kind::String);
    EXPECT_EQ(h.kindOf(4, s("instanceof")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(4, s("yield")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(5, s("async")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(5, s("function")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(5, s("await")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(5, s("1.5")), Kind::Number);
}

TEST(SyntaxHighlighter, EveryJavaScriptKeywordIsFound) {
    // Guards the sorted table the highlighter binary-searches.
    const char* keywords[] = {"async",    "await",      "break",   "case",   "catch",    "class", "const",
                              "continue", "debugger",   "default", "delete", "do",       "else",  "export",
                              "extends",  "false",      "finally", "for",    "function", "if",    "import",
                              "in",       "instanceof", "let",     "new",    "null",     "of",    "return",
                              "static",   "super",      "switch",  "this",   "throw",    "true",  "try",
                              "typeof",   "undefined",  "var",     "void",   "while",    "with",  "yield"};
    for (const char* keyword : keywords) {
        const Highlighted h(SyntaxLanguage::JavaScript, s(keyword));
        EXPECT_EQ(h.kindAt(0, 0), Kind::Keyword) << keyword;
    }
    const Highlighted h(SyntaxLanguage::JavaScript, s("iff lets"));
    EXPECT_EQ(h.kindAt(0, 0), std::nullopt);
    EXPECT_EQ(h.kindAt(0, 4), std::nullopt);
}

TEST(SyntaxHighlighter, Css) {
    const Highlighted h(SyntaxLanguage::Css, s("@media screen {\n"
                                               "  a.link:hover { color: #fff; margin: 10px -2em; }\n"
                                               "}\n"
                                               "/* multi\n"
                                               "   line */ body {\n"
                                               "  font-family: \"Fira Code\" !important;\n"
                                               "}"));
    EXPECT_EQ(h.kindOf(0, s("@media")), Kind::Keyword);
    EXPECT_EQ(h.kindOf(1, s("a.link")), Kind::Tag); // a nested rule's selector
    EXPECT_EQ(h.kindOf(1, s("hover")), Kind::Tag);
    EXPECT_EQ(h.kindOf(1, s("color")), Kind::Attribute);
    EXPECT_EQ(h.kindOf(1, s("#fff")), Kind::Number);
    EXPECT_EQ(h.kindOf(1, s("10px")), Kind::Number);
    EXPECT_EQ(h.kindOf(1, s("-2em")), Kind::Number);
    EXPECT_EQ(h.kindOf(3, s("multi")), Kind::Comment);
    EXPECT_EQ(h.kindOf(4, s("line")), Kind::Comment);
    EXPECT_EQ(h.kindOf(4, s("body")), Kind::Tag);              // a selector, outside any rule
    EXPECT_EQ(h.kindOf(5, s("font-family")), Kind::Attribute); // inside the rule opened on the line before
    EXPECT_EQ(h.kindOf(5, s("\"Fira Code\"")), Kind::String);
    EXPECT_EQ(h.kindOf(5, s("!important")), Kind::Keyword);
}

TEST(SyntaxHighlighter, CssSelectorsOutsideRules) {
    const Highlighted h(SyntaxLanguage::Css, s("h1, .title > #main { top: 0 }"));
    EXPECT_EQ(h.kindOf(0, s("h1")), Kind::Tag);
    EXPECT_EQ(h.kindOf(0, s(".title")), Kind::Tag);
    EXPECT_EQ(h.kindOf(0, s("#main")), Kind::Tag);
    EXPECT_EQ(h.kindOf(0, s("top")), Kind::Attribute);
}

TEST(SyntaxHighlighter, XmlAndHtml) {
    for (const SyntaxLanguage language : {SyntaxLanguage::Xml, SyntaxLanguage::Html}) {
        const Highlighted h(language, s("<?xml version=\"1.0\"?>\n"
                                        "<root attr=\"v\" other='w'>text &amp; more <!-- a\n"
                                        "comment --> <br/>\n"
                                        "<item\n"
                                        "   id=\"7\" data-x=\"spans\n"
                                        "lines\">x</item><![CDATA[ <raw> ]]></root>"));
        EXPECT_EQ(h.kindOf(0, s("<?xml")), Kind::Tag);
        EXPECT_EQ(h.kindOf(0, s("version")), Kind::Attribute);
        EXPECT_EQ(h.kindOf(1, s("<root")), Kind::Tag);
        EXPECT_EQ(h.kindOf(1, s("attr")), Kind::Attribute);
        EXPECT_EQ(h.kindOf(1, s("\"v\"")), Kind::String);
        EXPECT_EQ(h.kindOf(1, s("'w'")), Kind::String);
        EXPECT_EQ(h.kindOf(1, s("text")), std::nullopt);
        EXPECT_EQ(h.kindOf(1, s("&amp;")), Kind::Keyword);
        EXPECT_EQ(h.kindOf(1, s("<!--")), Kind::Comment);
        EXPECT_EQ(h.kindOf(2, s("comment")), Kind::Comment); // multi-line comment via block state
        EXPECT_EQ(h.kindOf(2, s("<br")), Kind::Tag);
        EXPECT_EQ(h.kindOf(2, s("/>")), Kind::Tag);
        EXPECT_EQ(h.kindOf(4, s("id")), Kind::Attribute); // a tag continued on the next line
        EXPECT_EQ(h.kindOf(4, s("\"spans")), Kind::String);
        EXPECT_EQ(h.kindOf(5, s("lines\"")), Kind::String); // attribute value across lines
        EXPECT_EQ(h.kindOf(5, s("</item>")), Kind::Tag);
        EXPECT_EQ(h.kindOf(5, s("x<")), std::nullopt);
        EXPECT_EQ(h.kindOf(5, s("<raw>")), Kind::String); // CDATA content
    }
    const Highlighted html(SyntaxLanguage::Html, s("<!DOCTYPE html><p class=x>a < b</p>"));
    EXPECT_EQ(html.kindOf(0, s("<!DOCTYPE")), Kind::Tag);
    EXPECT_EQ(html.kindOf(0, s("class")), Kind::Attribute);
    EXPECT_EQ(html.kindOf(0, s("< b")), std::nullopt); // a lone '<' in text is not a tag
}

TEST(SyntaxHighlighter, NoneLanguageAppliesNothing) {
    const Highlighted h(SyntaxLanguage::None, s("const \"x\" 1"));
    EXPECT_EQ(h.kindAt(0, 0), std::nullopt);
    EXPECT_EQ(h.kindAt(0, 6), std::nullopt);
}

TEST(SyntaxHighlighter, ColoursFollowThePalette) {
    QTextDocument document;
    SyntaxHighlighter highlighter(&document, SyntaxLanguage::Json);
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xdd, 0xdd, 0xdd));

    highlighter.setPalette(light);
    const QColor lightString = highlighter.formatFor(Kind::String).foreground().color();
    const QColor lightComment = highlighter.formatFor(Kind::Comment).foreground().color();
    highlighter.setPalette(dark);
    const QColor darkString = highlighter.formatFor(Kind::String).foreground().color();
    const QColor darkComment = highlighter.formatFor(Kind::Comment).foreground().color();

    EXPECT_NE(lightString, darkString);
    // Readable: each colour differs clearly in lightness from its base.
    for (int k = 0; k < static_cast<int>(Kind::Count); ++k) {
        highlighter.setPalette(light);
        EXPECT_LT(highlighter.formatFor(static_cast<Kind>(k)).foreground().color().lightness(), 200) << k;
        highlighter.setPalette(dark);
        EXPECT_GT(highlighter.formatFor(static_cast<Kind>(k)).foreground().color().lightness(), 100) << k;
    }
    EXPECT_LT(lightComment.lightness(), 255);
    EXPECT_GT(darkComment.lightness(), 0x1e);
}

} // namespace
} // namespace flowscope::ui
