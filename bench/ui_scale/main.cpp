// flowscope-ui-bench: the desktop issue's scale targets measured on the real MainWindow,
// offscreen, over a store of synthetic flows (docs/benchmarks.md, "Desktop app at 1M
// flows"). Prints one JSON object on stdout and a summary against the targets on stderr.
//
//   synth-store --out /tmp/synth1m --flows 1000000
//   flowscope-ui-bench --store /tmp/synth1m        # or --flows N: a temporary store
//
// The data directory is used as the app uses it: CaptureHost::open() adds certs/ and
// config.json, and the live-ingest phase appends flows to its store (so copy a store you
// want to keep as it is). The proxy is never started.
#include "app/main_window.hpp"
#include "bench_report.hpp"
#include "capture/capture_host.hpp"
#include "platform/process_tuning.hpp"
#include "stall_monitor.hpp"
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "synth_flows.hpp"
#include "ui_scenarios.hpp"

#include <CLI/CLI.hpp>
#include <QApplication>
#include <QTemporaryDir>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

namespace {

using flowscope::bench::Clock;

struct Arguments {
    std::filesystem::path store;
    std::uint64_t flows = 0;
    int repetitions = 5;
    int pageDowns = 200;
    int jumps = 50;
    flowscope::bench::IngestOptions ingest;
};

std::int64_t nowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// --flows: a store of `count` flows in a temporary directory, written as synth-store does.
std::filesystem::path generateStore(const QTemporaryDir& dir, std::uint64_t count) {
    const std::filesystem::path dataDir = dir.path().toStdString();
    const auto start = Clock::now();
    {
        flowscope::store::FlowWriter writer(flowscope::bench::prepareStoreFile(dataDir, false));
        flowscope::bench::writeSynthFlows(writer, count, flowscope::bench::SynthOptions{});
    }
    std::cerr << "flowscope-ui-bench: wrote " << count << " flows in " << flowscope::bench::msSince(start) / 1000
              << " s\n";
    return dataDir;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App cli{"Measures the desktop app's scale targets on the real window, offscreen"};
    Arguments args;
    auto* storeOption = cli.add_option("--store", args.store, "data directory holding flows.sqlite (from synth-store)");
    auto* flowsOption = cli.add_option("--flows", args.flows, "generate a temporary store of this many flows instead");
    storeOption->excludes(flowsOption);
    cli.add_option("--repeat", args.repetitions, "repetitions of each filter and sort")->capture_default_str();
    cli.add_option("--page-downs", args.pageDowns, "page-down frames")->capture_default_str();
    cli.add_option("--jumps", args.jumps, "frames scrolled to a random row")->capture_default_str();
    cli.add_option("--ingest-rate", args.ingest.flowsPerSecond, "live flows per second")->capture_default_str();
    cli.add_option("--ingest-seconds", args.ingest.seconds, "seconds of live ingest")->capture_default_str();
    CLI11_PARSE(cli, argc, argv);
    if (args.store.empty() && args.flows == 0) {
        std::cerr << "flowscope-ui-bench: give --store DIR or --flows N\n";
        return 2;
    }
    args.repetitions = std::clamp(args.repetitions, 1, 100);
    args.pageDowns = std::clamp(args.pageDowns, 0, 10'000);
    args.jumps = std::clamp(args.jumps, 0, 10'000);
    args.ingest.flowsPerSecond = std::clamp(args.ingest.flowsPerSecond, 1.0, 100'000.0);
    args.ingest.seconds = std::clamp(args.ingest.seconds, 0.1, 120.0);

    // Before QApplication reads it; an explicit choice (e.g. xcb, to watch) is kept.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    }
    flowscope::platform::tuneAllocatorForProxy(); // as the app's main() does: same heap behaviour
    QApplication app(argc, argv);

    flowscope::bench::BenchReport report;
    report.loadAverageBefore = flowscope::bench::loadAverage();
    try {
        std::optional<QTemporaryDir> temporary;
        std::filesystem::path dataDir = args.store;
        if (args.flows > 0) {
            temporary.emplace();
            dataDir = generateStore(*temporary, args.flows);
        }
        flowscope::ui::DataPaths paths{dataDir};
        if (!std::filesystem::exists(paths.storeFile())) {
            std::cerr << "flowscope-ui-bench: no store at " << paths.storeFile() << " (make one with synth-store)\n";
            return 2;
        }
        report.storeFile = paths.storeFile().string();
        report.storeFlows = flowscope::store::FlowReader(paths.storeFile()).count();

        const auto openStart = Clock::now();
        flowscope::ui::CaptureHost capture(paths);
        capture.open();
        report.captureOpenMs = flowscope::bench::msSince(openStart);
        report.memoryBeforeWindow = flowscope::bench::readMemory();

        flowscope::bench::StallMonitor stalls;
        report.guiIntervalMs = static_cast<double>(stalls.interval().count());
        std::unique_ptr<flowscope::ui::MainWindow> window;
        report.startup = flowscope::bench::measureStartup(capture, report.storeFlows, stalls, window);
        if (!report.startup.loaded) {
            std::cerr << "flowscope-ui-bench: the list did not load " << report.storeFlows << " flows\n";
            return 1;
        }
        report.filters = flowscope::bench::measureFilters(*window, args.repetitions);
        report.sorts = flowscope::bench::measureSorts(*window, args.repetitions);
        report.memoryAfterChanges = flowscope::bench::readMemory();
        report.scroll = flowscope::bench::measureScrolling(*window, args.pageDowns, args.jumps);
        args.ingest.synth.seed = 2; // other flows than the store's first ones
        args.ingest.synth.startUs = nowUs();
        report.ingest = flowscope::bench::measureIngest(*window, capture, args.ingest, stalls);

        window.reset();
        capture.stop();
    } catch (const std::exception& failure) {
        std::cerr << "flowscope-ui-bench: " << failure.what() << '\n';
        return 1;
    }
    report.loadAverageAfter = flowscope::bench::loadAverage();
    flowscope::bench::writeJson(report, std::cout);
    flowscope::bench::writeSummary(report, std::cerr);
    return 0;
}
