#include "view/text_match.hpp"

#include <cstring>

namespace flowscope::view {
namespace {

bool matchesAt(std::string_view haystack, std::size_t at, std::string_view needle) {
    for (std::size_t i = 0; i < needle.size(); ++i) {
        if (asciiLower(haystack[at + i]) != needle[i]) {
            return false;
        }
    }
    return true;
}

// Bytes of the character SQLite's sqlite3Utf8Read() consumes at `text[at]`: a lead byte
// of 0xC0 or more takes every continuation byte after it, any other byte stands alone.
std::size_t sqliteCharLength(std::string_view text, std::size_t at) {
    std::size_t end = at + 1;
    if (static_cast<unsigned char>(text[at]) >= 0xC0) {
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            ++end;
        }
    }
    return end - at;
}

} // namespace

std::string asciiLowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = asciiLower(c);
    }
    return out;
}

std::string asciiUppered(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (asciiLower(a[i]) != asciiLower(b[i])) {
            return false;
        }
    }
    return true;
}

bool containsLowered(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) {
        return true;
    }
    if (needle.size() > haystack.size()) {
        return false;
    }
    // Cheap test of the first byte in both cases before comparing the rest (a filter runs
    // this over every URL of a million-flow capture).
    const char first = needle.front();
    const char firstUpper = first >= 'a' && first <= 'z' ? static_cast<char>(first - 'a' + 'A') : first;
    const std::size_t last = haystack.size() - needle.size();
    for (std::size_t at = 0; at <= last; ++at) {
        const char c = haystack[at];
        if ((c == first || c == firstUpper) && matchesAt(haystack, at, needle)) {
            return true;
        }
    }
    return false;
}

bool containsLowered(std::string_view head, std::string_view tail, std::string_view needle) {
    if (containsLowered(head, needle) || containsLowered(tail, needle)) {
        return true;
    }
    // A match across the seam: the first k bytes of the needle end `head`, the rest starts `tail`.
    for (std::size_t k = 1; k < needle.size(); ++k) {
        if (k > head.size() || needle.size() - k > tail.size()) {
            continue;
        }
        if (matchesAt(head, head.size() - k, needle.substr(0, k)) && matchesAt(tail, 0, needle.substr(k))) {
            return true;
        }
    }
    return false;
}

bool containsIgnoringCase(std::string_view haystack, std::string_view needle) {
    return containsLowered(haystack, asciiLowered(needle));
}

bool globMatchesLowered(std::string_view text, std::string_view pattern) {
    // Iterative wildcard matching with one backtrack point (the last `*`): linear in
    // practice, never recursive, so hostile patterns cannot blow the stack.
    std::size_t t = 0;
    std::size_t p = 0;
    std::size_t starP = std::string_view::npos;
    std::size_t starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (p < pattern.size() && pattern[p] == '?') {
            ++p;
            t += sqliteCharLength(text, t);
        } else if (p < pattern.size() && pattern[p] == asciiLower(text[t])) {
            ++p;
            ++t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            starT += sqliteCharLength(text, starT);
            t = starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

std::string sqlGlobPattern(std::string_view loweredPattern) {
    std::string out;
    out.reserve(loweredPattern.size());
    for (char c : loweredPattern) {
        if (c == '[') {
            out += "[[]";
        } else {
            out += c;
        }
    }
    return out;
}

bool hasGlobWildcard(std::string_view text) {
    return text.find_first_of("*?") != std::string_view::npos;
}

} // namespace flowscope::view
