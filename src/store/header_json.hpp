#pragma once
// Header lists <-> the JSON text stored in flows.request_headers / response_headers:
// an array of [name, value] pairs in wire order, names with their original case.
//
// Header bytes are not always UTF-8 (RFC 9110 section 5.5 allows obs-text), but JSON text
// must be. A pair with any byte sequence that is not UTF-8 is stored as
// [name, value, "latin1"]: each byte of name and value written as the code point of the
// same number (U+0000..U+00FF), so the exact bytes come back.

#include "store/flow.hpp"

#include <string>
#include <string_view>

namespace flowscope::store {

// Appends the JSON text of `headers` to `out`. Hand-written rather than built through
// nlohmann::json because it runs for every flow on the writer thread and must not
// allocate per header; decodeHeaders (nlohmann) reads everything it writes.
void encodeHeaders(const HeaderList& headers, std::string& out);

// Throws StoreError when `json` is not a header list in the format above.
HeaderList decodeHeaders(std::string_view json);

} // namespace flowscope::store
