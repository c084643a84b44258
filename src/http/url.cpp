#include "http/url.hpp"

#include <algorithm>
#include <charconv>

namespace flowscope::http {
namespace {

bool isRegNameChar(char c) noexcept {
    // unreserved / sub-delims / pct-encoded subset that real host names use (RFC 3986 §3.2.2)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

std::string toLower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

std::optional<std::uint16_t> parsePort(std::string_view text) {
    if (text.empty() || text.size() > 5)
        return std::nullopt;
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535)
        return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

} // namespace

bool isIpv4Literal(std::string_view text) noexcept {
    // Strict dotted quad: four decimal octets, no leading zeros (which some resolvers
    // would read as octal).
    int parts = 0;
    while (true) {
        const auto dot = text.find('.');
        const std::string_view part = text.substr(0, dot);
        if (part.empty() || part.size() > 3 || (part.size() > 1 && part.front() == '0'))
            return false;
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (ec != std::errc{} || end != part.data() + part.size() || value > 255)
            return false;
        ++parts;
        if (dot == std::string_view::npos)
            return parts == 4;
        text.remove_prefix(dot + 1);
    }
}

bool isIpv6Literal(std::string_view text) noexcept {
    // RFC 4291 §2.2 text forms: eight 16-bit hex groups, one "::" for a run of zeros,
    // optionally ending in a dotted quad. Zone ids ("%eth0") are not valid in URLs here.
    if (text.size() < 2)
        return false;
    int groups = 0;
    bool compressed = false;
    std::size_t i = 0;
    if (text.substr(0, 2) == "::") {
        compressed = true;
        i = 2;
        if (i == text.size())
            return true;
    } else if (text.front() == ':') {
        return false;
    }
    while (i < text.size()) {
        const auto next = text.find(':', i);
        const std::string_view group = text.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
        if (group.find('.') != std::string_view::npos) {
            if (next != std::string_view::npos || !isIpv4Literal(group))
                return false;
            groups += 2;
            break;
        }
        if (group.empty() || group.size() > 4 ||
            group.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
            return false;
        ++groups;
        if (next == std::string_view::npos)
            break;
        i = next + 1;
        if (i < text.size() && text[i] == ':') {
            if (compressed)
                return false;
            compressed = true;
            ++i;
            if (i == text.size())
                break;
        } else if (i == text.size()) {
            return false; // trailing single colon
        }
    }
    return compressed ? groups < 8 : groups == 8;
}

bool isIpLiteral(std::string_view host) noexcept {
    return isIpv4Literal(host) || isIpv6Literal(host);
}

std::string Authority::toString() const {
    std::string out = isIpv6() ? "[" + host + "]" : host;
    out += ':';
    out += std::to_string(port);
    return out;
}

std::string Authority::hostHeader(std::string_view scheme) const {
    std::string out = isIpv6() ? "[" + host + "]" : host;
    if (port != defaultPort(scheme)) {
        out += ':';
        out += std::to_string(port);
    }
    return out;
}

std::uint16_t defaultPort(std::string_view scheme) noexcept {
    if (scheme == "http" || scheme == "ws")
        return 80;
    if (scheme == "https" || scheme == "wss")
        return 443;
    return 0;
}

std::optional<Authority> parseAuthority(std::string_view text, std::uint16_t defaultPortValue) {
    Authority result;
    std::string_view hostPart;
    std::string_view portPart;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        hostPart = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return std::nullopt;
            portPart = rest.substr(1);
            if (portPart.empty())
                return std::nullopt;
        }
        if (!isIpv6Literal(hostPart))
            return std::nullopt;
    } else {
        const auto colon = text.rfind(':');
        if (colon != std::string_view::npos) {
            hostPart = text.substr(0, colon);
            portPart = text.substr(colon + 1);
            if (portPart.empty())
                return std::nullopt;
        } else {
            hostPart = text;
        }
        if (hostPart.empty() || hostPart.size() > 253 || !std::all_of(hostPart.begin(), hostPart.end(), isRegNameChar))
            return std::nullopt;
    }
    result.host = toLower(hostPart);
    if (portPart.empty()) {
        if (defaultPortValue == 0)
            return std::nullopt;
        result.port = defaultPortValue;
    } else {
        const auto port = parsePort(portPart);
        if (!port)
            return std::nullopt;
        result.port = *port;
    }
    return result;
}

std::optional<AbsoluteUrl> parseAbsoluteUrl(std::string_view target) {
    const auto schemeEnd = target.find("://");
    if (schemeEnd == std::string_view::npos || schemeEnd == 0)
        return std::nullopt;
    AbsoluteUrl url;
    url.scheme = toLower(target.substr(0, schemeEnd));
    if (url.scheme == "ws")
        url.scheme = "http";
    else if (url.scheme == "wss")
        url.scheme = "https";
    if (url.scheme != "http" && url.scheme != "https")
        return std::nullopt;
    const std::string_view rest = target.substr(schemeEnd + 3);
    const auto pathStart = rest.find_first_of("/?#");
    const std::string_view authorityText = rest.substr(0, pathStart);
    if (authorityText.find('@') != std::string_view::npos)
        return std::nullopt;
    auto authority = parseAuthority(authorityText, defaultPort(url.scheme));
    if (!authority)
        return std::nullopt;
    url.authority = std::move(*authority);
    std::string_view path = pathStart == std::string_view::npos ? std::string_view{} : rest.substr(pathStart);
    if (const auto fragment = path.find('#'); fragment != std::string_view::npos)
        path = path.substr(0, fragment); // fragments never go on the wire (RFC 9110 §4.2.4)
    url.pathAndQuery = path.empty() || path.front() != '/' ? "/" + std::string(path) : std::string(path);
    return url;
}

std::string buildUrl(std::string_view scheme, const Authority& authority, std::string_view pathAndQuery) {
    std::string url(scheme);
    url += "://";
    url += authority.hostHeader(scheme);
    url += pathAndQuery.empty() ? std::string_view("/") : pathAndQuery;
    return url;
}

} // namespace flowscope::http
