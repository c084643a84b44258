#pragma once
// The filter language of docs/filtering.md, text -> FilterExpression. Pure: no I/O, no
// store access, safe on any input (the fuzz tests feed it random bytes).

#include "view/filter_expression.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace flowscope::view {

// A message a user can act on, naming the place: "unknown field 'sttus' at 1".
struct FilterError {
    std::string message; // includes " at <column>"
    int column = 1;      // 1-based, in characters (UTF-8 code points), for underlining
    bool operator==(const FilterError&) const = default;
};

struct ParsedFilter {
    FilterExpression expression; // meaningful when ok()
    std::optional<FilterError> error;

    bool ok() const { return !error.has_value(); }
};

ParsedFilter parseFilter(std::string_view text);

} // namespace flowscope::view
