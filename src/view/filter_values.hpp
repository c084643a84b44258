#pragma once
// Values of the numeric filter fields (internal to the parser): `404`, `4xx`, `>=400`,
// `500-599`; sizes `>100k`, `10k-2m`; durations `>500ms`, `1.5s-2s`.

#include "view/filter_expression.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace flowscope::view::detail {

// On failure `hint` may get a short explanation for the message ("units: b, k, m, g").
std::optional<RangeMatch> parseStatusValue(std::string_view value, std::string& hint);
std::optional<RangeMatch> parseSizeValue(std::string_view value, std::string& hint);
std::optional<RangeMatch> parseDurationValue(std::string_view value, std::string& hint);

} // namespace flowscope::view::detail
