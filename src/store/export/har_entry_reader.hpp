#pragma once
// One HAR entry -> one Flow. Internal to the importer; readHar() is the public face.
//
// An entry with a "_flowscope" object is ours and every Flow field is restored exactly.
// Any other entry (Chrome, Firefox, Charles...) gets sensible defaults for what HAR does
// not carry (README.md in this folder lists them).

#include "store/flow.hpp"

#include <nlohmann/json.hpp>

namespace flowscope::store::exporting {

struct EntryNotes {
    // A foreign entry's decoded body came with a Content-Encoding header, which was
    // dropped so the flow's headers describe the bytes it holds.
    bool contentEncodingRemoved = false;
};

// Throws std::invalid_argument naming the field: "request.url missing",
// "response.status is not a number". The caller prefixes the entry's index.
Flow flowFromHarEntry(const nlohmann::json& entry, EntryNotes& notes);

} // namespace flowscope::store::exporting
