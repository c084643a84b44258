#pragma once
// Text comparisons shared by the in-memory filter and the SQL translation. They fold
// ASCII case only, exactly like SQLite's lower() and NOCASE without ICU, so a filter
// answers the same in memory and in SQL. URLs and host names are ASCII in practice
// (punycode hosts, percent-encoded paths), so nothing is lost.

#include <string>
#include <string_view>

namespace flowscope::view {

constexpr char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string asciiLowered(std::string_view text);
std::string asciiUppered(std::string_view text);

bool equalsIgnoringCase(std::string_view a, std::string_view b);

// `needle` must already be lowercase (asciiLowered): filters lower it once, not per row.
bool containsLowered(std::string_view haystack, std::string_view needle);
// As containsLowered() over head + tail without building the concatenation (a row keeps
// its URL as an interned origin and its path).
bool containsLowered(std::string_view head, std::string_view tail, std::string_view needle);

bool containsIgnoringCase(std::string_view haystack, std::string_view needle);

// SQLite GLOB semantics restricted to `*` (any run) and `?` (one UTF-8 character, read
// the way SQLite reads one), matched against the whole text after folding ASCII case.
// `pattern` must already be lowercase.
bool globMatchesLowered(std::string_view text, std::string_view pattern);

// The pattern for `lower(column) GLOB ?`: lowercase, with `[` written as `[[]` so only `*`
// and `?` are wildcards, as in globMatchesLowered().
std::string sqlGlobPattern(std::string_view loweredPattern);

bool hasGlobWildcard(std::string_view text);

} // namespace flowscope::view
