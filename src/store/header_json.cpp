#include "store/header_json.hpp"

#include "store/export/text_codec.hpp"
#include "store/flow_store.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace flowscope::store {
namespace {

constexpr std::string_view kLatin1 = "latin1";

// Bytes copied as they are inside a JSON string (for the latin1 form: ASCII only).
bool isPlain(unsigned char c, bool latin1) {
    return c >= 0x20 && c != '"' && c != '\\' && (c < 0x80 || !latin1);
}

void appendString(std::string& out, std::string_view text, bool latin1) {
    static constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                               '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        // Copy runs of plain bytes in one append: per-byte appends were the writer
        // thread's largest cost after SQLite itself.
        std::size_t run = i;
        while (run < text.size() && isPlain(static_cast<unsigned char>(text[run]), latin1)) {
            ++run;
        }
        out.append(text.data() + i, run - i);
        if (run == text.size()) {
            break;
        }
        auto c = static_cast<unsigned char>(text[run]);
        if (c == '"' || c == '\\') {
            const char escaped[2] = {'\\', static_cast<char>(c)};
            out.append(escaped, 2);
        } else if (c < 0x20) {
            const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
            out.append(escaped, 6);
        } else { // latin1 form, c >= 0x80: the code point U+0080..U+00FF in UTF-8
            const char encoded[2] = {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
            out.append(encoded, 2);
        }
        i = run + 1;
    }
    out += '"';
}

[[noreturn]] void malformed(std::string_view why) {
    throw StoreError(std::string("malformed header JSON in the flow store: ") + std::string(why));
}

// Inverse of the latin1 form of appendString: code points U+0000..U+00FF back to bytes.
std::string fromLatin1(const std::string& utf8) {
    std::string bytes;
    bytes.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            bytes += static_cast<char>(c);
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < utf8.size()) {
            auto next = static_cast<unsigned char>(utf8[++i]);
            bytes += static_cast<char>(((c & 0x1F) << 6) | (next & 0x3F));
        } else {
            malformed("latin1 pair with a code point above U+00FF");
        }
    }
    return bytes;
}

// True when every byte is printable ASCII other than '"' and '\\': the text goes into a
// JSON string as it is. One pass for the common header, instead of a UTF-8 check and an
// escaping scan.
bool isPlainAscii(std::string_view text) {
    static constexpr auto kPlain = [] {
        std::array<bool, 256> plain{};
        for (int c = 0x20; c < 0x7F; ++c)
            plain[c] = c != '"' && c != '\\';
        return plain;
    }();
    for (const char c : text) {
        if (!kPlain[static_cast<unsigned char>(c)])
            return false;
    }
    return true;
}

} // namespace

void encodeHeaders(const HeaderList& headers, std::string& out) {
    std::size_t estimate = 2;
    for (const auto& [name, value] : headers) {
        estimate += name.size() + value.size() + 8;
    }
    out.reserve(out.size() + estimate); // a no-op once the scratch buffer has grown
    out += '[';
    bool first = true;
    for (const auto& [name, value] : headers) {
        if (!first) {
            out += ',';
        }
        first = false;
        if (isPlainAscii(name) && isPlainAscii(value)) {
            out += "[\"";
            out += name;
            out += "\",\"";
            out += value;
            out += "\"]";
            continue;
        }
        // Well-formed UTF-8 is exactly what a strict JSON parser such as nlohmann's accepts.
        bool latin1 = !exporting::isUtf8(name) || !exporting::isUtf8(value);
        out += '[';
        appendString(out, name, latin1);
        out += ',';
        appendString(out, value, latin1);
        if (latin1) {
            out += ",\"";
            out += kLatin1;
            out += '"';
        }
        out += ']';
    }
    out += ']';
}

HeaderList decodeHeaders(std::string_view json) {
    nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_array()) {
        malformed("not a JSON array");
    }
    HeaderList headers;
    headers.reserve(parsed.size());
    for (auto& pair : parsed) {
        if (!pair.is_array() || pair.size() < 2 || pair.size() > 3 || !pair[0].is_string() || !pair[1].is_string()) {
            malformed("an element is not a [name, value] pair");
        }
        auto& name = pair[0].get_ref<std::string&>();
        auto& value = pair[1].get_ref<std::string&>();
        if (pair.size() == 3) {
            if (!pair[2].is_string() || pair[2].get_ref<const std::string&>() != kLatin1) {
                malformed("unknown pair encoding");
            }
            headers.emplace_back(fromLatin1(name), fromLatin1(value));
        } else {
            headers.emplace_back(std::move(name), std::move(value));
        }
    }
    return headers;
}

} // namespace flowscope::store
