#pragma once
// A parsed JSON text (RFC 8259) kept as a flat "tape" of nodes that point into the
// original bytes. Why not QJsonDocument: it sorts object keys, merges duplicate keys and
// turns integers beyond 64 bits into doubles. A debugging proxy must show exactly what
// went over the wire, so keys keep wire order, duplicates stay visible and numbers are
// shown as written. The tape also costs ~36 bytes per value and no per-value heap
// allocation, so a 10 MB body parses in tens of milliseconds.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <vector>

namespace flowscope::ui {

class JsonDocument {
public:
    enum class Type : quint8 { Object, Array, String, Number, Bool, Null };

    struct Node {
        qint32 parent = -1;    // node index, -1 for the root
        qint32 row = 0;        // position among the parent's children
        qint32 childStart = 0; // first entry in the children table
        qint32 childCount = 0;
        quint32 keyOffset = 0; // opening quote of the member name; keyLength 0 = no key
        quint32 keyLength = 0; // including both quotes
        quint32 valueOffset = 0;
        quint32 valueLength = 0; // whole value: "{...}" for containers, the literal otherwise
        Type type = Type::Null;
    };

    JsonDocument() = default;

    // Parses `text`. On failure the document has no nodes and errorString() says what and
    // where: "unterminated string at offset 120 (line 4, column 17)".
    static JsonDocument parse(const QByteArray& text);

    bool isValid() const { return !m_nodes.empty(); }
    QString errorString() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }
    const QByteArray& text() const { return m_text; }

    int nodeCount() const { return static_cast<int>(m_nodes.size()); }
    const Node& node(int index) const { return m_nodes[static_cast<std::size_t>(index)]; }
    // The `row`th child of container `parent`.
    int childAt(int parent, int row) const;

    bool hasKey(int index) const { return node(index).keyLength > 0; }
    QString key(int index) const; // decoded member name, empty for array elements and the root
    // Decoded string value (strings only), at most maxChars characters when maxChars >= 0.
    QString stringValue(int index, qsizetype maxChars = -1) const;
    QByteArrayView rawValue(int index) const; // the value's bytes as written
    QByteArray compactValue(int index) const; // the value as JSON without insignificant whitespace
    QString path(int index) const;            // "$.items[3].name", "$['a b']"

    static QString typeName(Type type);
    // Decodes a JSON string literal (with its quotes). Invalid escapes are kept verbatim;
    // callers pass literals the parser already accepted.
    static QString decodeString(QByteArrayView literal, qsizetype maxChars = -1);
    // Re-indents valid JSON without touching keys, order or number text. indent < 0 gives
    // the compact form. The input must be valid (check with parse() first).
    static QByteArray reformat(QByteArrayView validJson, int indent);

private:
    friend class JsonParser;

    QByteArray m_text;
    std::vector<Node> m_nodes;
    std::vector<qint32> m_children; // each container's children are contiguous here
    QString m_error;
    qsizetype m_errorOffset = -1;
};

} // namespace flowscope::ui
