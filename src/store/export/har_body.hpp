#pragma once
// Body bytes <-> the text fields of HAR postData and content (HAR 1.2 "postData",
// "content"), shared by the writer and reader so both sides agree on one rule:
//
//   no Content-Encoding, UTF-8 bytes       -> "text": bytes
//   no Content-Encoding, other bytes       -> "text": base64, "encoding": "base64"
//   Content-Encoding, no decoder (default) -> "text": base64 of the wire bytes,
//                                             "encoding": "base64", "_contentEncoding": coding
//   Content-Encoding, decoder succeeded    -> "text": decoded (as above), "_wireBase64": wire
//
// HAR 1.2 defines "encoding" on content only; postData gets the same field because
// binary uploads need it too (several tools read it there, and ours does).

#include "store/export/har_writer.hpp"
#include "store/flow.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::store::exporting {

// Every Content-Encoding field of `headers` joined with ", " (RFC 9110 section 5.3).
std::string contentEncodingOf(const HeaderList& headers);
// True when the coding list names anything other than "identity".
bool isContentEncoded(std::string_view contentEncoding) noexcept;

struct BodyText {
    // text, encoding, _contentEncoding, _wireBase64: merged into postData/content.
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    // Set when fields.text holds decoded bytes (HarOptions::decodeContent succeeded).
    std::optional<std::uint64_t> decodedSize;
};

// The text fields for `body`; empty when there are no captured bytes.
BodyText bodyToHar(const BodyCapture& body, std::string_view contentEncoding, const HarContentDecoder& decoder);

// Where body bytes came from on import.
enum class BodySource {
    None,    // no text
    Wire,    // _wireBase64 or _contentEncoding: exactly the bytes on the wire
    Decoded, // plain text/base64 with no marker: a browser's decoded body
};
struct BodyBytes {
    std::string data;
    BodySource source = BodySource::None;
};

// Reads the text fields of a postData/content object; throws std::invalid_argument with
// the field name ("text is not valid base64") when they are unusable.
BodyBytes bodyFromHar(const nlohmann::json& object);

} // namespace flowscope::store::exporting
