// synth-store: writes a realistic synthetic flow store, DIR/flows.sqlite, through the
// store's real writer, to try the desktop app and the benchmarks at a million flows.
//
//   synth-store --out /tmp/synth --flows 1000000 [--seed 1] [--bodies] [--force]
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "synth_flows.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fmt/format.h>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uintmax_t sizeOrZero(const std::filesystem::path& path) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    return ec ? 0 : size;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Writes a synthetic but realistic Flowscope flow store (DIR/flows.sqlite)"};
    std::filesystem::path out;
    std::uint64_t flows = 0;
    flowscope::bench::SynthOptions options;
    bool force = false;
    app.add_option("--out", out, "directory of the store (created when missing)")->required();
    app.add_option("--flows", flows, "number of flows to write")->required();
    app.add_option("--seed", options.seed, "random seed; the same seed gives the same flows")->capture_default_str();
    app.add_flag("--bodies", options.bodies,
                 "capture body bytes (JSON, HTML, JS, CSS, PNG, gzip...); large assets keep a 4 KiB prefix");
    app.add_flag("--force", force, "replace an existing store in DIR");
    flowscope::store::FlowWriterOptions writerOptions;
    std::size_t pageCacheKib = writerOptions.pageCacheBytes / 1024;
    app.add_option("--page-cache-kib", pageCacheKib, "the store writer's SQLite page cache (comparisons)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try {
        const std::filesystem::path file = flowscope::bench::prepareStoreFile(out, force);
        const auto start = Clock::now();
        {
            writerOptions.pageCacheBytes = pageCacheKib * 1024;
            flowscope::store::FlowWriter writer(file, writerOptions);
            const std::uint64_t every = std::max<std::uint64_t>(flows / 20, 10'000);
            flowscope::bench::writeSynthFlows(
                writer, flows, options,
                [&](std::uint64_t done) {
                    const double seconds = secondsSince(start);
                    std::fprintf(stderr, "synth-store: %llu/%llu flows, %.1f s, %.0f flows/s\n",
                                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(flows), seconds,
                                 static_cast<double>(done) / seconds);
                },
                every);
        } // the writer's destructor checkpoints and closes the file
        const double seconds = secondsSince(start);
        const double mib = static_cast<double>(sizeOrZero(file) + sizeOrZero(file.string() + "-wal")) / (1 << 20);
        fmt::print("wrote {} flows to {} in {:.1f} s ({:.0f} flows/s), {:.1f} MiB\n", flows, file.string(), seconds,
                   static_cast<double>(flows) / std::max(seconds, 1e-9), mib);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "synth-store: %s\n", error.what());
        return 1;
    }
    return 0;
}
