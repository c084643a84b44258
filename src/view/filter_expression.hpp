#pragma once
// The parsed form of a filter (docs/filtering.md): a list of terms that must all hold.
// Values are normalised when parsing (text lowercased, `4xx` and `>=400` turned into
// ranges, sizes into bytes, durations into microseconds), so evaluating a term per row
// does no parsing and the SQL translation binds ready values.

#include "store/flow.hpp"
#include "view/content_family.hpp"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <variant>
#include <vector>

namespace flowscope::view {

enum class TextField : std::uint8_t { Url, Host, Path, ErrorKind };

// A case-insensitive substring of the field, or with `glob` a `*`/`?` pattern over the
// whole field. `pattern` is lowercase.
struct TextMatch {
    TextField field = TextField::Url;
    std::string pattern;
    bool glob = false;
    bool operator==(const TextMatch&) const = default;
};

enum class NumberField : std::uint8_t { Status, ResponseSize, Duration };

inline constexpr std::int64_t kRangeMax = std::numeric_limits<std::int64_t>::max();

// The field lies in [min, max], both inclusive. Sizes are bytes, durations microseconds.
struct RangeMatch {
    NumberField field = NumberField::Status;
    std::int64_t min = 0;
    std::int64_t max = kRangeMax;
    bool operator==(const RangeMatch&) const = default;
};

struct MethodIs {
    std::string method; // uppercase; compared ignoring ASCII case
    bool operator==(const MethodIs&) const = default;
};

struct SchemeIs {
    std::string scheme; // lowercase; compared ignoring ASCII case
    bool operator==(const SchemeIs&) const = default;
};

// The response's content family is one of a set (`type:json`, `type:js,css`).
struct TypeIs {
    std::uint16_t families = 0; // bit (1 << ContentFamily) per family
    static TypeIs of(std::initializer_list<ContentFamily> list) {
        TypeIs type;
        for (ContentFamily family : list) {
            type.families = static_cast<std::uint16_t>(type.families | (1u << static_cast<unsigned>(family)));
        }
        return type;
    }
    bool contains(ContentFamily family) const { return (families >> static_cast<unsigned>(family)) & 1u; }
    bool operator==(const TypeIs&) const = default;
};

struct KindIs {
    store::FlowKind kind = store::FlowKind::Http;
    bool operator==(const KindIs&) const = default;
};

// Any error kind at all (`error`, `is:error`).
struct HasError {
    bool operator==(const HasError&) const = default;
};

using Predicate = std::variant<TextMatch, RangeMatch, MethodIs, SchemeIs, TypeIs, KindIs, HasError>;

struct FilterTerm {
    Predicate predicate;
    bool negated = false;
    int column = 1; // where the term starts in the filter text, 1-based, in characters
    bool operator==(const FilterTerm&) const = default;
};

// All terms must hold; no terms matches every flow.
struct FilterExpression {
    std::vector<FilterTerm> terms;

    bool empty() const { return terms.empty(); }
    bool operator==(const FilterExpression&) const = default;
};

// The same terms in the same order, wherever they were written (columns aside): typing a
// space does not change what a filter selects.
bool sameFilter(const FilterExpression& a, const FilterExpression& b);

// Canonical filter text that parses back to the same terms (columns aside):
// `api -status:5xx size:>100k` gives `"api" -status:500-599 size:>=102401b`. Used to show
// a normalised filter and by the fuzz tests.
std::string toString(const FilterExpression& expression);

} // namespace flowscope::view
