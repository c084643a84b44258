#include "store/export/har_reader.hpp"

#include "store/export/har_entry_reader.hpp"
#include "store/export/har_entry_stream.hpp"

#include <stdexcept>

namespace flowscope::store {

void readHarEntries(std::istream& in, const FlowConsumer& consume, HarReadReport& report,
                    const HarReadOptions& options) {
    report = HarReadReport{};
    const auto onEntry = [&](std::size_t index, nlohmann::json&& entry) {
        ++report.entriesSeen;
        exporting::EntryNotes notes;
        Flow flow;
        std::string problem;
        try {
            flow = exporting::flowFromHarEntry(entry, notes);
        } catch (const std::invalid_argument& error) {
            problem = error.what();
        } catch (const nlohmann::json::exception& error) { // a type check we missed; still one entry's problem
            problem = error.what();
        }
        if (!problem.empty()) {
            problem = "entry " + std::to_string(index) + ": " + problem;
            if (options.strict) {
                throw HarError(problem);
            }
            ++report.entriesSkipped;
            if (report.problems.size() < HarReadReport::kMaxProblems) {
                report.problems.push_back(std::move(problem));
            }
            return;
        }
        entry = nullptr; // free the entry's DOM before the consumer runs
        report.contentEncodingRemoved += notes.contentEncodingRemoved ? 1 : 0;
        ++report.flowsRead;
        consume(std::move(flow));
    };
    const exporting::HarDocumentInfo info = exporting::streamHarEntries(in, onEntry);
    report.harVersion = info.version;
    report.creator = info.creatorName;
    if (!info.creatorVersion.empty()) {
        report.creator += (report.creator.empty() ? "" : " ") + info.creatorVersion;
    }
}

std::vector<Flow> readHar(std::istream& in, HarReadReport& report, const HarReadOptions& options) {
    std::vector<Flow> flows;
    readHarEntries(
        in, [&](Flow&& flow) { flows.push_back(std::move(flow)); }, report, options);
    return flows;
}

std::size_t importHar(std::istream& in, FlowSink& sink, HarReadReport& report, const HarReadOptions& options) {
    std::size_t published = 0;
    readHarEntries(
        in,
        [&](Flow&& flow) {
            flow.id = sink.allocateId();
            sink.publish(std::move(flow));
            ++published;
        },
        report, options);
    return published;
}

} // namespace flowscope::store
