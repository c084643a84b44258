// Writing a synthetic store: the output file's safety check and the publish loop.
#include "store/flow_writer.hpp"
#include "synth_flows.hpp"

#include <fmt/format.h>
#include <stdexcept>

namespace flowscope::bench {

void writeSynthFlows(store::FlowWriter& writer, std::uint64_t count, const SynthOptions& options,
                     const std::function<void(std::uint64_t)>& progress, std::uint64_t progressEvery) {
    SynthFlowGenerator generator(options);
    for (std::uint64_t done = 0; done < count; ++done) {
        // The writer batches on its own thread; generation here overlaps with its commits.
        writer.publish(generator.next(writer.allocateId()));
        if (progress && progressEvery > 0 && (done + 1) % progressEvery == 0) {
            progress(done + 1);
        }
    }
    writer.flush();
}

std::filesystem::path prepareStoreFile(const std::filesystem::path& dir, bool force) {
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / "flows.sqlite";
    const std::filesystem::path wal = dir / "flows.sqlite-wal";
    const std::filesystem::path shm = dir / "flows.sqlite-shm";
    std::error_code ec;
    const bool hasData = (std::filesystem::exists(file) && std::filesystem::file_size(file, ec) > 0) ||
                         (std::filesystem::exists(wal) && std::filesystem::file_size(wal, ec) > 0);
    if (hasData && !force) {
        throw std::runtime_error(
            fmt::format("{} already holds a flow store; pass --force to replace it", file.string()));
    }
    for (const auto& path : {file, wal, shm}) {
        std::filesystem::remove(path);
    }
    return file;
}

} // namespace flowscope::bench
