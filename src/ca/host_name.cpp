#include "ca/host_name.hpp"

#include "ca/certificate_authority.hpp"
#include "ca/openssl_util.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

namespace flowscope::ca {

namespace {

constexpr std::size_t kMaxDnsNameLength = 253;  // RFC 1035 §2.3.4, in text form
constexpr std::size_t kMaxFileStemLength = 100; // keeps file names far below NAME_MAX (255)

// Strict dotted quad: four decimal parts 0..255 without leading zeros. OpenSSL's
// a2i_IPADDRESS uses sscanf and would read "1.2.3.4.nip.io" as 1.2.3.4.
std::optional<std::vector<unsigned char>> parseIpv4(std::string_view text) {
    std::vector<unsigned char> bytes;
    std::size_t pos = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (pos >= text.size() || text[pos] != '.') {
                return std::nullopt;
            }
            ++pos;
        }
        const std::size_t start = pos;
        unsigned value = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3) {
            value = value * 10 + static_cast<unsigned>(text[pos] - '0');
            ++pos;
        }
        const std::size_t digits = pos - start;
        if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) {
            return std::nullopt;
        }
        bytes.push_back(static_cast<unsigned char>(value));
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    return bytes;
}

std::optional<std::vector<unsigned char>> parseIpv6(const std::string& text) {
    // a2i_IPADDRESS's IPv6 parser is strict (hex groups of at most 4, one "::", an optional
    // trailing dotted quad).
    const Asn1OctetStringPtr parsed{a2i_IPADDRESS(text.c_str())};
    if (!parsed || ASN1_STRING_length(parsed.get()) != 16) {
        takeOpensslErrors(); // drop the parse error: the caller reports its own
        return std::nullopt;
    }
    const unsigned char* data = ASN1_STRING_get0_data(parsed.get());
    return std::vector<unsigned char>(data, data + 16);
}

// The host as it may appear in a one-line error message: control and non-ASCII bytes escaped.
std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c < ' ' || c > '~' || c == '"' || c == '\\') {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
            out += c;
        }
    }
    return out;
}

char toLowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::string formatIpv6(const std::vector<unsigned char>& bytes) {
    unsigned groups[8];
    for (int i = 0; i < 8; ++i) {
        groups[i] = static_cast<unsigned>(bytes[2 * i] << 8 | bytes[2 * i + 1]);
    }
    // RFC 5952 §4.2: compress the longest run of two or more zero groups (the first on a tie).
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0) {
            ++j;
        }
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    std::string out;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            out += "::";
            i += bestLength - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') {
            out += ':';
        }
        out += fmt::format("{:x}", groups[i]);
    }
    return out;
}

HostName parseHostName(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2); // URL-style IPv6 literal
    }
    if (host.empty()) {
        throw CaError("cannot mint a certificate for an empty host name");
    }
    std::string lowered;
    lowered.reserve(host.size());
    for (char c : host) {
        if (c <= ' ' || c > '~') {
            throw CaError(fmt::format("cannot mint a certificate for host \"{}\": only printable ASCII is allowed "
                                      "(internationalised names must be in punycode)",
                                      escaped(host)));
        }
        lowered += toLowerAscii(c);
    }
    if (lowered.find(':') != std::string::npos) {
        if (auto bytes = parseIpv6(lowered)) {
            return HostName{formatIpv6(*bytes), std::move(*bytes)};
        }
        throw CaError(fmt::format("cannot mint a certificate for host \"{}\": not a valid IPv6 address", lowered));
    }
    if (lowered.back() == '.') {
        lowered.pop_back(); // "example.com." is the same name (absolute form)
    }
    if (auto bytes = parseIpv4(lowered)) {
        return HostName{fmt::format("{}.{}.{}.{}", (*bytes)[0], (*bytes)[1], (*bytes)[2], (*bytes)[3]),
                        std::move(*bytes)};
    }
    if (lowered.empty() || lowered.size() > kMaxDnsNameLength) {
        throw CaError(fmt::format("cannot mint a certificate for host \"{}\": a DNS name has 1 to {} characters",
                                  lowered, kMaxDnsNameLength));
    }
    return HostName{std::move(lowered), {}};
}

std::string leafFileName(const HostName& host) {
    std::string stem;
    stem.reserve(std::min(host.text.size(), kMaxFileStemLength));
    for (char c : host.text) {
        if (stem.size() == kMaxFileStemLength) {
            break;
        }
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
        stem += keep ? c : '_';
    }
    const auto* data = reinterpret_cast<const unsigned char*>(host.text.data());
    const Bytes digest = sha256({data, host.text.size()});
    // 32 bits of hash: a collision only costs a re-mint, because a disk entry is accepted
    // only when its SAN equals the requested host.
    return fmt::format("{}_{}.pem", stem, lowerHex(std::span(digest).first(4)));
}

} // namespace flowscope::ca
