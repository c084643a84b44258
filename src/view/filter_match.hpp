#pragma once
// Evaluating a filter in memory, over the small typed row. Gives the same answer as the
// SQL translation (filter_sql.hpp) over the stored flow; tests/unit/view checks that on a
// generated store.

#include "view/filter_expression.hpp"
#include "view/flow_row.hpp"

namespace flowscope::view {

bool matches(const FilterExpression& expression, const FlowRow& row);
bool matches(const FilterTerm& term, const FlowRow& row);

} // namespace flowscope::view
