#include "view/filter_expression.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace flowscope::view {
namespace {

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string_view fieldName(TextField field) {
    switch (field) {
    case TextField::Url:
        return "url";
    case TextField::Host:
        return "host";
    case TextField::Path:
        return "path";
    case TextField::ErrorKind:
        return "error";
    }
    return "url";
}

std::string formatText(const TextMatch& match) {
    // Bare URL text is never a glob, so a plain-text term stays bare text only without
    // wildcards; `url:` keeps glob patterns.
    if (match.field == TextField::Url && !match.glob) {
        return quoted(match.pattern);
    }
    return fmt::format("{}:{}", fieldName(match.field), quoted(match.pattern));
}

std::string formatRange(const RangeMatch& range) {
    std::string_view name = "status";
    std::string_view unit;
    std::int64_t lowest = 1; // what `status:<=N` starts from
    if (range.field == NumberField::ResponseSize) {
        name = "size";
        unit = "b";
        lowest = 0;
    } else if (range.field == NumberField::Duration) {
        name = "duration";
        unit = "us";
        lowest = 0;
    }
    if (range.min == range.max) {
        return fmt::format("{}:{}{}", name, range.min, unit);
    }
    if (range.max == kRangeMax) {
        return fmt::format("{}:>={}{}", name, range.min, unit);
    }
    if (range.min == lowest) {
        return fmt::format("{}:<={}{}", name, range.max, unit);
    }
    return fmt::format("{0}:{1}{3}-{2}{3}", name, range.min, range.max, unit);
}

std::string_view kindName(store::FlowKind kind) {
    return store::toString(kind);
}

struct Formatter {
    std::string operator()(const TextMatch& match) const { return formatText(match); }
    std::string operator()(const RangeMatch& range) const { return formatRange(range); }
    std::string operator()(const MethodIs& method) const { return "method:" + quoted(method.method); }
    std::string operator()(const SchemeIs& scheme) const { return "scheme:" + quoted(scheme.scheme); }
    std::string operator()(const TypeIs& type) const {
        std::string text = "type:";
        for (int family = 0; family < kContentFamilyCount; ++family) {
            if (type.contains(static_cast<ContentFamily>(family))) {
                text += text.size() > 5 ? "," : "";
                text += toString(static_cast<ContentFamily>(family));
            }
        }
        return text;
    }
    std::string operator()(const KindIs& kind) const { return fmt::format("kind:{}", kindName(kind.kind)); }
    std::string operator()(const HasError&) const { return "is:error"; }
};

} // namespace

bool sameFilter(const FilterExpression& a, const FilterExpression& b) {
    return std::equal(
        a.terms.begin(), a.terms.end(), b.terms.begin(), b.terms.end(),
        [](const FilterTerm& x, const FilterTerm& y) { return x.negated == y.negated && x.predicate == y.predicate; });
}

std::string toString(const FilterExpression& expression) {
    std::string out;
    for (const FilterTerm& term : expression.terms) {
        if (!out.empty()) {
            out += ' ';
        }
        if (term.negated) {
            out += '-';
        }
        out += std::visit(Formatter{}, term.predicate);
    }
    return out;
}

} // namespace flowscope::view
