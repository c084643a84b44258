#pragma once
// HAR 1.2 export (http://www.softwareishard.com/blog/har-12-spec/). Every Flow field
// survives a round trip through readHar(): what HAR has no place for travels in a
// per-entry "_flowscope" object (custom fields start with '_', HAR 1.2 "Custom Fields").
// README.md in this folder is the field-by-field mapping.
//
// Bodies: HAR wants content.text decoded; the store keeps wire bytes and must not depend
// on the decoders in flowscope_http. So by default a content-encoded body is written as
// its wire bytes in base64 ("encoding": "base64") with "_contentEncoding": "<coding>",
// which our reader restores exactly. A caller that links the decoders can set
// HarOptions::decodeContent: the text is then the decoded body (what browsers and other
// tools expect) and the wire bytes ride along in content._wireBase64, so nothing is lost.

#include "store/export/har_error.hpp"
#include "store/flow.hpp"
#include "store/flow_store.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::store {

// Undoes a Content-Encoding ("gzip", "deflate, br") for display; nullopt when it cannot.
// The CLI/UI pass a wrapper of http::decodeContent.
using HarContentDecoder =
    std::function<std::optional<std::string>(std::string_view body, std::string_view contentEncoding)>;

struct HarOptions {
    std::string creatorName = "Flowscope"; // log.creator.name
    std::string creatorVersion;            // log.creator.version, e.g. PROJECT_VERSION
    HarContentDecoder decodeContent;       // unset: content-encoded bodies stay wire bytes
};

// Writes one HAR document incrementally: begin() writes the log head, add() one entry
// (compact JSON, one line per entry), end() closes the document. Memory stays at one
// entry whatever the number of flows. Entries are written in the order added; the spec
// prefers oldest first (HAR 1.2 "entries"), which is the caller's order to choose.
//
// Throws HarError when the stream fails. The destructor writes nothing: a document whose
// end() was not called is incomplete.
//
// Thread safety: none; one writer per stream.
class HarWriter {
public:
    explicit HarWriter(std::ostream& out, HarOptions options = {});

    void begin();               // called by add()/end() if not called before
    void add(const Flow& flow); // throws HarError after end()
    void end();                 // idempotent; flushes the stream
    std::size_t entriesWritten() const { return m_entries; }

private:
    void check() const;

    std::ostream& m_out;
    HarOptions m_options;
    std::size_t m_entries = 0;
    bool m_begun = false;
    bool m_ended = false;
};

// A pull source for streaming exports: the next flow, or nullopt at the end.
using FlowSource = std::function<std::optional<Flow>()>;

// The whole document for flows already in memory.
void writeHar(std::ostream& out, const std::vector<Flow>& flows, const HarOptions& options = {});
// Streams flows from `next` until it returns nullopt; returns the number written.
std::size_t writeHarFrom(std::ostream& out, const FlowSource& next, const HarOptions& options = {});
// Streams the flows a store query selects (limit <= 0: all of them), loading one flow
// with its bodies at a time; returns the number written. Flows deleted between the
// listing and the load are skipped.
std::size_t exportStoreToHar(std::ostream& out, const FlowReader& reader, const FlowQuery& query,
                             const HarOptions& options = {});

} // namespace flowscope::store
