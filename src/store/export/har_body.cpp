#include "store/export/har_body.hpp"

#include "store/export/har_format.hpp"
#include "store/export/text_codec.hpp"

#include <stdexcept>

namespace flowscope::store::exporting {
namespace {

// UTF-8 bytes go as JSON text; anything else as base64 (JSON text must be UTF-8,
// RFC 8259 section 8.1).
void putBytes(nlohmann::ordered_json& fields, std::string_view bytes) {
    if (isUtf8(bytes)) {
        fields["text"] = bytes;
    } else {
        fields["text"] = base64Encode(bytes);
        fields["encoding"] = "base64";
    }
}

const nlohmann::json* member(const nlohmann::json& object, std::string_view key) {
    const auto found = object.find(key);
    return found == object.end() || found->is_null() ? nullptr : &*found;
}

std::string decodeBase64Field(const nlohmann::json& value, std::string_view name) {
    if (!value.is_string()) {
        throw std::invalid_argument(std::string(name) + " is not a string");
    }
    auto bytes = base64Decode(value.get_ref<const std::string&>());
    if (!bytes) {
        throw std::invalid_argument(std::string(name) + " is not valid base64");
    }
    return std::move(*bytes);
}

} // namespace

std::string contentEncodingOf(const HeaderList& headers) {
    std::string joined;
    for (const auto& [name, value] : headers) {
        if (equalsIgnoreCase(name, "content-encoding")) {
            if (!joined.empty()) {
                joined += ", ";
            }
            joined += trimWhitespace(value);
        }
    }
    return joined;
}

bool isContentEncoded(std::string_view contentEncoding) noexcept {
    while (!contentEncoding.empty()) {
        const auto comma = contentEncoding.find(',');
        const auto coding = trimWhitespace(contentEncoding.substr(0, comma));
        if (!coding.empty() && !equalsIgnoreCase(coding, "identity")) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        contentEncoding.remove_prefix(comma + 1);
    }
    return false;
}

BodyText bodyToHar(const BodyCapture& body, std::string_view contentEncoding, const HarContentDecoder& decoder) {
    BodyText result;
    if (body.data.empty()) {
        return result;
    }
    if (!isContentEncoded(contentEncoding)) {
        putBytes(result.fields, body.data);
        return result;
    }
    // A truncated capture cannot be decoded faithfully (the stream ends early), so it
    // always goes as wire bytes.
    if (decoder && !body.truncated) {
        if (auto decoded = decoder(body.data, contentEncoding)) {
            putBytes(result.fields, *decoded);
            result.fields[kWireBytesKey] = base64Encode(body.data);
            result.decodedSize = decoded->size();
            return result;
        }
    }
    result.fields["text"] = base64Encode(body.data);
    result.fields["encoding"] = "base64";
    result.fields[kContentEncodingKey] =
        isUtf8(contentEncoding) ? std::string(contentEncoding) : latin1ToUtf8(contentEncoding);
    return result;
}

BodyBytes bodyFromHar(const nlohmann::json& object) {
    BodyBytes result;
    if (const auto* wire = member(object, kWireBytesKey)) {
        result.data = decodeBase64Field(*wire, kWireBytesKey);
        result.source = BodySource::Wire;
        return result;
    }
    const auto* text = member(object, "text");
    if (!text) {
        return result;
    }
    if (!text->is_string()) {
        throw std::invalid_argument("text is not a string");
    }
    // "encoding" is HAR's field on content; "_encoding" is seen on postData in the wild.
    const auto* encoding = member(object, "encoding");
    if (!encoding) {
        encoding = member(object, "_encoding");
    }
    if (encoding && !encoding->is_string()) {
        throw std::invalid_argument("encoding is not a string");
    }
    if (encoding && equalsIgnoreCase(encoding->get_ref<const std::string&>(), "base64")) {
        result.data = decodeBase64Field(*text, "text");
    } else if (encoding && !encoding->get_ref<const std::string&>().empty()) {
        throw std::invalid_argument("encoding \"" + encoding->get<std::string>() + "\" is unknown");
    } else {
        result.data = text->get<std::string>();
    }
    result.source = member(object, kContentEncodingKey) ? BodySource::Wire : BodySource::Decoded;
    return result;
}

} // namespace flowscope::store::exporting
