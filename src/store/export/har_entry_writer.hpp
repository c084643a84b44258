#pragma once
// One Flow -> one HAR 1.2 entry object (HAR 1.2 "entries"). Internal to the exporter;
// HarWriter is the public face.

#include "store/export/har_writer.hpp"
#include "store/flow.hpp"

#include <nlohmann/json.hpp>

namespace flowscope::store::exporting {

// ordered_json keeps the spec's field order, which makes files easy to read and diff.
nlohmann::ordered_json harEntry(const Flow& flow, const HarOptions& options);

} // namespace flowscope::store::exporting
