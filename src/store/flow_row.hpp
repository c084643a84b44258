#pragma once
// The mapping between Flow and a row of the `flows` table, kept in one place: the column
// list below drives the INSERT the writer runs and the SELECT FlowReader::get() runs.

#include "store/flow.hpp"
#include "store/sqlite.hpp"

#include <string>
#include <string_view>

namespace flowscope::store {

// "id, kind, started_at_us, ..." in the order bindFlow()/readFlow() use.
std::string_view flowColumnList();
// INSERT INTO flows (<columns>) VALUES (?, ?, ...)
std::string insertFlowSql();

// Scratch buffers reused across flows so binding allocates nothing in the steady state.
struct FlowRowScratch {
    std::string requestHeaders;
    std::string responseHeaders;
};

// Binds every column of `flow` to an insertFlowSql() statement. Text is bound without a
// copy: `flow` and `scratch` must stay untouched until the statement has been stepped.
void bindFlow(sqlite::Statement& statement, const Flow& flow, FlowRowScratch& scratch);

// Reads a row selected as "SELECT <flowColumnList()> ..."; bodies are left empty (their
// sizes and truncation flags are filled).
Flow readFlow(const sqlite::Statement& statement);

} // namespace flowscope::store
