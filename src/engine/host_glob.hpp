#pragma once
#include <string_view>

namespace flowscope::engine {

// Case-insensitive glob on host names: '*' any run (dots included), '?' one character.
// "*.example.com" matches "a.example.com" and "a.b.example.com", not "example.com".
bool hostMatchesGlob(std::string_view host, std::string_view pattern) noexcept;

} // namespace flowscope::engine
