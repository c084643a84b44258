#pragma once
// Request-target forms a forward proxy receives (RFC 9112 §3.2): absolute-form
// ("http://host:port/path?q") and authority-form ("host:port", CONNECT only).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::http {

struct Authority {
    std::string host; // lower-case; IPv6 literals without brackets
    std::uint16_t port = 0;
    bool isIpv6() const { return host.find(':') != std::string::npos; }
    // "host:port", brackets around IPv6
    std::string toString() const;
    // Host header value: port omitted when it is the scheme's default.
    std::string hostHeader(std::string_view scheme) const;
};

struct AbsoluteUrl {
    std::string scheme; // "http" or "https", lower-case
    Authority authority;
    std::string pathAndQuery; // origin-form, "/" when empty
};

std::uint16_t defaultPort(std::string_view scheme) noexcept; // 80, 443, 0 when unknown

// Parses "host", "host:port", "[v6]:port". `defaultPortValue` 0 means a port is required.
std::optional<Authority> parseAuthority(std::string_view text, std::uint16_t defaultPortValue);

// Parses an absolute-form target with scheme http or https (ws/wss accepted as aliases).
// Userinfo ("user@host") is refused: it is deprecated and a classic spoofing trick.
std::optional<AbsoluteUrl> parseAbsoluteUrl(std::string_view target);

// "https://host:8443/path" (default ports omitted).
std::string buildUrl(std::string_view scheme, const Authority& authority, std::string_view pathAndQuery);

bool isIpLiteral(std::string_view host) noexcept; // IPv4 dotted quad or IPv6 (no brackets)
bool isIpv4Literal(std::string_view text) noexcept;
bool isIpv6Literal(std::string_view text) noexcept;

} // namespace flowscope::http
