#include "viewers/body_kind.hpp"

#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

QString s(const char* text) {
    return QString::fromUtf8(text);
}

TEST(BodyKind, MediaTypeAndCharset) {
    EXPECT_EQ(mediaType(s("Application/JSON; charset=UTF-8")), s("application/json"));
    EXPECT_EQ(mediaType(s("")), QString());
    EXPECT_EQ(charsetOf(s("text/html; charset=\"ISO-8859-1\"")), s("iso-8859-1"));
    EXPECT_EQ(charsetOf(s("text/html;foo=bar; Charset=utf-8")), s("utf-8"));
    EXPECT_EQ(charsetOf(s("text/html")), QString());
}

TEST(BodyKind, KindsFromMediaTypes) {
    EXPECT_EQ(kindForMediaType(s("application/json")), BodyKind::Json);
    EXPECT_EQ(kindForMediaType(s("application/problem+json")), BodyKind::Json);
    EXPECT_EQ(kindForMediaType(s("application/x-amz-json-1.1")), BodyKind::Json);
    EXPECT_EQ(kindForMediaType(s("application/x-ndjson")), BodyKind::Text);
    EXPECT_EQ(kindForMediaType(s("text/html")), BodyKind::Html);
    EXPECT_EQ(kindForMediaType(s("application/xhtml+xml")), BodyKind::Html);
    EXPECT_EQ(kindForMediaType(s("application/atom+xml")), BodyKind::Xml);
    EXPECT_EQ(kindForMediaType(s("text/xml")), BodyKind::Xml);
    EXPECT_EQ(kindForMediaType(s("text/javascript")), BodyKind::JavaScript);
    EXPECT_EQ(kindForMediaType(s("application/javascript")), BodyKind::JavaScript);
    EXPECT_EQ(kindForMediaType(s("text/css")), BodyKind::Css);
    EXPECT_EQ(kindForMediaType(s("application/x-www-form-urlencoded")), BodyKind::Form);
    EXPECT_EQ(kindForMediaType(s("text/plain")), BodyKind::Text);
    EXPECT_EQ(kindForMediaType(s("image/png")), BodyKind::Image);
    EXPECT_EQ(kindForMediaType(s("image/svg+xml")), BodyKind::Image);
    EXPECT_EQ(kindForMediaType(s("application/octet-stream")), BodyKind::Binary);
    EXPECT_EQ(kindForMediaType(s("nonsense")), BodyKind::Binary);
}

TEST(BodyKind, DeclaredTypesWin) {
    EXPECT_EQ(classifyBody(s("application/json"), "not json"), BodyKind::Json); // BodyViewer falls back to text
    EXPECT_EQ(classifyBody(s("text/css"), "a{}"), BodyKind::Css);
    EXPECT_EQ(classifyBody(s("text/plain"), QByteArray("a\0b", 3)), BodyKind::Binary);
    EXPECT_EQ(classifyBody(s("text/plain"), QByteArray()), BodyKind::Empty);
}

TEST(BodyKind, SniffsGenericAndMissingTypes) {
    for (const char* type : {"", "application/octet-stream", "binary/octet-stream"}) {
        const QString t = s(type);
        EXPECT_EQ(classifyBody(t, " {\"a\": 1}\n"), BodyKind::Json) << type;
        EXPECT_EQ(classifyBody(t, "[1, 2]"), BodyKind::Json) << type;
        EXPECT_EQ(classifyBody(t, "<!DOCTYPE html><html></html>"), BodyKind::Html) << type;
        EXPECT_EQ(classifyBody(t, "<?xml version=\"1.0\"?><a/>"), BodyKind::Xml) << type;
        EXPECT_EQ(classifyBody(t, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), BodyKind::Image) << type;
        EXPECT_EQ(classifyBody(t, QByteArray("GIF89a\x01\0\x01\0", 10)), BodyKind::Image) << type;
        EXPECT_EQ(classifyBody(t, "plain words, caf\xC3\xA9"), BodyKind::Text) << type;
        EXPECT_EQ(classifyBody(t, QByteArray("\x01\x02\x00\x03\xfe", 5)), BodyKind::Binary) << type;
    }
}

TEST(BodyKind, ImageSignatures) {
    EXPECT_TRUE(hasImageSignature("\xFF\xD8\xFF\xE0"));
    EXPECT_TRUE(hasImageSignature(QByteArrayView("RIFF\x10\0\0\0WEBPVP8 ", 16)));
    EXPECT_TRUE(hasImageSignature(QByteArrayView("\0\0\1\0\1\0", 6)));
    EXPECT_TRUE(hasImageSignature(QByteArrayView("\0\0\0\x1c"
                                                 "ftypavif",
                                                 12)));
    EXPECT_FALSE(hasImageSignature("BM is also how this sentence starts"));
    EXPECT_FALSE(hasImageSignature(QByteArrayView("RIFF\x10\0\0\0WAVEfmt ", 16)));
}

TEST(BodyKind, LooksLikeText) {
    EXPECT_TRUE(looksLikeText("hello\tworld\r\n"));
    EXPECT_TRUE(looksLikeText("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
    EXPECT_TRUE(looksLikeText("ends mid sequence \xE2\x82")); // the sample was cut there
    EXPECT_FALSE(looksLikeText("latin-1 caf\xE9 au lait"));
    EXPECT_FALSE(looksLikeText(QByteArrayView("nul\0byte", 8)));
    EXPECT_FALSE(looksLikeText("\x01\x02\x03\x04\x05 mostly control"));
    EXPECT_TRUE(looksLikeText(QByteArrayView()));
}

TEST(BodyKind, Languages) {
    EXPECT_EQ(languageFor(BodyKind::Json), SyntaxLanguage::Json);
    EXPECT_EQ(languageFor(BodyKind::Html), SyntaxLanguage::Html);
    EXPECT_EQ(languageFor(BodyKind::Text), SyntaxLanguage::None);
    EXPECT_TRUE(isTextual(BodyKind::Form));
    EXPECT_FALSE(isTextual(BodyKind::Image));
}

} // namespace
} // namespace flowscope::ui
