#include "viewers/json_document.hpp"

#include "viewers/viewer_text.hpp"

#include <QStringView>
#include <cstring>
#include <limits>

namespace flowscope::ui {

// Iterative (explicit stack) so a hostile body of a million '[' cannot overflow the C++
// stack. Children are collected on one shared "pending" stack and copied into the
// document's children table when their container closes, which keeps each container's
// children contiguous for O(1) index(row) lookups without a vector per container.
class JsonParser {
public:
    explicit JsonParser(JsonDocument& doc) : m_doc(doc), m_data(doc.m_text.constData()), m_size(doc.m_text.size()) {}

    bool run();

private:
    struct Frame {
        qint32 node;
        std::size_t pendingStart;
        bool isObject;
    };
    enum class Expect { Value, Key, AfterValue };

    static bool isWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

    void skipWhitespace() {
        while (m_pos < m_size && isWhitespace(m_data[m_pos]))
            ++m_pos;
    }
    bool fail(const QString& what, qsizetype offset);
    bool failAtEnd();
    bool scanString();
    bool scanNumber();
    bool scanLiteral();
    bool addNode(JsonDocument::Type type, qsizetype valueOffset);
    void closeFrame();

    JsonDocument& m_doc;
    const char* m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    std::vector<Frame> m_stack;
    std::vector<qint32> m_pending;
    quint32 m_keyOffset = 0;
    quint32 m_keyLength = 0;
};

bool JsonParser::fail(const QString& what, qsizetype offset) {
    qsizetype line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset && i < m_size; ++i) {
        if (m_data[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    m_doc.m_error = QStringLiteral("%1 at offset %2 (line %3, column %4)")
                        .arg(what)
                        .arg(offset)
                        .arg(line)
                        .arg(offset - lineStart + 1);
    m_doc.m_errorOffset = offset;
    m_doc.m_nodes.clear();
    m_doc.m_children.clear();
    return false;
}

bool JsonParser::failAtEnd() {
    if (m_stack.empty())
        return fail(m_doc.m_nodes.empty() ? QStringLiteral("empty document") : QStringLiteral("expected a value"),
                    m_pos);
    // Name the innermost container left open: that is where a cut-off body stops making sense.
    const Frame& top = m_stack.back();
    const qsizetype opened = m_doc.m_nodes[static_cast<std::size_t>(top.node)].valueOffset;
    return fail(top.isObject ? QStringLiteral("unterminated object (opened at offset %1)").arg(opened)
                             : QStringLiteral("unterminated array (opened at offset %1)").arg(opened),
                m_pos);
}

bool JsonParser::scanString() {
    const qsizetype start = m_pos++;
    while (m_pos < m_size) {
        const auto c = static_cast<unsigned char>(m_data[m_pos]);
        if (c == '"') {
            ++m_pos;
            return true;
        }
        if (c == '\\') {
            if (m_pos + 1 >= m_size)
                break;
            switch (m_data[m_pos + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                m_pos += 2;
                continue;
            case 'u':
                for (qsizetype i = 2; i < 6; ++i) {
                    if (m_pos + i >= m_size || !isHexDigit(m_data[m_pos + i]))
                        return fail(QStringLiteral("invalid \\u escape in string"), m_pos);
                }
                m_pos += 6;
                continue;
            default:
                return fail(QStringLiteral("invalid escape sequence in string"), m_pos);
            }
        }
        if (c < 0x20)
            return fail(QStringLiteral("unescaped control character U+%1 in string")
                            .arg(static_cast<uint>(c), 4, 16, QLatin1Char('0')),
                        m_pos);
        ++m_pos;
    }
    return fail(QStringLiteral("unterminated string"), start);
}

bool JsonParser::scanNumber() {
    // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    const qsizetype start = m_pos;
    const QString illegal = QStringLiteral("illegal number");
    if (m_data[m_pos] == '-')
        ++m_pos;
    if (m_pos >= m_size || !isDigit(m_data[m_pos]))
        return fail(illegal, start);
    if (m_data[m_pos] == '0') {
        ++m_pos;
        if (m_pos < m_size && isDigit(m_data[m_pos]))
            return fail(QStringLiteral("illegal number (leading zero)"), start);
    } else {
        while (m_pos < m_size && isDigit(m_data[m_pos]))
            ++m_pos;
    }
    if (m_pos < m_size && m_data[m_pos] == '.') {
        ++m_pos;
        if (m_pos >= m_size || !isDigit(m_data[m_pos]))
            return fail(illegal, start);
        while (m_pos < m_size && isDigit(m_data[m_pos]))
            ++m_pos;
    }
    if (m_pos < m_size && (m_data[m_pos] == 'e' || m_data[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < m_size && (m_data[m_pos] == '+' || m_data[m_pos] == '-'))
            ++m_pos;
        if (m_pos >= m_size || !isDigit(m_data[m_pos]))
            return fail(illegal, start);
        while (m_pos < m_size && isDigit(m_data[m_pos]))
            ++m_pos;
    }
    return addNode(JsonDocument::Type::Number, start);
}

bool JsonParser::scanLiteral() {
    const qsizetype start = m_pos;
    const auto matches = [&](const char* word, qsizetype length) {
        return m_size - m_pos >= length && std::memcmp(m_data + m_pos, word, static_cast<std::size_t>(length)) == 0;
    };
    if (matches("true", 4)) {
        m_pos += 4;
        return addNode(JsonDocument::Type::Bool, start);
    }
    if (matches("false", 5)) {
        m_pos += 5;
        return addNode(JsonDocument::Type::Bool, start);
    }
    if (matches("null", 4)) {
        m_pos += 4;
        return addNode(JsonDocument::Type::Null, start);
    }
    return fail(QStringLiteral("illegal value"), start);
}

bool JsonParser::addNode(JsonDocument::Type type, qsizetype valueOffset) {
    if (m_doc.m_nodes.size() >= static_cast<std::size_t>(std::numeric_limits<qint32>::max() - 1))
        return fail(QStringLiteral("too many values"), valueOffset);
    const auto id = static_cast<qint32>(m_doc.m_nodes.size());
    JsonDocument::Node node;
    node.type = type;
    node.valueOffset = static_cast<quint32>(valueOffset);
    // Scalars end where scanning stopped; containers get their length in closeFrame().
    node.valueLength = static_cast<quint32>(m_pos - valueOffset);
    node.keyOffset = m_keyOffset;
    node.keyLength = m_keyLength;
    m_keyOffset = m_keyLength = 0;
    if (!m_stack.empty()) {
        node.parent = m_stack.back().node;
        node.row = static_cast<qint32>(m_pending.size() - m_stack.back().pendingStart);
        m_pending.push_back(id);
    }
    m_doc.m_nodes.push_back(node);
    return true;
}

void JsonParser::closeFrame() {
    const Frame frame = m_stack.back();
    m_stack.pop_back();
    JsonDocument::Node& node = m_doc.m_nodes[static_cast<std::size_t>(frame.node)];
    const auto first = m_pending.begin() + static_cast<std::ptrdiff_t>(frame.pendingStart);
    node.childStart = static_cast<qint32>(m_doc.m_children.size());
    node.childCount = static_cast<qint32>(m_pending.end() - first);
    node.valueLength = static_cast<quint32>(m_pos - node.valueOffset);
    m_doc.m_children.insert(m_doc.m_children.end(), first, m_pending.end());
    m_pending.erase(first, m_pending.end());
}

bool JsonParser::run() {
    if (static_cast<quint64>(m_size) >= std::numeric_limits<quint32>::max())
        return fail(QStringLiteral("document too large (4 GB or more)"), 0);
    if (m_size >= 3 && std::memcmp(m_data, "\xEF\xBB\xBF", 3) == 0)
        m_pos = 3; // a UTF-8 byte order mark is tolerated (RFC 8259 §8.1)
    // A rough guess (one value per ~12 bytes) saves most reallocations on big bodies.
    m_doc.m_nodes.reserve(static_cast<std::size_t>(m_size / 12 + 1));

    Expect expect = Expect::Value;
    while (true) {
        skipWhitespace();
        if (expect == Expect::AfterValue && m_stack.empty()) {
            if (m_pos < m_size)
                return fail(QStringLiteral("garbage at the end of the document"), m_pos);
            m_doc.m_children.shrink_to_fit();
            return true;
        }
        if (m_pos >= m_size)
            return failAtEnd();
        const char c = m_data[m_pos];
        switch (expect) {
        case Expect::Value:
            if (c == '{' || c == '[') {
                const bool isObject = c == '{';
                if (!addNode(isObject ? JsonDocument::Type::Object : JsonDocument::Type::Array, m_pos))
                    return false;
                m_stack.push_back(Frame{static_cast<qint32>(m_doc.m_nodes.size() - 1), m_pending.size(), isObject});
                ++m_pos;
                skipWhitespace();
                if (m_pos < m_size && m_data[m_pos] == (isObject ? '}' : ']')) {
                    ++m_pos;
                    closeFrame();
                    expect = Expect::AfterValue;
                } else {
                    expect = isObject ? Expect::Key : Expect::Value;
                }
                continue;
            }
            if (c == '"') {
                const qsizetype start = m_pos;
                if (!scanString() || !addNode(JsonDocument::Type::String, start))
                    return false;
            } else if (c == '-' || isDigit(c)) {
                if (!scanNumber())
                    return false;
            } else if (c == 't' || c == 'f' || c == 'n') {
                if (!scanLiteral())
                    return false;
            } else if (c == ']' && !m_stack.empty() && !m_stack.back().isObject) {
                return fail(QStringLiteral("trailing comma in array"), m_pos);
            } else {
                return fail(QStringLiteral("expected a value"), m_pos);
            }
            expect = Expect::AfterValue;
            break;
        case Expect::Key: {
            if (c != '"')
                return fail(c == '}' ? QStringLiteral("trailing comma in object")
                                     : QStringLiteral("expected a member name in double quotes"),
                            m_pos);
            const qsizetype keyStart = m_pos;
            if (!scanString())
                return false;
            const qsizetype keyEnd = m_pos;
            skipWhitespace();
            if (m_pos >= m_size)
                return failAtEnd();
            if (m_data[m_pos] != ':')
                return fail(QStringLiteral("missing ':' after member name"), m_pos);
            ++m_pos;
            m_keyOffset = static_cast<quint32>(keyStart);
            m_keyLength = static_cast<quint32>(keyEnd - keyStart);
            expect = Expect::Value;
            break;
        }
        case Expect::AfterValue: {
            const Frame& top = m_stack.back();
            if (c == ',') {
                ++m_pos;
                expect = top.isObject ? Expect::Key : Expect::Value;
            } else if (c == (top.isObject ? '}' : ']')) {
                ++m_pos;
                closeFrame();
            } else {
                return fail(top.isObject ? QStringLiteral("expected ',' or '}' after object member")
                                         : QStringLiteral("expected ',' or ']' after array element"),
                            m_pos);
            }
            break;
        }
        }
    }
}

JsonDocument JsonDocument::parse(const QByteArray& text) {
    JsonDocument doc;
    doc.m_text = text;
    JsonParser(doc).run();
    return doc;
}

int JsonDocument::childAt(int parent, int row) const {
    const Node& n = node(parent);
    if (row < 0 || row >= n.childCount)
        return -1;
    return m_children[static_cast<std::size_t>(n.childStart + row)];
}

QByteArrayView JsonDocument::rawValue(int index) const {
    const Node& n = node(index);
    return QByteArrayView(m_text.constData() + n.valueOffset, n.valueLength);
}

QString JsonDocument::key(int index) const {
    const Node& n = node(index);
    if (n.keyLength == 0)
        return {};
    return decodeString(QByteArrayView(m_text.constData() + n.keyOffset, n.keyLength));
}

QString JsonDocument::stringValue(int index, qsizetype maxChars) const {
    if (node(index).type != Type::String)
        return {};
    return decodeString(rawValue(index), maxChars);
}

QByteArray JsonDocument::compactValue(int index) const {
    const QByteArrayView raw = rawValue(index);
    const Type type = node(index).type;
    if (type == Type::Object || type == Type::Array)
        return reformat(raw, -1);
    return raw.toByteArray();
}

QString JsonDocument::typeName(Type type) {
    switch (type) {
    case Type::Object:
        return QStringLiteral("object");
    case Type::Array:
        return QStringLiteral("array");
    case Type::String:
        return QStringLiteral("string");
    case Type::Number:
        return QStringLiteral("number");
    case Type::Bool:
        return QStringLiteral("boolean");
    case Type::Null:
        return QStringLiteral("null");
    }
    return {};
}

namespace {

// RFC 9535 §2.5.1.1 member-name-shorthand: name-first = ALPHA / "_" / non-ASCII,
// name-char adds DIGIT. Anything else needs the bracketed form.
bool isShorthandName(const QString& name) {
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        const bool alpha = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c >= 0x80;
        const bool digit = c >= u'0' && c <= u'9';
        if (!(alpha || (i > 0 && digit)))
            return false;
    }
    return true;
}

// RFC 9535 §2.7 normalized-path escaping inside single quotes.
QString quotedName(const QString& name) {
    QString out = QStringLiteral("['");
    for (const QChar ch : name) {
        switch (ch.unicode()) {
        case u'\'':
            out += QStringLiteral("\\'");
            break;
        case u'\\':
            out += QStringLiteral("\\\\");
            break;
        case u'\b':
            out += QStringLiteral("\\b");
            break;
        case u'\f':
            out += QStringLiteral("\\f");
            break;
        case u'\n':
            out += QStringLiteral("\\n");
            break;
        case u'\r':
            out += QStringLiteral("\\r");
            break;
        case u'\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (ch.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(ch.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += ch;
        }
    }
    out += QStringLiteral("']");
    return out;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

QString JsonDocument::path(int index) const {
    std::vector<int> chain;
    for (int i = index; i >= 0 && node(i).parent >= 0; i = node(i).parent)
        chain.push_back(i);
    QString out = QStringLiteral("$");
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Node& n = node(*it);
        if (node(n.parent).type == Type::Array) {
            out += QLatin1Char('[') + QString::number(n.row) + QLatin1Char(']');
        } else {
            const QString name = key(*it);
            if (isShorthandName(name))
                out += QLatin1Char('.') + name;
            else
                out += quotedName(name);
        }
    }
    return out;
}

QString JsonDocument::decodeString(QByteArrayView literal, qsizetype maxChars) {
    if (literal.size() < 2)
        return {};
    const QByteArrayView inner = literal.sliced(1, literal.size() - 2);
    // One UTF-8 byte never yields more than one UTF-16 unit, so cutting the bytes to
    // maxChars keeps the result within maxChars.
    if (!inner.contains('\\'))
        return QString::fromUtf8(utf8Prefix(inner, maxChars));

    QString out;
    out.reserve(maxChars >= 0 ? qMin(inner.size(), maxChars) : inner.size());
    qsizetype i = 0;
    while (i < inner.size() && (maxChars < 0 || out.size() < maxChars)) {
        qsizetype runEnd = inner.indexOf('\\', i);
        if (runEnd < 0)
            runEnd = inner.size();
        if (runEnd > i) {
            out += QString::fromUtf8(inner.sliced(i, runEnd - i));
            i = runEnd;
            continue;
        }
        if (i + 1 >= inner.size()) {
            out += QLatin1Char('\\');
            break;
        }
        const char e = inner[i + 1];
        i += 2;
        switch (e) {
        case '"':
            out += QLatin1Char('"');
            break;
        case '\\':
            out += QLatin1Char('\\');
            break;
        case '/':
            out += QLatin1Char('/');
            break;
        case 'b':
            out += QLatin1Char('\b');
            break;
        case 'f':
            out += QLatin1Char('\f');
            break;
        case 'n':
            out += QLatin1Char('\n');
            break;
        case 'r':
            out += QLatin1Char('\r');
            break;
        case 't':
            out += QLatin1Char('\t');
            break;
        case 'u': {
            int code = 0;
            bool valid = i + 4 <= inner.size();
            for (qsizetype k = 0; valid && k < 4; ++k) {
                const int digit = hexValue(inner[i + k]);
                valid = digit >= 0;
                code = code * 16 + digit;
            }
            if (!valid) {
                out += QStringLiteral("\\u");
                break;
            }
            // Surrogate halves arrive as two escapes and pair up naturally in UTF-16.
            out += QChar(static_cast<char16_t>(code));
            i += 4;
            break;
        }
        default:
            out += QLatin1Char('\\');
            out += QLatin1Char(e);
        }
    }
    if (maxChars >= 0 && out.size() > maxChars)
        out.truncate(maxChars);
    return out;
}

QByteArray JsonDocument::reformat(QByteArrayView json, int indent) {
    const bool pretty = indent >= 0;
    QByteArray out;
    out.reserve(pretty ? json.size() + json.size() / 2 : json.size());
    int depth = 0;
    QByteArray spaces;
    const auto newline = [&] {
        if (pretty) {
            out += '\n';
            const qsizetype width = qMax<qsizetype>(0, static_cast<qsizetype>(depth) * indent);
            if (spaces.size() < width)
                spaces = QByteArray(width * 2, ' ');
            out.append(spaces.constData(), width);
        }
    };
    const qsizetype n = json.size();
    qsizetype i = (n >= 3 && std::memcmp(json.data(), "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    while (i < n) {
        const char c = json[i];
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            ++i;
            break;
        case '"': {
            qsizetype end = i + 1;
            while (end < n && json[end] != '"')
                end += json[end] == '\\' ? 2 : 1;
            end = qMin(end + 1, n);
            out.append(json.sliced(i, end - i));
            i = end;
            break;
        }
        case '{':
        case '[': {
            const char close = c == '{' ? '}' : ']';
            qsizetype next = i + 1;
            while (next < n && (json[next] == ' ' || json[next] == '\t' || json[next] == '\n' || json[next] == '\r'))
                ++next;
            out += c;
            if (next < n && json[next] == close) { // keep "{}" and "[]" on one line
                out += close;
                i = next + 1;
                break;
            }
            ++depth;
            newline();
            ++i;
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            ++i;
            break;
        case ',':
            out += ',';
            newline();
            ++i;
            break;
        case ':':
            out.append(pretty ? ": " : ":");
            ++i;
            break;
        default:
            out += c;
            ++i;
        }
    }
    return out;
}

} // namespace flowscope::ui
