#pragma once
// Just enough URL splitting for HAR: queryString from request.url, serverIPAddress, and
// the host/port/path of a flow imported from a browser HAR (which has no _flowscope
// object). The store must not depend on flowscope_http, hence this small copy of the
// rules (RFC 3986 section 3).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flowscope::store::exporting {

struct UrlParts {
    std::string scheme;                // lower-case
    std::string host;                  // lower-case, IPv6 without brackets
    std::optional<std::uint16_t> port; // only when written in the URL
    std::string pathAndQuery;          // origin-form: "/" when empty, fragment dropped
    std::string query;                 // after '?', before '#', without the '?'
    bool hasQuery = false;
};

// "scheme://[userinfo@]host[:port][/path][?query][#fragment]"; nullopt for anything else.
std::optional<UrlParts> splitUrl(std::string_view url);

// CONNECT's authority-form "host:port" / "[v6]:port" (RFC 9112 section 3.2.3).
std::optional<std::pair<std::string, std::uint16_t>> splitAuthority(std::string_view authority);

// 80 for http/ws, 443 for https/wss, 0 otherwise.
std::uint16_t defaultPortFor(std::string_view scheme) noexcept;

// The "host[:port]" a client would send in Host for this URL (default port omitted).
std::string hostHeaderFor(const UrlParts& url);

bool isIpLiteral(std::string_view host) noexcept; // dotted-quad IPv4 or IPv6, no brackets

// Splits "a=1&b=&c" into (name, value) pairs, percent-decoding both with '+' as space
// (WHATWG URL section 5.1). A pair whose decoded bytes are not UTF-8 is kept undecoded so
// it can still be written as JSON text.
std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query);

} // namespace flowscope::store::exporting
