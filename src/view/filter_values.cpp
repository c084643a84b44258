#include "view/filter_values.hpp"

#include "view/text_match.hpp"

#include <array>
#include <utility>

namespace flowscope::view::detail {
namespace {

enum class Op { Equal, Greater, GreaterEqual, Less, LessEqual };

struct Unit {
    std::string_view name;
    std::int64_t factor;
};

// Sizes use powers of 1024, as the byte figures developer tools show.
constexpr std::array kSizeUnits = {
    Unit{"", 1},           Unit{"b", 1},           Unit{"k", 1LL << 10},
    Unit{"kb", 1LL << 10}, Unit{"kib", 1LL << 10}, Unit{"m", 1LL << 20},
    Unit{"mb", 1LL << 20}, Unit{"mib", 1LL << 20}, Unit{"g", 1LL << 30},
    Unit{"gb", 1LL << 30}, Unit{"gib", 1LL << 30},
};

// A bare number is milliseconds: what people type for request times.
constexpr std::array kDurationUnits = {
    Unit{"", 1'000},       Unit{"us", 1},           Unit{"ms", 1'000},        Unit{"s", 1'000'000},
    Unit{"m", 60'000'000}, Unit{"min", 60'000'000}, Unit{"h", 3'600'000'000},
};

// Values above this are refused, so `>N` (N + 1) and unit products cannot overflow.
constexpr std::int64_t kLargest = std::int64_t{1} << 62;

constexpr std::array<std::pair<std::string_view, Op>, 5> kOps = {{
    {">=", Op::GreaterEqual},
    {"<=", Op::LessEqual},
    {">", Op::Greater},
    {"<", Op::Less},
    {"=", Op::Equal},
}};

Op takeOp(std::string_view& text) {
    auto take = [&](std::string_view prefix, Op op) {
        if (text.substr(0, prefix.size()) == prefix) {
            text.remove_prefix(prefix.size());
            return std::optional<Op>(op);
        }
        return std::optional<Op>();
    };
    // Two-character operators first, so ">=" is not read as ">" then "=".
    for (auto [prefix, op] : kOps) {
        if (auto found = take(prefix, op)) {
            return *found;
        }
    }
    return Op::Equal;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// "1.5k" -> 1536 with `units`; exact integer arithmetic (fractions round down).
template <std::size_t N>
std::optional<std::int64_t> parseQuantity(std::string_view text, const std::array<Unit, N>& units) {
    std::size_t pos = 0;
    std::int64_t whole = 0;
    while (pos < text.size() && isDigit(text[pos])) {
        if (whole > kLargest / 10) {
            return std::nullopt;
        }
        whole = whole * 10 + (text[pos++] - '0');
    }
    if (pos == 0) {
        return std::nullopt;
    }
    std::int64_t fraction = 0;
    std::int64_t scale = 1;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && isDigit(text[pos])) {
            if (scale < 1'000'000'000) { // further digits cannot matter at these units
                fraction = fraction * 10 + (text[pos] - '0');
                scale *= 10;
            }
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    const std::string unitName = asciiLowered(text.substr(pos));
    for (const Unit& unit : units) {
        if (unit.name != unitName) {
            continue;
        }
        if (whole > kLargest / unit.factor) {
            return std::nullopt;
        }
        // fraction < scale <= 1e9 and factor <= 3.6e9, so the product fits easily.
        std::int64_t value = whole * unit.factor + fraction * unit.factor / scale;
        return value <= kLargest ? std::optional(value) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<RangeMatch> makeRange(NumberField field, Op op, std::int64_t value, std::int64_t lowest,
                                    std::string& hint) {
    RangeMatch range{field, value, value};
    switch (op) {
    case Op::Equal:
        break;
    case Op::Greater:
        range = {field, value + 1, kRangeMax};
        break;
    case Op::GreaterEqual:
        range = {field, value, kRangeMax};
        break;
    case Op::Less:
        range = {field, lowest, value - 1};
        break;
    case Op::LessEqual:
        range = {field, lowest, value};
        break;
    }
    if (range.min > range.max) {
        hint = "matches nothing";
        return std::nullopt;
    }
    return range;
}

// Shared shape of every numeric value: `[op]N` or `A-B`.
template <typename ParseNumber>
std::optional<RangeMatch> parseRange(std::string_view value, NumberField field, std::int64_t lowest, std::string& hint,
                                     ParseNumber parseNumber) {
    const std::size_t written = value.size();
    const Op op = takeOp(value);
    const std::size_t dash = value.find('-');
    if (dash != std::string_view::npos) {
        if (value.size() != written) {
            return std::nullopt; // `>10-20`: a comparison or a range, not both
        }
        std::optional<std::int64_t> low = parseNumber(value.substr(0, dash));
        std::optional<std::int64_t> high = parseNumber(value.substr(dash + 1));
        if (!low || !high) {
            return std::nullopt;
        }
        if (*low > *high) {
            hint = "empty range";
            return std::nullopt;
        }
        return RangeMatch{field, *low, *high};
    }
    std::optional<std::int64_t> number = parseNumber(value);
    if (!number) {
        return std::nullopt;
    }
    return makeRange(field, op, *number, lowest, hint);
}

} // namespace

std::optional<RangeMatch> parseStatusValue(std::string_view value, std::string& hint) {
    // `4xx`: a class of responses (RFC 9110 §15).
    if (value.size() == 3 && value[0] >= '1' && value[0] <= '9' && asciiLower(value[1]) == 'x' &&
        asciiLower(value[2]) == 'x') {
        std::int64_t base = (value[0] - '0') * 100;
        return RangeMatch{NumberField::Status, base, base + 99};
    }
    auto number = [](std::string_view text) -> std::optional<std::int64_t> {
        if (text.empty() || text.size() > 3) {
            return std::nullopt;
        }
        std::int64_t n = 0;
        for (char c : text) {
            if (!isDigit(c)) {
                return std::nullopt;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    };
    // Comparisons leave out status 0 (no response): `status:<400` means responses below
    // 400, not also the flows that never got one. `status:0` finds those.
    return parseRange(value, NumberField::Status, 1, hint, number);
}

std::optional<RangeMatch> parseSizeValue(std::string_view value, std::string& hint) {
    auto number = [](std::string_view text) { return parseQuantity(text, kSizeUnits); };
    auto range = parseRange(value, NumberField::ResponseSize, 0, hint, number);
    if (!range && hint.empty()) {
        hint = "a number with an optional unit b, k, m or g";
    }
    return range;
}

std::optional<RangeMatch> parseDurationValue(std::string_view value, std::string& hint) {
    auto number = [](std::string_view text) { return parseQuantity(text, kDurationUnits); };
    auto range = parseRange(value, NumberField::Duration, 0, hint, number);
    if (!range && hint.empty()) {
        hint = "a number with an optional unit us, ms, s, m or h";
    }
    return range;
}

} // namespace flowscope::view::detail
