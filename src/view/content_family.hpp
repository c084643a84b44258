#pragma once
// Response content types grouped into the families a user filters and sorts on
// (`type:json`). The grouping is one function in C++ and one SQL expression that must
// agree byte for byte; tests/unit/view/content_family_test.cpp checks both on a table.

#include <cstdint>
#include <optional>
#include <string_view>

namespace flowscope::view {

// Sorting by type orders by this value, so the order is alphabetical by name with
// Other (no or unknown content type) first.
enum class ContentFamily : std::uint8_t { Other, Css, Font, Html, Image, Js, Json, Media, Text, Xml };

inline constexpr int kContentFamilyCount = 10;

std::string_view toString(ContentFamily family);                             // "json"
std::optional<ContentFamily> contentFamilyFromString(std::string_view name); // exact, lowercase

// The media type of a Content-Type value is the text before the first ';' without
// surrounding spaces and tabs, compared ignoring ASCII case ("Text/HTML; charset=utf-8" is
// text/html). Rules on it, first match wins (so image/svg+xml is an image, application/xhtml+xml html):
//   ""                                       other
//   contains "json"                          json
//   text/html, application/xhtml+xml         html
//   contains "javascript" or "ecmascript"    js
//   text/css                                 css
//   image/*                                  image
//   contains "font"                          font   (font/woff2, application/x-font-ttf)
//   contains "xml"                           xml
//   audio/*, video/*                         media
//   text/*                                   text
//   anything else                            other
ContentFamily classifyContentType(std::string_view contentType);

// The same rules as an SQL expression over the `response_content_type` column, yielding
// the enum's integer value. Fixed text: it contains no user input.
std::string_view contentFamilySql();

} // namespace flowscope::view
