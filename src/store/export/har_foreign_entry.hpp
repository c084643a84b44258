#pragma once
// Defaults for entries written by other tools (no "_flowscope" object): Chrome, Firefox,
// Safari, Charles, Fiddler. HAR has no client address, TLS details or wire byte counts,
// and browsers write decoded bodies; this is where those gaps are filled sensibly.

#include "store/export/har_body.hpp"
#include "store/export/har_entry_reader.hpp"
#include "store/export/har_json_fields.hpp"
#include "store/flow.hpp"

#include <optional>
#include <string>

namespace flowscope::store::exporting {

// What readStandardFields found besides the Flow members it fills directly.
struct HarEntryParts {
    const nlohmann::json* request = nullptr;
    const nlohmann::json* response = nullptr;
    BodyBytes requestBody; // data already moved into the flow; source kept
    BodyBytes responseBody;
    std::optional<std::string> postDataMimeType;
    std::optional<std::string> contentMimeType;
};

// Fills kind, scheme, host, port, path, content types, body sizes, byte counts and the
// error from the HAR fields; throws std::invalid_argument when the URL is unusable.
void applyForeignDefaults(const JsonFields& entry, const HarEntryParts& parts, Flow& flow, EntryNotes& notes);

} // namespace flowscope::store::exporting
