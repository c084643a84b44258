#include "store/export/har_cookies.hpp"

#include "store/export/iso_time.hpp"
#include "store/export/text_codec.hpp"

#include <charconv>

namespace flowscope::store::exporting {
namespace {

// "name=value" -> (name, value), both trimmed; no '=' -> ("", text).
std::pair<std::string_view, std::string_view> splitPair(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) {
        return {std::string_view{}, trimWhitespace(text)};
    }
    return {trimWhitespace(text.substr(0, eq)), trimWhitespace(text.substr(eq + 1))};
}

} // namespace

std::vector<HarCookie> parseCookieHeader(std::string_view value) {
    std::vector<HarCookie> cookies;
    std::size_t start = 0;
    while (start <= value.size()) {
        const auto semicolon = value.find(';', start);
        const auto piece = trimWhitespace(
            value.substr(start, semicolon == std::string_view::npos ? value.size() - start : semicolon - start));
        if (!piece.empty()) {
            const auto [name, content] = splitPair(piece);
            HarCookie cookie;
            cookie.name = std::string(name);
            cookie.value = std::string(content);
            cookies.push_back(std::move(cookie));
        }
        if (semicolon == std::string_view::npos) {
            break;
        }
        start = semicolon + 1;
    }
    return cookies;
}

HarCookie parseSetCookie(std::string_view value, std::int64_t receivedAtUs) {
    const auto firstSemicolon = value.find(';');
    const auto [name, content] = splitPair(value.substr(0, firstSemicolon));
    HarCookie cookie;
    cookie.name = std::string(name);
    cookie.value = std::string(content);
    std::optional<std::int64_t> expiresUs;
    std::optional<std::int64_t> maxAgeUs;
    std::string_view attributes =
        firstSemicolon == std::string_view::npos ? std::string_view{} : value.substr(firstSemicolon + 1);
    while (!attributes.empty()) {
        const auto semicolon = attributes.find(';');
        const auto [attribute, argument] = splitPair(attributes.substr(0, semicolon));
        // splitPair puts a bare attribute ("Secure") in the value half.
        const std::string_view key = attribute.empty() ? argument : attribute;
        if (equalsIgnoreCase(key, "path") && !attribute.empty()) {
            cookie.path = std::string(argument);
        } else if (equalsIgnoreCase(key, "domain") && !attribute.empty()) {
            cookie.domain = std::string(argument);
        } else if (equalsIgnoreCase(key, "expires") && !attribute.empty()) {
            expiresUs = parseCookieDate(argument);
        } else if (equalsIgnoreCase(key, "max-age") && !attribute.empty()) {
            long long seconds = 0;
            const auto* end = argument.data() + argument.size();
            const auto parsed = std::from_chars(argument.data(), end, seconds);
            // RFC 6265 section 5.2.2: a non-positive Max-Age expires the cookie at once.
            if (parsed.ec == std::errc{} && parsed.ptr == end) {
                constexpr long long kMaxSeconds = 400LL * 24 * 3600 * 100; // keeps the arithmetic far from overflow
                seconds = seconds > kMaxSeconds ? kMaxSeconds : seconds;
                maxAgeUs = seconds <= 0 ? 0 : receivedAtUs + seconds * 1'000'000;
            }
        } else if (equalsIgnoreCase(key, "httponly")) {
            cookie.httpOnly = true;
        } else if (equalsIgnoreCase(key, "secure")) {
            cookie.secure = true;
        } else if (equalsIgnoreCase(key, "samesite") && !attribute.empty()) {
            cookie.sameSite = std::string(argument);
        }
        if (semicolon == std::string_view::npos) {
            break;
        }
        attributes.remove_prefix(semicolon + 1);
    }
    if (const auto when = maxAgeUs ? maxAgeUs : expiresUs) {
        cookie.expires = formatIso8601(*when);
    }
    return cookie;
}

} // namespace flowscope::store::exporting
