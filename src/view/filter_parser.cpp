#include "view/filter_parser.hpp"

#include "view/filter_lexer.hpp"
#include "view/filter_values.hpp"
#include "view/text_match.hpp"

#include <fmt/format.h>

namespace flowscope::view {
namespace {

using detail::FilterToken;

// Shown after "unknown field": the whole vocabulary, so a typo is easy to fix.
constexpr std::string_view kFields = "host, path, url, method, status, type, kind, size, duration, error, is, scheme";

// RFC 9110 §5.6.2 tchar: what a method may consist of.
bool isTokenChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isSchemeChar(char c) {
    // RFC 3986 §3.1
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
}

template <typename Predicate> bool allOf(std::string_view text, Predicate predicate) {
    for (char c : text) {
        if (!predicate(c)) {
            return false;
        }
    }
    return !text.empty();
}

class TermParser {
public:
    explicit TermParser(const FilterToken& token) : m_token(token) {}

    std::optional<Predicate> parse() {
        if (!m_token.hasField) {
            // A bare, unquoted `error` is the error filter; quote it to search URLs for it.
            if (!m_token.quoted && equalsIgnoringCase(m_token.value, "error")) {
                return HasError{};
            }
            return TextMatch{TextField::Url, asciiLowered(m_token.value), false};
        }
        const std::string field = asciiLowered(m_token.field);
        if (field != "host" && field != "path" && field != "url" && field != "method" && field != "status" &&
            field != "type" && field != "kind" && field != "size" && field != "duration" && field != "error" &&
            field != "is" && field != "scheme") {
            return failAt(m_token.column, fmt::format("unknown field '{}'", m_token.field),
                          fmt::format("fields: {}; put text with a colon in quotes", kFields));
        }
        if (m_token.value.empty() && !m_token.quoted) {
            return failAt(m_token.valueColumn, fmt::format("missing value after '{}:'", m_token.field));
        }
        return parseField(field);
    }

    const FilterError& error() const { return m_error; }

private:
    std::optional<Predicate> parseField(const std::string& field) {
        const std::string& value = m_token.value;
        std::string hint;
        if (field == "host" || field == "path" || field == "url" || field == "error") {
            TextField target = field == "host"   ? TextField::Host
                               : field == "path" ? TextField::Path
                               : field == "url"  ? TextField::Url
                                                 : TextField::ErrorKind;
            return TextMatch{target, asciiLowered(value), hasGlobWildcard(value)};
        }
        if (field == "status") {
            return range(detail::parseStatusValue(value, hint), "status", hint);
        }
        if (field == "size") {
            return range(detail::parseSizeValue(value, hint), "size", hint);
        }
        if (field == "duration") {
            return range(detail::parseDurationValue(value, hint), "duration", hint);
        }
        if (field == "method") {
            if (!allOf(value, isTokenChar)) {
                return invalid("method");
            }
            return MethodIs{asciiUppered(value)};
        }
        if (field == "scheme") {
            if (!allOf(value, isSchemeChar)) {
                return invalid("scheme");
            }
            return SchemeIs{asciiLowered(value)};
        }
        if (field == "type") {
            // A comma-separated list means any of them: `type:js,css`.
            TypeIs type;
            std::string_view rest = value;
            int column = m_token.valueColumn;
            while (true) {
                const std::size_t comma = rest.find(',');
                const std::string_view name = rest.substr(0, comma);
                const std::optional<ContentFamily> family = contentFamilyFromString(asciiLowered(name));
                if (!family) {
                    return failAt(column, fmt::format("unknown type '{}'", name),
                                  "types: json, html, js, css, image, xml, text, font, media, other");
                }
                type.families = static_cast<std::uint16_t>(type.families | (1u << static_cast<unsigned>(*family)));
                if (comma == std::string_view::npos) {
                    break;
                }
                column += detail::columnAt(name, name.size()); // the name's code points plus the comma
                rest.remove_prefix(comma + 1);
            }
            return type;
        }
        if (field == "kind") {
            const std::string kind = asciiLowered(value);
            if (kind == "http") {
                return KindIs{store::FlowKind::Http};
            }
            if (kind == "tunnel") {
                return KindIs{store::FlowKind::Tunnel};
            }
            if (kind == "websocket" || kind == "ws") {
                return KindIs{store::FlowKind::WebSocket};
            }
            return failAt(m_token.valueColumn, fmt::format("unknown kind '{}'", value),
                          "kinds: http, tunnel, websocket");
        }
        // field == "is"
        if (equalsIgnoringCase(value, "error")) {
            return HasError{};
        }
        return failAt(m_token.valueColumn, fmt::format("unknown value '{}' for 'is:'", value), "use is:error");
    }

    std::optional<Predicate> range(std::optional<RangeMatch> parsed, std::string_view what, const std::string& hint) {
        if (parsed) {
            return *parsed;
        }
        return invalid(what, hint);
    }

    std::optional<Predicate> invalid(std::string_view what, std::string_view hint = {}) {
        return failAt(m_token.valueColumn, fmt::format("invalid {} '{}'", what, m_token.value), hint);
    }

    std::optional<Predicate> failAt(int column, std::string_view what, std::string_view hint = {}) {
        std::string message = fmt::format("{} at {}", what, column);
        if (!hint.empty()) {
            message += fmt::format(" ({})", hint);
        }
        m_error = FilterError{std::move(message), column};
        return std::nullopt;
    }

    const FilterToken& m_token;
    FilterError m_error;
};

} // namespace

ParsedFilter parseFilter(std::string_view text) {
    ParsedFilter result;
    detail::LexedFilter lexed = detail::lexFilter(text);
    if (lexed.error) {
        result.error = std::move(lexed.error);
        return result;
    }
    for (const FilterToken& token : lexed.tokens) {
        TermParser parser(token);
        std::optional<Predicate> predicate = parser.parse();
        if (!predicate) {
            result.expression = {};
            result.error = parser.error();
            return result;
        }
        result.expression.terms.push_back(FilterTerm{std::move(*predicate), token.negated, token.column});
    }
    return result;
}

} // namespace flowscope::view
