#pragma once
// HAR import: our own exports (every Flow field restored exactly, see har_writer.hpp) and
// HAR from browsers and other tools (Chrome, Firefox, Safari, Charles...), whose missing
// fields get sensible defaults (README.md in this folder).
//
// Errors: a file that is not a HAR document throws HarError ("not a HAR file: ...").
// An entry that cannot be turned into a flow is skipped and reported
// ("entry 12: request.url missing", entry numbers are indexes into log.entries, from 0),
// never dropped silently; HarReadOptions::strict turns that into a HarError instead.

#include "store/export/har_error.hpp"
#include "store/flow.hpp"
#include "store/flow_sink.hpp"

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <vector>

namespace flowscope::store {

struct HarReadOptions {
    bool strict = false; // throw at the first unusable entry instead of skipping it
};

struct HarReadReport {
    static constexpr std::size_t kMaxProblems = 100; // messages kept; entriesSkipped counts all

    std::string harVersion; // log.version
    std::string creator;    // "WebInspector 537.36", from log.creator
    std::size_t entriesSeen = 0;
    std::size_t flowsRead = 0;
    std::size_t entriesSkipped = 0;
    std::vector<std::string> problems; // one line per skipped entry, first kMaxProblems
    // Foreign entries whose decoded body came with a Content-Encoding header: the header
    // was removed so the flow describes the bytes it holds.
    std::size_t contentEncodingRemoved = 0;
};

// Flows in document order. Own entries keep their ids; foreign ones have id 0.
std::vector<Flow> readHar(std::istream& in, HarReadReport& report, const HarReadOptions& options = {});

// Streaming: `consume` gets each flow as soon as its entry is parsed; memory holds one
// entry at a time. On a HarError thrown part way (JSON broken after entry N), the flows
// before it have already been consumed.
using FlowConsumer = std::function<void(Flow&& flow)>;
void readHarEntries(std::istream& in, const FlowConsumer& consume, HarReadReport& report,
                    const HarReadOptions& options = {});

// Streams the flows into a sink (e.g. FlowWriter), each with a new id from
// sink.allocateId() so they cannot collide with flows already in the store. Returns the
// number published.
std::size_t importHar(std::istream& in, FlowSink& sink, HarReadReport& report, const HarReadOptions& options = {});

} // namespace flowscope::store
