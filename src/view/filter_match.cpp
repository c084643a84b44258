#include "view/filter_match.hpp"

#include "view/text_match.hpp"

namespace flowscope::view {
namespace {

bool matchText(const TextMatch& match, std::string_view text) {
    return match.glob ? globMatchesLowered(text, match.pattern) : containsLowered(text, match.pattern);
}

bool matchUrl(const TextMatch& match, const FlowRow& row) {
    if (!match.glob) {
        return containsLowered(row.urlHead, row.urlTail, match.pattern);
    }
    if (row.urlTail.empty()) {
        return globMatchesLowered(row.urlHead, match.pattern);
    }
    // Rare (a `url:` pattern with wildcards): join the two halves once.
    return globMatchesLowered(row.url(), match.pattern);
}

bool inRange(std::int64_t value, const RangeMatch& range) {
    return value >= range.min && value <= range.max;
}

// Stored sizes are SQLite's signed integers; anything past int64 compares as its maximum,
// like the store would clamp it.
std::int64_t asSigned(std::uint64_t size) {
    constexpr auto kMax = static_cast<std::uint64_t>(kRangeMax);
    return static_cast<std::int64_t>(size > kMax ? kMax : size);
}

struct Evaluator {
    const FlowRow& row;

    bool operator()(const TextMatch& match) const {
        switch (match.field) {
        case TextField::Url:
            return matchUrl(match, row);
        case TextField::Host:
            return matchText(match, row.host);
        case TextField::Path:
            return matchText(match, row.path);
        case TextField::ErrorKind:
            return matchText(match, row.errorKind);
        }
        return false;
    }

    bool operator()(const RangeMatch& range) const {
        switch (range.field) {
        case NumberField::Status:
            return inRange(row.status, range);
        case NumberField::ResponseSize:
            return inRange(asSigned(row.responseSize), range);
        case NumberField::Duration:
            return inRange(row.durationUs, range);
        }
        return false;
    }

    bool operator()(const MethodIs& method) const { return equalsIgnoringCase(row.method, method.method); }
    bool operator()(const SchemeIs& scheme) const { return equalsIgnoringCase(row.scheme, scheme.scheme); }
    bool operator()(const TypeIs& type) const { return type.contains(row.contentFamily); }
    bool operator()(const KindIs& kind) const { return row.kind == kind.kind; }
    bool operator()(const HasError&) const { return row.hasError(); }
};

} // namespace

bool matches(const FilterTerm& term, const FlowRow& row) {
    return std::visit(Evaluator{row}, term.predicate) != term.negated;
}

bool matches(const FilterExpression& expression, const FlowRow& row) {
    for (const FilterTerm& term : expression.terms) {
        if (!matches(term, row)) {
            return false;
        }
    }
    return true;
}

} // namespace flowscope::view
