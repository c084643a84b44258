#pragma once
// What a body is, from its Content-Type and, when that is missing or generic
// (application/octet-stream), from its first bytes. Decides which viewers apply.

#include "viewers/syntax_highlighter.hpp"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace flowscope::ui {

enum class BodyKind { Empty, Json, Html, Xml, JavaScript, Css, Form, Text, Image, Binary };

// "application/json" from "Application/JSON; charset=utf-8".
QString mediaType(const QString& contentType);
// The charset parameter, lower-cased, or empty: "iso-8859-1".
QString charsetOf(const QString& contentType);

// `body` is the decoded body (after Content-Encoding).
BodyKind classifyBody(const QString& contentType, const QByteArray& body);
// The kind a media type names, or BodyKind::Binary when it names none (octet-stream, unknown).
BodyKind kindForMediaType(const QString& mediaType);
// Image signatures: PNG, JPEG, GIF, WebP, BMP, ICO, AVIF/HEIF.
bool hasImageSignature(QByteArrayView bytes);
// Valid UTF-8 (a sequence cut at the end of the sample is fine) with few control characters.
bool looksLikeText(QByteArrayView sample);
SyntaxLanguage languageFor(BodyKind kind);
bool isTextual(BodyKind kind);

} // namespace flowscope::ui
