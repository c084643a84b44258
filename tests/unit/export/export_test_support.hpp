#pragma once
// Flows covering every shape the exporter must handle, and a field-by-field comparison
// that names the field that differs.

#include "store/flow.hpp"

#include <string>
#include <vector>

namespace flowscope::store::test {

// JSON API with a gzip body, HTML, binary image, chunked upload, error, tunnel, unicode
// and Latin-1 headers, truncated body, empty bodies, duplicate headers, WebSocket, a
// body known only by size, a form post, a compressed upload, extreme numbers.
std::vector<Flow> variedFlows();

// One flow of variedFlows() by its case name: "json_gzip", "html", "image",
// "chunked_upload", "error", "tunnel", "unicode_headers", "truncated", "empty",
// "duplicate_headers", "websocket", "uncaptured", "form", "compressed_upload", "extremes".
Flow variedFlow(const std::string& name);
std::vector<std::string> variedFlowNames();

// EXPECT_EQ on every member, so a failure says which field was lost.
void expectSameFlow(const Flow& expected, const Flow& actual);

std::string harText(const std::vector<Flow>& flows);

} // namespace flowscope::store::test
