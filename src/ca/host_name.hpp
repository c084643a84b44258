#pragma once
// The name a leaf is minted for: a DNS name or an IP literal, normalised (internal header).

#include <string>
#include <string_view>
#include <vector>

namespace flowscope::ca {

struct HostName {
    // Canonical text: a lower-case DNS name without a trailing dot, dotted-quad IPv4, or
    // RFC 5952 IPv6 (lower case, longest zero run as "::"). Also the cache key.
    std::string text;
    // 4 or 16 network-order bytes for an IP literal; empty for a DNS name.
    std::vector<unsigned char> ipAddress;

    bool isIp() const { return !ipAddress.empty(); }
};

// Accepts "Example.COM", "example.com.", "10.0.0.1", "::1", "[::1]". A DNS name may hold
// any printable ASCII except ':' (clients do send SNI like "under_score.example"), up to
// 253 characters (RFC 1035 §2.3.4). Throws CaError for an empty, over-long, non-ASCII or
// malformed name.
HostName parseHostName(std::string_view host);

// RFC 5952 §4 text for a 16-byte IPv6 address.
std::string formatIpv6(const std::vector<unsigned char>& bytes);

// The leaf cache file name for a host: only [a-z0-9.-] of the name survive (anything else,
// IPv6 colons included, becomes '_'), so no host can name a path outside leaf/; a hash of
// the canonical text keeps "a:b" and "a_b" apart. E.g. "example.com_1a2b3c4d.pem".
std::string leafFileName(const HostName& host);

} // namespace flowscope::ca
