#include "viewers/body_kind.hpp"

#include <QStringList>
#include <cstring>

namespace flowscope::ui {
namespace {

constexpr qsizetype kSniffBytes = 8192;

bool startsWith(QByteArrayView bytes, const char* prefix, qsizetype length) {
    return bytes.size() >= length && std::memcmp(bytes.data(), prefix, static_cast<std::size_t>(length)) == 0;
}

bool isJsonWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

QString mediaType(const QString& contentType) {
    return contentType.section(u';', 0, 0).trimmed().toLower();
}

QString charsetOf(const QString& contentType) {
    const QStringList parts = contentType.split(u';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString parameter = parts[i].trimmed();
        if (parameter.startsWith(QStringLiteral("charset="), Qt::CaseInsensitive)) {
            QString value = parameter.mid(8).trimmed();
            if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"'))
                value = value.mid(1, value.size() - 2);
            return value.toLower();
        }
    }
    return {};
}

BodyKind kindForMediaType(const QString& type) {
    const qsizetype slash = type.indexOf(u'/');
    if (slash < 0)
        return BodyKind::Binary;
    const QStringView top = QStringView(type).first(slash);
    const QStringView sub = QStringView(type).sliced(slash + 1);
    // Line-delimited JSON is many documents, not one: text.
    if (sub == u"x-ndjson" || sub == u"ndjson" || sub == u"jsonl" || sub == u"json-seq")
        return BodyKind::Text;
    if (sub == u"json" || sub.endsWith(u"+json") || sub.startsWith(u"x-amz-json") || sub == u"x-json")
        return BodyKind::Json;
    if (top == u"image")
        return BodyKind::Image;
    if (type == u"text/html" || type == u"application/xhtml+xml")
        return BodyKind::Html;
    if (sub == u"xml" || sub.endsWith(u"+xml"))
        return BodyKind::Xml;
    if (sub == u"javascript" || sub == u"x-javascript" || sub == u"ecmascript" || sub == u"x-ecmascript")
        return BodyKind::JavaScript;
    if (type == u"text/css")
        return BodyKind::Css;
    if (type == u"application/x-www-form-urlencoded")
        return BodyKind::Form;
    if (top == u"text" || sub == u"graphql" || sub == u"yaml" || sub == u"x-yaml" || sub == u"toml" || sub == u"sql" ||
        sub == u"x-sh")
        return BodyKind::Text;
    return BodyKind::Binary;
}

bool hasImageSignature(QByteArrayView b) {
    if (startsWith(b, "\x89PNG\r\n\x1a\n", 8) || startsWith(b, "\xFF\xD8\xFF", 3) || startsWith(b, "GIF87a", 6) ||
        startsWith(b, "GIF89a", 6))
        return true;
    if (b.size() >= 12 && startsWith(b, "RIFF", 4) && std::memcmp(b.data() + 8, "WEBP", 4) == 0)
        return true;
    if (startsWith(b, "\0\0\1\0", 4) && b.size() >= 6 && b[4] != 0) // ICO with at least one image
        return true;
    if (b.size() >= 12 && std::memcmp(b.data() + 4, "ftyp", 4) == 0) {
        const QByteArrayView brand = b.sliced(8, 4);
        return brand == "avif" || brand == "avis" || brand == "heic" || brand == "mif1";
    }
    if (b.size() >= 26 && startsWith(b, "BM", 2)) { // BMP: check the DIB header size too, "BM" alone is text
        const auto headerSize = static_cast<unsigned char>(b[14]);
        return b[15] == 0 && b[16] == 0 && b[17] == 0 &&
               (headerSize == 12 || headerSize == 40 || headerSize == 52 || headerSize == 56 || headerSize == 108 ||
                headerSize == 124);
    }
    return false;
}

bool looksLikeText(QByteArrayView sample) {
    const qsizetype n = sample.size();
    qsizetype controls = 0;
    qsizetype i = 0;
    while (i < n) {
        const auto c = static_cast<unsigned char>(sample[i]);
        if (c < 0x80) {
            if (c == 0)
                return false;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0b && c != 0x1b)
                ++controls;
            else if (c == 0x7f)
                ++controls;
            ++i;
            continue;
        }
        const int length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
        if (length == 0)
            return false;
        for (int k = 1; k < length; ++k) {
            if (i + k >= n)
                return true; // the sample ends inside a sequence
            if ((static_cast<unsigned char>(sample[i + k]) & 0xC0) != 0x80)
                return false;
        }
        i += length;
    }
    // A few stray control characters happen in real text (form feeds, ANSI colours).
    return controls * 50 <= n;
}

BodyKind classifyBody(const QString& contentType, const QByteArray& body) {
    if (body.isEmpty())
        return BodyKind::Empty;
    const BodyKind declared = kindForMediaType(mediaType(contentType));
    const QByteArrayView sample = QByteArrayView(body).first(qMin(body.size(), kSniffBytes));
    switch (declared) {
    case BodyKind::Json:
    case BodyKind::Image:
        return declared;
    case BodyKind::Binary:
        break; // sniff below
    default:
        // A text type over bytes with NULs is mislabelled binary; the text view would mangle it.
        return sample.contains('\0') ? BodyKind::Binary : declared;
    }

    if (hasImageSignature(body))
        return BodyKind::Image;
    qsizetype first = startsWith(body, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (first < body.size() && isJsonWhitespace(body[first]))
        ++first;
    qsizetype last = body.size() - 1;
    while (last > first && isJsonWhitespace(body[last]))
        --last;
    if (first >= body.size())
        return looksLikeText(sample) ? BodyKind::Text : BodyKind::Binary;
    // '{...}' or '[...]' is taken for JSON; BodyViewer parses it and falls back to text if
    // it does not parse.
    if ((body[first] == '{' && body[last] == '}') || (body[first] == '[' && body[last] == ']'))
        return looksLikeText(sample) ? BodyKind::Json : BodyKind::Binary;
    if (!looksLikeText(sample))
        return BodyKind::Binary;
    if (body[first] == '<') {
        const QByteArray head = body.mid(first, 1024).toLower();
        if (head.startsWith("<!doctype html") || head.contains("<html"))
            return BodyKind::Html;
        return BodyKind::Xml;
    }
    return BodyKind::Text;
}

SyntaxLanguage languageFor(BodyKind kind) {
    switch (kind) {
    case BodyKind::Json:
        return SyntaxLanguage::Json;
    case BodyKind::Html:
        return SyntaxLanguage::Html;
    case BodyKind::Xml:
        return SyntaxLanguage::Xml;
    case BodyKind::JavaScript:
        return SyntaxLanguage::JavaScript;
    case BodyKind::Css:
        return SyntaxLanguage::Css;
    default:
        return SyntaxLanguage::None;
    }
}

bool isTextual(BodyKind kind) {
    switch (kind) {
    case BodyKind::Json:
    case BodyKind::Html:
    case BodyKind::Xml:
    case BodyKind::JavaScript:
    case BodyKind::Css:
    case BodyKind::Form:
    case BodyKind::Text:
        return true;
    default:
        return false;
    }
}

} // namespace flowscope::ui
