#pragma once
// Dates in HAR: `startedDateTime` and cookie `expires` are ISO 8601 strings
// ("YYYY-MM-DDThh:mm:ss.sTZD", HAR 1.2 spec, entries and cookies sections). Flows keep
// microseconds since the Unix epoch.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::store::exporting {

// "2024-03-01T12:34:56.789Z": UTC, milliseconds (the spec's own examples use ms; the exact
// microseconds travel in the _flowscope object).
std::string formatIso8601(std::int64_t microsSinceEpoch);

// Accepts "YYYY-MM-DDThh:mm[:ss[.fraction]]" with 'T' or ' ', then "Z", "+hh:mm",
// "+hhmm", "+hh" or nothing (taken as UTC, as Firefox's older exports need). Fraction
// digits past microseconds are dropped.
std::optional<std::int64_t> parseIso8601(std::string_view text);

// The lenient cookie-date algorithm of RFC 6265 section 5.1.1 (covers IMF-fixdate, the
// obsolete RFC 850 and asctime forms, and the variants servers really send).
std::optional<std::int64_t> parseCookieDate(std::string_view text);

} // namespace flowscope::store::exporting
