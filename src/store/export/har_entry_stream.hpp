#pragma once
// Reads a HAR document with nlohmann's SAX interface and hands over log.entries one at a
// time, so importing a HAR of any size holds one entry in memory, not the document.
// Everything outside log.version, log.creator and log.entries (pages, comments, custom
// fields) is skipped without being built.

#include <cstddef>
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <string>

namespace flowscope::store::exporting {

struct HarDocumentInfo {
    std::string version;        // log.version ("" when absent; HAR 1.1 files omit nothing we need)
    std::string creatorName;    // log.creator.name
    std::string creatorVersion; // log.creator.version
};

using HarEntryCallback = std::function<void(std::size_t index, nlohmann::json&& entry)>;

// Throws HarError: "not a HAR file: ..." when the input is not JSON or has no
// log.entries array, "malformed JSON: ..." when it breaks off after entries were
// delivered. Exceptions from `onEntry` pass through.
HarDocumentInfo streamHarEntries(std::istream& in, const HarEntryCallback& onEntry);

} // namespace flowscope::store::exporting
