#include "client/request_headers.hpp"

#include "http/headers.hpp"
#include "http/url.hpp"

#include <algorithm>
#include <array>

namespace flowscope::client {
namespace {

constexpr std::array<std::string_view, 8> kHopByHop = {
    "Connection", "Proxy-Connection", "Keep-Alive",          "TE",
    "Trailer",    "Upgrade",          "Proxy-Authorization", "Transfer-Encoding"};

// RFC 9110 §5.6.2 tchar.
bool isTokenChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= '0' && u <= '9')
        return true;
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool hasLineBreakOrNul(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool isHopByHop(std::string_view name) {
    return std::any_of(kHopByHop.begin(), kHopByHop.end(),
                       [&](std::string_view hop) { return http::equalsIgnoreCase(name, hop); });
}

bool anticipatesContent(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH";
}

} // namespace

bool isManagedHeader(std::string_view name) {
    return isHopByHop(name) || http::equalsIgnoreCase(name, "Content-Length") || http::equalsIgnoreCase(name, "Host");
}

std::string validateRequest(const RequestSpec& spec) {
    if (!isToken(spec.method))
        return "invalid method \"" + spec.method + "\": it must be a single token such as GET or POST";
    if (spec.url.empty())
        return "the URL is empty";
    if (!http::parseAbsoluteUrl(spec.url))
        return "invalid URL \"" + spec.url + "\": it must be absolute http:// or https://, without user@";
    for (const auto& [name, value] : spec.headers) {
        if (!isToken(name))
            return "invalid header name \"" + name + "\"";
        if (hasLineBreakOrNul(value))
            return "the value of header \"" + name + "\" contains a line break or NUL";
    }
    return {};
}

HeaderList effectiveHeaders(const RequestSpec& spec) {
    // Fields named in Connection are hop-by-hop too, except the framing and routing ones,
    // which a Connection header must never be able to strip.
    std::vector<std::string> named;
    for (const auto& [name, value] : spec.headers) {
        if (http::equalsIgnoreCase(name, "Connection"))
            http::forEachListElement(value, [&](std::string_view token) { named.emplace_back(token); });
    }
    const auto isNamed = [&](std::string_view name) {
        if (http::equalsIgnoreCase(name, "Host") || http::equalsIgnoreCase(name, "Content-Length"))
            return false;
        return std::any_of(named.begin(), named.end(),
                           [&](const std::string& token) { return http::equalsIgnoreCase(name, token); });
    };

    const bool wantLength = !spec.body.empty() || anticipatesContent(spec.method);
    const std::string length = std::to_string(spec.body.size());
    bool lengthWritten = false;
    bool hasHost = false;
    HeaderList out;
    out.reserve(spec.headers.size() + 2);
    for (const auto& field : spec.headers) {
        const std::string& name = field.first;
        if (isHopByHop(name) || isNamed(name))
            continue;
        if (http::equalsIgnoreCase(name, "Content-Length")) {
            if (wantLength && !lengthWritten)
                out.emplace_back(name, length);
            lengthWritten = true;
            continue;
        }
        hasHost = hasHost || http::equalsIgnoreCase(name, "Host");
        out.push_back(field);
    }
    if (wantLength && !lengthWritten)
        out.emplace_back("Content-Length", length);
    if (!hasHost) {
        if (const auto url = http::parseAbsoluteUrl(spec.url))
            out.insert(out.begin(), {"Host", url->authority.hostHeader(url->scheme)});
    }
    return out;
}

} // namespace flowscope::client
