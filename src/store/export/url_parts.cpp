#include "store/export/url_parts.hpp"

#include "store/export/text_codec.hpp"

#include <charconv>

namespace flowscope::store::exporting {
namespace {

std::optional<std::uint16_t> parsePort(std::string_view text) {
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    if (text.empty() || result.ec != std::errc{} || result.ptr != end || value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

// "host", "host:port", "[v6]", "[v6]:port" -> host and the port as written (if any).
std::optional<std::pair<std::string, std::optional<std::uint16_t>>> splitHostPort(std::string_view text) {
    std::string_view host;
    std::string_view rest;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        host = text.substr(1, close - 1);
        rest = text.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') {
            return std::nullopt;
        }
    } else {
        const auto colon = text.rfind(':');
        host = text.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon);
    }
    if (host.empty()) {
        return std::nullopt;
    }
    std::optional<std::uint16_t> port;
    if (!rest.empty()) {
        rest.remove_prefix(1);
        if (!rest.empty()) { // "host:" means the default port (RFC 3986 section 3.2.3)
            port = parsePort(rest);
            if (!port) {
                return std::nullopt;
            }
        }
    }
    return std::pair{toLowerAscii(host), port};
}

} // namespace

std::optional<UrlParts> splitUrl(std::string_view url) {
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string_view::npos || schemeEnd == 0) {
        return std::nullopt;
    }
    UrlParts parts;
    parts.scheme = toLowerAscii(url.substr(0, schemeEnd));
    for (const char c : parts.scheme) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (!ok) {
            return std::nullopt;
        }
    }
    std::string_view rest = url.substr(schemeEnd + 3);
    const auto authorityEnd = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authorityEnd);
    rest = authorityEnd == std::string_view::npos ? std::string_view{} : rest.substr(authorityEnd);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1); // userinfo never belongs to the host
    }
    auto hostPort = splitHostPort(authority);
    if (!hostPort) {
        return std::nullopt;
    }
    parts.host = std::move(hostPort->first);
    parts.port = hostPort->second;
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
        rest = rest.substr(0, hash);
    }
    parts.pathAndQuery = rest.empty() || rest.front() != '/' ? "/" + std::string(rest) : std::string(rest);
    if (const auto question = rest.find('?'); question != std::string_view::npos) {
        parts.hasQuery = true;
        parts.query = std::string(rest.substr(question + 1));
    }
    return parts;
}

std::optional<std::pair<std::string, std::uint16_t>> splitAuthority(std::string_view authority) {
    auto hostPort = splitHostPort(authority);
    if (!hostPort || !hostPort->second) {
        return std::nullopt;
    }
    return std::pair{std::move(hostPort->first), *hostPort->second};
}

std::uint16_t defaultPortFor(std::string_view scheme) noexcept {
    if (scheme == "http" || scheme == "ws") {
        return 80;
    }
    if (scheme == "https" || scheme == "wss") {
        return 443;
    }
    return 0;
}

std::string hostHeaderFor(const UrlParts& url) {
    std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    if (url.port && *url.port != defaultPortFor(url.scheme)) {
        host += ':';
        host += std::to_string(*url.port);
    }
    return host;
}

bool isIpLiteral(std::string_view host) noexcept {
    if (host.find(':') != std::string_view::npos) {
        for (const char c : host) {
            const bool ok =
                (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
    int parts = 0;
    std::size_t start = 0;
    while (start <= host.size()) {
        const auto dot = host.find('.', start);
        const auto part = host.substr(start, dot == std::string_view::npos ? host.size() - start : dot - start);
        unsigned value = 0;
        const auto result = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || part.size() > 3 || result.ec != std::errc{} || result.ptr != part.data() + part.size() ||
            value > 255) {
            return false;
        }
        ++parts;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return parts == 4;
}

std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t start = 0;
    while (start <= query.size()) {
        const auto amp = query.find('&', start);
        const auto piece = query.substr(start, amp == std::string_view::npos ? query.size() - start : amp - start);
        if (!piece.empty()) {
            const auto eq = piece.find('=');
            const auto rawName = piece.substr(0, eq);
            const auto rawValue = eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
            std::string name = percentDecode(rawName, true);
            std::string value = percentDecode(rawValue, true);
            if (!isUtf8(name)) {
                name = isUtf8(rawName) ? std::string(rawName) : latin1ToUtf8(rawName);
            }
            if (!isUtf8(value)) {
                value = isUtf8(rawValue) ? std::string(rawValue) : latin1ToUtf8(rawValue);
            }
            pairs.emplace_back(std::move(name), std::move(value));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    return pairs;
}

} // namespace flowscope::store::exporting
