#include "view/filter_sql.hpp"

#include "store/sqlite.hpp"
#include "view/text_match.hpp"

namespace flowscope::view {
namespace {

// Each fragment mirrors filter_match.cpp: lower() folds ASCII only (no ICU), instr() is a
// plain substring search in which `%` and `_` mean nothing, GLOB patterns come from
// sqlGlobPattern() so only `*` and `?` are wildcards. Every column is NOT NULL, so NOT
// needs no care for NULLs.
class Translator {
public:
    explicit Translator(SqlCondition& out) : m_out(out) {}

    void operator()(const TextMatch& match) {
        const char* column = "url";
        switch (match.field) {
        case TextField::Url:
            column = "url";
            break;
        case TextField::Host:
            column = "host";
            break;
        case TextField::Path:
            column = "path";
            break;
        case TextField::ErrorKind:
            column = "error_kind";
            break;
        }
        if (match.glob) {
            text(std::string("lower(") + column + ") GLOB ?", sqlGlobPattern(match.pattern));
        } else {
            text(std::string("instr(lower(") + column + "), ?) > 0", match.pattern);
        }
    }

    void operator()(const RangeMatch& range) {
        // Clamped like the loader clamps (FlowReader does the same): unfinished flows have
        // duration 0, sizes are never negative.
        const char* column = "status";
        switch (range.field) {
        case NumberField::Status:
            column = "status";
            break;
        case NumberField::ResponseSize:
            column = "max(response_body_size, 0)";
            break;
        case NumberField::Duration:
            column = "max(ended_at_us - started_at_us, 0)";
            break;
        }
        m_out.text += std::string(column) + " BETWEEN ? AND ?";
        m_out.parameters.emplace_back(range.min);
        m_out.parameters.emplace_back(range.max);
    }

    void operator()(const MethodIs& method) { text("method = ? COLLATE NOCASE", method.method); }
    void operator()(const SchemeIs& scheme) { text("scheme = ? COLLATE NOCASE", scheme.scheme); }

    void operator()(const TypeIs& type) {
        // One bit per family: ((1 << family) & mask) <> 0 tests membership in one pass.
        m_out.text += "((1 << (" + std::string(contentFamilySql()) + ")) & ?) <> 0";
        m_out.parameters.emplace_back(std::int64_t{type.families});
    }

    void operator()(const KindIs& kind) { text("kind = ?", store::toString(kind.kind)); }
    void operator()(const HasError&) { m_out.text += "error_kind <> ''"; }

private:
    void text(std::string_view fragment, std::string value) {
        m_out.text += fragment;
        m_out.parameters.emplace_back(std::move(value));
    }

    SqlCondition& m_out;
};

} // namespace

int SqlCondition::bind(store::sqlite::Statement& statement, int firstIndex) const {
    int index = firstIndex;
    for (const SqlValue& value : parameters) {
        if (const auto* number = std::get_if<std::int64_t>(&value)) {
            statement.bindInt64(index++, *number);
        } else {
            statement.bindText(index++, std::get<std::string>(value));
        }
    }
    return index;
}

SqlCondition toSql(const FilterExpression& expression) {
    if (expression.empty()) {
        return SqlCondition{std::string(1, '1'), {}}; // not `= "1"`: GCC 12's bogus -Wrestrict (bug 105329)
    }
    SqlCondition condition;
    Translator translator(condition);
    for (const FilterTerm& term : expression.terms) {
        if (!condition.text.empty()) {
            condition.text += " AND ";
        }
        condition.text += term.negated ? "NOT (" : "(";
        std::visit(translator, term.predicate);
        condition.text += ")";
    }
    return condition;
}

} // namespace flowscope::view
