#pragma once
// request.cookies / response.cookies of a HAR entry (HAR 1.2 spec, "cookies"). They are
// derived data: the Cookie and Set-Cookie headers stay in the header lists, so import
// ignores these arrays and loses nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::store::exporting {

struct HarCookie {
    std::string name;
    std::string value;
    std::optional<std::string> path;
    std::optional<std::string> domain;
    std::optional<std::string> expires; // ISO 8601, only when the date could be read
    bool httpOnly = false;
    bool secure = false;
    std::optional<std::string> sameSite; // not in HAR 1.2; Chrome writes it, so do we
};

// A Cookie request header: "a=1; b=2" (RFC 6265 section 4.2.1). Pairs without '=' get an
// empty name, as RFC 6265bis section 5.6 treats them.
std::vector<HarCookie> parseCookieHeader(std::string_view value);

// One Set-Cookie header (RFC 6265 section 5.2). Max-Age wins over Expires (section 5.3
// step 3) and is turned into an absolute time from `receivedAtUs`.
HarCookie parseSetCookie(std::string_view value, std::int64_t receivedAtUs);

} // namespace flowscope::store::exporting
