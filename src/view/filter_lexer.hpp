#pragma once
// Splits filter text into terms (internal to the parser). A term is an optional `-`, an
// optional unquoted `name:` prefix and a value made of bare and "quoted" pieces, ended by
// whitespace outside quotes, as in a shell.

#include "view/filter_parser.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::view::detail {

struct FilterToken {
    int column = 1; // where the term starts (its `-` when negated)
    bool negated = false;
    bool hasField = false; // an unquoted `name:` prefix that is not the start of a URL
    std::string field;     // as written
    std::string value;     // unescaped: quotes removed, \" and \\ resolved
    int valueColumn = 1;
    bool quoted = false; // some part of the value was in quotes
};

struct LexedFilter {
    std::vector<FilterToken> tokens;
    std::optional<FilterError> error;
};

LexedFilter lexFilter(std::string_view text);

// 1-based column, in UTF-8 code points, of byte `offset` in `text`.
int columnAt(std::string_view text, std::size_t offset);

} // namespace flowscope::view::detail
