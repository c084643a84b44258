#pragma once
// Byte <-> text helpers shared by the HAR writer/reader and the cURL builder. HAR is JSON
// and JSON text must be UTF-8 (RFC 8259 section 8.1), while everything a proxy captures
// is bytes: these functions decide when bytes can travel as text and how they travel
// when they cannot.

#include <optional>
#include <string>
#include <string_view>

namespace flowscope::store::exporting {

// Well-formed UTF-8 per Unicode 15 table 3-7: no overlong forms, no surrogates, nothing
// past U+10FFFF. Exactly what nlohmann's strict dump()/parse() accept.
bool isUtf8(std::string_view bytes) noexcept;

// Every byte as the code point of the same number (U+0000..U+00FF), as UTF-8. Used for
// header and URL bytes that are not UTF-8: readable (RFC 9110 section 5.5 obs-text was
// historically ISO-8859-1) and exactly reversible with latin1FromUtf8.
std::string latin1ToUtf8(std::string_view bytes);
// Inverse of latin1ToUtf8; nullopt when the text is not UTF-8 or has a code point > U+00FF.
std::optional<std::string> latin1FromUtf8(std::string_view utf8);

// RFC 4648 section 4 alphabet with padding.
std::string base64Encode(std::string_view bytes);
// Accepts padded or unpadded input and ignores ASCII whitespace (some exporters wrap
// lines); nullopt on any other character or an impossible length.
std::optional<std::string> base64Decode(std::string_view text);

// "%41+b" -> "A b" when plusIsSpace (application/x-www-form-urlencoded, WHATWG URL
// section 5.1); a '%' not followed by two hex digits stays as it is.
std::string percentDecode(std::string_view text, bool plusIsSpace);
// The form-urlencoded byte serializer (WHATWG URL section 5.2): unreserved bytes stay,
// space becomes '+', everything else %XX.
std::string formUrlEncode(std::string_view bytes);

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept;
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) noexcept;
std::string toLowerAscii(std::string_view text);
std::string_view trimWhitespace(std::string_view text) noexcept; // spaces and tabs

} // namespace flowscope::store::exporting
