#include "engine/host_glob.hpp"

namespace flowscope::engine {
namespace {
char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
} // namespace

bool hostMatchesGlob(std::string_view host, std::string_view pattern) noexcept {
    // Iterative wildcard match with one backtrack point: linear for the patterns users
    // write, no recursion on hostile input.
    std::size_t h = 0, p = 0, starP = std::string_view::npos, starH = 0;
    while (h < host.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(host[h]))) {
            ++h;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starH = h;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            h = ++starH;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

} // namespace flowscope::engine
