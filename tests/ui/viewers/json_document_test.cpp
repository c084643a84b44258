#include "viewers/json_document.hpp"

#include <gtest/gtest.h>
#include <string>

namespace flowscope::ui {
namespace {

using Type = JsonDocument::Type;

JsonDocument parse(const char* text) {
    return JsonDocument::parse(QByteArray(text));
}

TEST(JsonDocument, NestedObjectsAndArraysKeepWireOrder) {
    const JsonDocument doc = parse(R"({"z": {"b": [1, 2, {"c": null}]}, "a": "x", "z": true})");
    ASSERT_TRUE(doc.isValid()) << doc.errorString().toStdString();
    EXPECT_EQ(doc.node(0).type, Type::Object);
    ASSERT_EQ(doc.node(0).childCount, 3); // the duplicate "z" stays visible
    const int z = doc.childAt(0, 0);
    EXPECT_EQ(doc.key(z), QStringLiteral("z"));
    EXPECT_EQ(doc.key(doc.childAt(0, 1)), QStringLiteral("a"));
    EXPECT_EQ(doc.node(doc.childAt(0, 2)).type, Type::Bool);
    const int b = doc.childAt(z, 0);
    EXPECT_EQ(doc.node(b).type, Type::Array);
    ASSERT_EQ(doc.node(b).childCount, 3);
    const int third = doc.childAt(b, 2);
    EXPECT_EQ(doc.node(third).row, 2);
    EXPECT_EQ(doc.node(third).parent, b);
    EXPECT_FALSE(doc.hasKey(third));
    EXPECT_EQ(doc.node(doc.childAt(third, 0)).type, Type::Null);
    EXPECT_EQ(doc.childAt(b, 3), -1);
    EXPECT_EQ(doc.rawValue(b), QByteArrayView("[1, 2, {\"c\": null}]"));
}

TEST(JsonDocument, ScalarsAtTopLevel) {
    struct Case {
        const char* text;
        Type type;
        const char* raw;
    };
    for (const Case& c : {Case{"42", Type::Number, "42"}, Case{" \"hi\" ", Type::String, "\"hi\""},
                          Case{"true", Type::Bool, "true"}, Case{"false", Type::Bool, "false"},
                          Case{"null\n", Type::Null, "null"}, Case{"-1.5e-3", Type::Number, "-1.5e-3"}}) {
        const JsonDocument doc = parse(c.text);
        ASSERT_TRUE(doc.isValid()) << c.text << ": " << doc.errorString().toStdString();
        EXPECT_EQ(doc.nodeCount(), 1);
        EXPECT_EQ(doc.node(0).type, c.type);
        EXPECT_EQ(doc.rawValue(0), QByteArrayView(c.raw));
        EXPECT_EQ(doc.path(0), QStringLiteral("$"));
    }
}

TEST(JsonDocument, EmptyContainers) {
    const JsonDocument doc = parse("{\"o\": {}, \"a\": [ ], \"s\": \"\"}");
    ASSERT_TRUE(doc.isValid());
    EXPECT_EQ(doc.node(doc.childAt(0, 0)).childCount, 0);
    EXPECT_EQ(doc.node(doc.childAt(0, 1)).childCount, 0);
    EXPECT_EQ(doc.stringValue(doc.childAt(0, 2)), QString());
    EXPECT_TRUE(parse("{}").isValid());
    EXPECT_TRUE(parse("[]").isValid());
}

TEST(JsonDocument, NumbersStayAsWritten) {
    // Beyond 64 bits and beyond double precision: QJsonDocument would round these.
    const JsonDocument doc =
        parse("[12345678901234567890123, 3.14159265358979323846264, -0, 1E+400, 9007199254740993]");
    ASSERT_TRUE(doc.isValid());
    EXPECT_EQ(doc.rawValue(doc.childAt(0, 0)), QByteArrayView("12345678901234567890123"));
    EXPECT_EQ(doc.rawValue(doc.childAt(0, 1)), QByteArrayView("3.14159265358979323846264"));
    EXPECT_EQ(doc.rawValue(doc.childAt(0, 2)), QByteArrayView("-0"));
    EXPECT_EQ(doc.rawValue(doc.childAt(0, 3)), QByteArrayView("1E+400"));
    EXPECT_EQ(doc.compactValue(doc.childAt(0, 4)), QByteArray("9007199254740993"));
}

TEST(JsonDocument, UnicodeKeysAndEscapes) {
    const JsonDocument doc = parse(R"({"名前": "値", "emoji \ud83d\ude00": "tab\there \"q\" \u00e9\/"})");
    ASSERT_TRUE(doc.isValid());
    EXPECT_EQ(doc.key(doc.childAt(0, 0)), QString::fromUtf8("名前"));
    EXPECT_EQ(doc.stringValue(doc.childAt(0, 0)), QString::fromUtf8("値"));
    EXPECT_EQ(doc.key(doc.childAt(0, 1)), QString::fromUtf8("emoji 😀"));
    EXPECT_EQ(doc.stringValue(doc.childAt(0, 1)), QString::fromUtf8("tab\there \"q\" é/"));
    EXPECT_EQ(doc.path(doc.childAt(0, 0)), QString::fromUtf8("$.名前"));
    EXPECT_EQ(doc.path(doc.childAt(0, 1)), QString::fromUtf8("$['emoji 😀']"));
}

TEST(JsonDocument, DecodeStringHonoursMaxChars) {
    EXPECT_EQ(JsonDocument::decodeString("\"abcdef\"", 3), QStringLiteral("abc"));
    EXPECT_EQ(JsonDocument::decodeString("\"a\\nbcdef\"", 3), QStringLiteral("a\nb"));
    // Cutting never splits a UTF-8 sequence into a replacement character.
    EXPECT_EQ(JsonDocument::decodeString("\"\xC3\xA9\xC3\xA9\"", 3), QString::fromUtf8("é"));
}

TEST(JsonDocument, Paths) {
    const JsonDocument doc =
        parse(R"({"items": [0, 1, 2, {"name": "n"}], "a b": 1, "it's": 2, "": 3, "1a": 4, "_x1": 5})");
    ASSERT_TRUE(doc.isValid());
    const int items = doc.childAt(0, 0);
    const int name = doc.childAt(doc.childAt(items, 3), 0);
    EXPECT_EQ(doc.path(name), QStringLiteral("$.items[3].name"));
    EXPECT_EQ(doc.path(doc.childAt(items, 1)), QStringLiteral("$.items[1]"));
    EXPECT_EQ(doc.path(doc.childAt(0, 1)), QStringLiteral("$['a b']"));
    EXPECT_EQ(doc.path(doc.childAt(0, 2)), QStringLiteral("$['it\\'s']"));
    EXPECT_EQ(doc.path(doc.childAt(0, 3)), QStringLiteral("$['']"));
    EXPECT_EQ(doc.path(doc.childAt(0, 4)), QStringLiteral("$['1a']"));
    EXPECT_EQ(doc.path(doc.childAt(0, 5)), QStringLiteral("$._x1"));
}

TEST(JsonDocument, MalformedDocumentsSayWhatAndWhere) {
    struct Case {
        const char* text;
        const char* error;
    };
    const Case cases[] = {
        {"", "empty document at offset 0"},
        {"   ", "empty document at offset 3"},
        {"{\"a\": \"abc", "unterminated string at offset 6"},
        {"{\"a\" 1}", "missing ':' after member name at offset 5"},
        {"[1,2,]", "trailing comma in array at offset 5"},
        {"{\"a\":1,}", "trailing comma in object at offset 7"},
        {"[1 2]", "expected ',' or ']' after array element at offset 3"},
        {"{\"a\":1 \"b\":2}", "expected ',' or '}' after object member at offset 7"},
        {"{\"a\":1} x", "garbage at the end of the document at offset 8"},
        {"[01]", "illegal number (leading zero) at offset 1"},
        {"[1.]", "illegal number at offset 1"},
        {"[-]", "illegal number at offset 1"},
        {"[1e]", "illegal number at offset 1"},
        {"{\"a\":tru}", "illegal value at offset 5"},
        {"[\"\\x\"]", "invalid escape sequence in string at offset 2"},
        {"[\"\\u12G4\"]", "invalid \\u escape in string at offset 2"},
        {"[\"a\nb\"]", "unescaped control character U+000a in string at offset 3"},
        {"[[[", "unterminated array (opened at offset 2) at offset 3"},
        {"{\"a\": {\"b\": 1", "unterminated object (opened at offset 6) at offset 13"},
        {"{'a':1}", "expected a member name in double quotes at offset 1"},
        {"{\"a\":}", "expected a value at offset 5"},
        {"[1,\"x\"", "unterminated array (opened at offset 0) at offset 6"},
    };
    for (const Case& c : cases) {
        const JsonDocument doc = parse(c.text);
        EXPECT_FALSE(doc.isValid()) << c.text;
        EXPECT_EQ(doc.nodeCount(), 0) << c.text;
        EXPECT_TRUE(doc.errorString().startsWith(QString::fromUtf8(c.error)))
            << c.text << " -> " << doc.errorString().toStdString();
    }
}

TEST(JsonDocument, ErrorNamesLineAndColumn) {
    const JsonDocument doc = parse("{\n  \"a\": \"abc");
    EXPECT_EQ(doc.errorString(), QStringLiteral("unterminated string at offset 9 (line 2, column 8)"));
    EXPECT_EQ(doc.errorOffset(), 9);
}

TEST(JsonDocument, DeepNestingDoesNotRecurse) {
    const int depth = 200000;
    const QByteArray text = QByteArray(depth, '[') + QByteArray(depth, ']');
    const JsonDocument doc = JsonDocument::parse(text);
    ASSERT_TRUE(doc.isValid());
    EXPECT_EQ(doc.nodeCount(), depth);
    EXPECT_TRUE(doc.path(depth - 1).endsWith(QStringLiteral("[0][0]")));
    EXPECT_FALSE(JsonDocument::parse(QByteArray(depth, '[')).isValid());
}

TEST(JsonDocument, ByteOrderMarkIsSkipped) {
    const JsonDocument doc = parse("\xEF\xBB\xBF{\"a\": 1}");
    ASSERT_TRUE(doc.isValid());
    EXPECT_EQ(doc.key(doc.childAt(0, 0)), QStringLiteral("a"));
}

TEST(JsonDocument, ReformatPrettyAndCompact) {
    const QByteArray json = R"( {"a" : [1, 2, { }, [ ]], "b": {"c": "x, y: {z}", "d": "q\"}"}} )";
    ASSERT_TRUE(JsonDocument::parse(json).isValid());
    EXPECT_EQ(JsonDocument::reformat(json, -1), QByteArray(R"({"a":[1,2,{},[]],"b":{"c":"x, y: {z}","d":"q\"}"}})"));
    EXPECT_EQ(JsonDocument::reformat(json, 2), QByteArray("{\n"
                                                          "  \"a\": [\n"
                                                          "    1,\n"
                                                          "    2,\n"
                                                          "    {},\n"
                                                          "    []\n"
                                                          "  ],\n"
                                                          "  \"b\": {\n"
                                                          "    \"c\": \"x, y: {z}\",\n"
                                                          "    \"d\": \"q\\\"}\"\n"
                                                          "  }\n"
                                                          "}"));
}

TEST(JsonDocument, CompactValueOfContainer) {
    const JsonDocument doc = parse("{ \"a\" : [ 1 , { \"b\" : \"c d\" } ] }");
    ASSERT_TRUE(doc.isValid());
    EXPECT_EQ(doc.compactValue(0), QByteArray(R"({"a":[1,{"b":"c d"}]})"));
    EXPECT_EQ(doc.compactValue(doc.childAt(0, 0)), QByteArray(R"([1,{"b":"c d"}])"));
}

} // namespace
} // namespace flowscope::ui
