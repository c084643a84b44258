#pragma once
// A filter as an SQL condition over the store's `flows` table (docs/store-schema.md), so a
// big store can be filtered inside SQLite. The text is built from fixed fragments only;
// every value from the filter is a bound parameter.

#include "view/filter_expression.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace flowscope::store::sqlite {
class Statement;
}

namespace flowscope::view {

using SqlValue = std::variant<std::int64_t, std::string>;

struct SqlCondition {
    std::string text;                 // "1" for an empty filter; otherwise terms joined by AND
    std::vector<SqlValue> parameters; // for the `?` in `text`, in order

    // Binds the parameters starting at `firstIndex` (1-based, as SQLite counts); returns
    // the next free index, for conditions followed by more placeholders.
    int bind(store::sqlite::Statement& statement, int firstIndex = 1) const;
};

SqlCondition toSql(const FilterExpression& expression);

} // namespace flowscope::view
