#include "viewers/syntax_highlighter.hpp"

#include <QStringView>
#include <algorithm>
#include <iterator>

namespace flowscope::ui {
namespace {

// Block states. CSS keeps its brace depth in the bits above kModeMask so a property
// name on a later line is still known to be inside a rule.
enum State : int {
    Normal = 0,
    BlockComment = 1,
    TemplateString = 2,
    XmlComment = 3,
    XmlTag = 4,
    XmlCData = 5,
    XmlAttrDouble = 6,
    XmlAttrSingle = 7,
};
constexpr int kModeMask = 0xF;
constexpr int kDepthShift = 4;
constexpr int kMaxCssDepth = 255;

// Sorted for binary search (UTF-16 order; all ASCII lowercase).
constexpr QStringView kJsKeywords[] = {
    u"async",     u"await",  u"break",  u"case",   u"catch",      u"class",   u"const", u"continue", u"debugger",
    u"default",   u"delete", u"do",     u"else",   u"export",     u"extends", u"false", u"finally",  u"for",
    u"function",  u"if",     u"import", u"in",     u"instanceof", u"let",     u"new",   u"null",     u"of",
    u"return",    u"static", u"super",  u"switch", u"this",       u"throw",   u"true",  u"try",      u"typeof",
    u"undefined", u"var",    u"void",   u"while",  u"with",       u"yield",
};

bool isJsKeyword(QStringView word) {
    return std::binary_search(std::begin(kJsKeywords), std::end(kJsKeywords), word);
}

bool isIdentStart(QChar c) {
    return c.isLetter() || c == u'_' || c == u'$';
}

bool isIdentChar(QChar c) {
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

bool isCssIdentChar(QChar c) {
    return c.isLetterOrNumber() || c == u'-' || c == u'_';
}

bool isDigit(QChar c) {
    return c >= u'0' && c <= u'9';
}

// Index just past the closing `quote`, honouring backslash escapes; -1 if the line ends first.
qsizetype endOfQuoted(const QString& text, qsizetype from, QChar quote) {
    for (qsizetype i = from; i < text.size(); ++i) {
        if (text[i] == u'\\')
            ++i;
        else if (text[i] == quote)
            return i + 1;
    }
    return -1;
}

QColor mix(const QColor& a, const QColor& b, double weightOfA) {
    const double w = weightOfA;
    return QColor::fromRgbF(static_cast<float>(a.redF() * w + b.redF() * (1 - w)),
                            static_cast<float>(a.greenF() * w + b.greenF() * (1 - w)),
                            static_cast<float>(a.blueF() * w + b.blueF() * (1 - w)));
}

} // namespace

SyntaxHighlighter::SyntaxHighlighter(QTextDocument* document, SyntaxLanguage language)
    : QSyntaxHighlighter(document), m_language(language) {
    setPalette(QPalette());
}

void SyntaxHighlighter::setLanguage(SyntaxLanguage language) {
    if (language == m_language)
        return;
    m_language = language;
    rehighlight();
}

void SyntaxHighlighter::setPalette(const QPalette& palette) {
    // Two hue sets (after the One Light / One Dark themes) chosen by the base colour's
    // lightness; comments are a blend of the palette's own text and base so they recede
    // on any theme, including high-contrast ones.
    const QColor base = palette.color(QPalette::Base);
    const bool dark = base.lightness() < 128;
    const auto set = [this](Kind kind, const QColor& colour, bool bold = false, bool italic = false) {
        QTextCharFormat format;
        format.setForeground(colour);
        if (bold)
            format.setFontWeight(QFont::Bold);
        format.setFontItalic(italic);
        m_formats[static_cast<std::size_t>(kind)] = format;
    };
    set(Kind::Keyword, dark ? QColor(0xc6, 0x78, 0xdd) : QColor(0xa6, 0x26, 0xa4), true);
    set(Kind::String, dark ? QColor(0x98, 0xc3, 0x79) : QColor(0x50, 0xa1, 0x4f));
    set(Kind::Number, dark ? QColor(0xd1, 0x9a, 0x66) : QColor(0x98, 0x68, 0x01));
    set(Kind::Comment, mix(palette.color(QPalette::Text), base, 0.55), false, true);
    set(Kind::Tag, dark ? QColor(0xe0, 0x6c, 0x75) : QColor(0xe4, 0x56, 0x49));
    set(Kind::Attribute, dark ? QColor(0xe5, 0xc0, 0x7b) : QColor(0xb7, 0x6b, 0x01));
    set(Kind::Key, dark ? QColor(0x61, 0xaf, 0xef) : QColor(0x40, 0x78, 0xf2));
    if (document())
        rehighlight();
}

void SyntaxHighlighter::apply(qsizetype start, qsizetype length, Kind kind) {
    if (length > 0)
        setFormat(static_cast<int>(start), static_cast<int>(length), m_formats[static_cast<std::size_t>(kind)]);
}

void SyntaxHighlighter::highlightBlock(const QString& text) {
    switch (m_language) {
    case SyntaxLanguage::Json:
        highlightJson(text);
        break;
    case SyntaxLanguage::JavaScript:
        highlightJavaScript(text);
        break;
    case SyntaxLanguage::Css:
        highlightCss(text);
        break;
    case SyntaxLanguage::Xml:
    case SyntaxLanguage::Html:
        highlightXml(text);
        break;
    case SyntaxLanguage::None:
        break;
    }
}

void SyntaxHighlighter::highlightJson(const QString& text) {
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text[i];
        if (c == u'"') {
            qsizetype end = endOfQuoted(text, i + 1, c);
            if (end < 0)
                end = n;
            qsizetype next = end;
            while (next < n && text[next].isSpace())
                ++next;
            // A string followed by ':' is a member name.
            apply(i, end - i, next < n && text[next] == u':' ? Kind::Key : Kind::String);
            i = end;
        } else if (c == u'-' || isDigit(c)) {
            qsizetype end = i + 1;
            while (end < n && (isDigit(text[end]) || text[end] == u'.' || text[end] == u'e' || text[end] == u'E' ||
                               text[end] == u'+' || text[end] == u'-'))
                ++end;
            apply(i, end - i, Kind::Number);
            i = end;
        } else if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < n && text[end].isLetter())
                ++end;
            const QStringView word = QStringView(text).sliced(i, end - i);
            if (word == u"true" || word == u"false" || word == u"null")
                apply(i, end - i, Kind::Keyword);
            i = end;
        } else {
            ++i;
        }
    }
    setCurrentBlockState(Normal);
}

void SyntaxHighlighter::highlightJavaScript(const QString& text) {
    const qsizetype n = text.size();
    qsizetype i = 0;
    const int previous = previousBlockState();
    if (previous == BlockComment) {
        const qsizetype close = text.indexOf(QStringLiteral("*/"));
        if (close < 0) {
            apply(0, n, Kind::Comment);
            setCurrentBlockState(BlockComment);
            return;
        }
        apply(0, close + 2, Kind::Comment);
        i = close + 2;
    } else if (previous == TemplateString) {
        const qsizetype end = endOfQuoted(text, 0, u'`');
        if (end < 0) {
            apply(0, n, Kind::String);
            setCurrentBlockState(TemplateString);
            return;
        }
        apply(0, end, Kind::String);
        i = end;
    }
    while (i < n) {
        const QChar c = text[i];
        const QChar next = i + 1 < n ? text[i + 1] : QChar();
        if (c == u'/' && next == u'/') {
            apply(i, n - i, Kind::Comment);
            break;
        }
        if (c == u'/' && next == u'*') {
            const qsizetype close = text.indexOf(QStringLiteral("*/"), i + 2);
            if (close < 0) {
                apply(i, n - i, Kind::Comment);
                setCurrentBlockState(BlockComment);
                return;
            }
            apply(i, close + 2 - i, Kind::Comment);
            i = close + 2;
        } else if (c == u'"' || c == u'\'' || c == u'`') {
            const qsizetype end = endOfQuoted(text, i + 1, c);
            if (end < 0) {
                apply(i, n - i, Kind::String);
                if (c == u'`') { // only template literals may span lines
                    setCurrentBlockState(TemplateString);
                    return;
                }
                break;
            }
            apply(i, end - i, Kind::String);
            i = end;
        } else if (isDigit(c) || (c == u'.' && isDigit(next))) {
            qsizetype end = i + 1;
            while (end < n && (text[end].isLetterOrNumber() || text[end] == u'.' || text[end] == u'_'))
                ++end;
            apply(i, end - i, Kind::Number);
            i = end;
        } else if (isIdentStart(c)) {
            qsizetype end = i + 1;
            while (end < n && isIdentChar(text[end]))
                ++end;
            if (isJsKeyword(QStringView(text).sliced(i, end - i)))
                apply(i, end - i, Kind::Keyword);
            i = end;
        } else {
            ++i;
        }
    }
    setCurrentBlockState(Normal);
}

void SyntaxHighlighter::highlightCss(const QString& text) {
    const qsizetype n = text.size();
    const int previous = previousBlockState() < 0 ? 0 : previousBlockState();
    int depth = previous >> kDepthShift;
    qsizetype i = 0;
    const auto finish = [&](int mode) { setCurrentBlockState(mode | (std::min(depth, kMaxCssDepth) << kDepthShift)); };
    // Outside any rule everything is selector; inside one (nested rules in @media) a run
    // that reaches '{' before ';' or '}' is a selector too, otherwise it is a declaration.
    const auto inSelector = [&](qsizetype from) {
        if (depth == 0)
            return true;
        for (qsizetype k = from; k < n; ++k) {
            if (text[k] == u'{')
                return true;
            if (text[k] == u';' || text[k] == u'}')
                return false;
        }
        return false;
    };
    if ((previous & kModeMask) == BlockComment) {
        const qsizetype close = text.indexOf(QStringLiteral("*/"));
        if (close < 0) {
            apply(0, n, Kind::Comment);
            finish(BlockComment);
            return;
        }
        apply(0, close + 2, Kind::Comment);
        i = close + 2;
    }
    while (i < n) {
        const QChar c = text[i];
        const QChar next = i + 1 < n ? text[i + 1] : QChar();
        if (c == u'/' && next == u'*') {
            const qsizetype close = text.indexOf(QStringLiteral("*/"), i + 2);
            if (close < 0) {
                apply(i, n - i, Kind::Comment);
                finish(BlockComment);
                return;
            }
            apply(i, close + 2 - i, Kind::Comment);
            i = close + 2;
        } else if (c == u'"' || c == u'\'') {
            qsizetype end = endOfQuoted(text, i + 1, c);
            if (end < 0)
                end = n;
            apply(i, end - i, Kind::String);
            i = end;
        } else if (c == u'{') {
            ++depth;
            ++i;
        } else if (c == u'}') {
            depth = std::max(0, depth - 1);
            ++i;
        } else if (c == u'@' || (c == u'!' && depth > 0)) { // @media, !important
            qsizetype end = i + 1;
            while (end < n && isCssIdentChar(text[end]))
                ++end;
            apply(i, end - i, Kind::Keyword);
            i = end;
        } else if (c == u'#' && !inSelector(i)) { // a hex colour inside a declaration
            qsizetype end = i + 1;
            while (end < n && text[end].isLetterOrNumber())
                ++end;
            apply(i, end - i, Kind::Number);
            i = end;
        } else if (isDigit(c) || ((c == u'.' || c == u'-') && isDigit(next))) {
            qsizetype end = i + 1;
            while (end < n && (text[end].isLetterOrNumber() || text[end] == u'.' || text[end] == u'%'))
                ++end;
            apply(i, end - i, inSelector(i) ? Kind::Tag : Kind::Number);
            i = end;
        } else if (isCssIdentChar(c) || c == u'.' || c == u'#') {
            qsizetype end = i + 1;
            while (end < n && isCssIdentChar(text[end]))
                ++end;
            if (inSelector(i)) {
                apply(i, end - i, Kind::Tag);
            } else {
                qsizetype after = end;
                while (after < n && text[after].isSpace())
                    ++after;
                if (after < n && text[after] == u':')
                    apply(i, end - i, Kind::Attribute); // property name
            }
            i = end;
        } else {
            ++i;
        }
    }
    finish(Normal);
}

void SyntaxHighlighter::highlightXml(const QString& text) {
    const qsizetype n = text.size();
    qsizetype i = 0;
    bool inTag = false;

    // Close what the previous line left open.
    const auto closeSpan = [&](const QString& terminator, Kind kind, int state) {
        const qsizetype close = text.indexOf(terminator, i);
        if (close < 0) {
            apply(i, n - i, kind);
            setCurrentBlockState(state);
            return false;
        }
        apply(i, close + terminator.size() - i, kind);
        i = close + terminator.size();
        return true;
    };
    switch (previousBlockState()) {
    case XmlComment:
        if (!closeSpan(QStringLiteral("-->"), Kind::Comment, XmlComment))
            return;
        break;
    case XmlCData:
        if (!closeSpan(QStringLiteral("]]>"), Kind::String, XmlCData))
            return;
        break;
    case XmlAttrDouble:
    case XmlAttrSingle:
        if (!closeSpan(previousBlockState() == XmlAttrDouble ? QStringLiteral("\"") : QStringLiteral("'"), Kind::String,
                       previousBlockState()))
            return;
        inTag = true;
        break;
    case XmlTag:
        inTag = true;
        break;
    default:
        break;
    }

    while (i < n) {
        if (inTag) {
            const QChar c = text[i];
            if (c == u'>' || ((c == u'/' || c == u'?') && i + 1 < n && text[i + 1] == u'>')) {
                const qsizetype length = c == u'>' ? 1 : 2;
                apply(i, length, Kind::Tag);
                i += length;
                inTag = false;
            } else if (c == u'"' || c == u'\'') {
                const qsizetype end = text.indexOf(c, i + 1);
                if (end < 0) {
                    apply(i, n - i, Kind::String);
                    setCurrentBlockState(c == u'"' ? XmlAttrDouble : XmlAttrSingle);
                    return;
                }
                apply(i, end + 1 - i, Kind::String);
                i = end + 1;
            } else if (c.isSpace() || c == u'=') {
                ++i;
            } else {
                qsizetype end = i + 1;
                while (end < n && !text[end].isSpace() && text[end] != u'=' && text[end] != u'>' && text[end] != u'/')
                    ++end;
                apply(i, end - i, Kind::Attribute);
                i = end;
            }
            continue;
        }
        const qsizetype open = text.indexOf(u'<', i);
        const qsizetype amp = text.indexOf(u'&', i);
        if (amp >= 0 && (open < 0 || amp < open)) { // entity: &amp; &#x27;
            qsizetype end = amp + 1;
            while (end < n && end - amp < 12 && (text[end].isLetterOrNumber() || text[end] == u'#'))
                ++end;
            if (end < n && text[end] == u';')
                apply(amp, end + 1 - amp, Kind::Keyword);
            i = end;
            continue;
        }
        if (open < 0)
            break;
        i = open;
        const QStringView rest = QStringView(text).sliced(i);
        if (rest.startsWith(u"<!--")) {
            i += 4;
            apply(open, 4, Kind::Comment);
            if (!closeSpan(QStringLiteral("-->"), Kind::Comment, XmlComment))
                return;
            continue;
        }
        if (rest.startsWith(u"<![CDATA[")) {
            apply(open, 9, Kind::Tag);
            i += 9;
            if (!closeSpan(QStringLiteral("]]>"), Kind::String, XmlCData))
                return;
            continue;
        }
        qsizetype end = i + 1;
        if (end < n && (text[end] == u'/' || text[end] == u'!' || text[end] == u'?'))
            ++end;
        const qsizetype nameStart = end;
        while (end < n && (text[end].isLetterOrNumber() || text[end] == u'-' || text[end] == u'_' ||
                           text[end] == u':' || text[end] == u'.'))
            ++end;
        if (end == nameStart) { // a lone '<' in text
            i = end;
            continue;
        }
        apply(i, end - i, Kind::Tag);
        i = end;
        inTag = true;
    }
    setCurrentBlockState(inTag ? XmlTag : Normal);
}

} // namespace flowscope::ui
