#include "ui_bench_support.hpp"

#include "flowlist/flow_list_model.hpp"

#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

namespace flowscope::bench {

double msBetween(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

double msSince(Clock::time_point from) {
    return msBetween(from, Clock::now());
}

bool runUntil(const ui::FlowListModel& model, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    if (done()) {
        return true;
    }
    QEventLoop loop;
    bool reached = false;
    auto check = [&] {
        if (!reached && done()) {
            reached = true;
            loop.quit(); // exec() returns once the current event is fully handled
        }
    };
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, &loop, check);
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&loop] { loop.quit(); });
    QObject::connect(&model, &ui::FlowListModel::rowsReplaced, &loop, check);
    QObject::connect(&model, &ui::FlowListModel::busyChanged, &loop, check);
    QObject::connect(&model, &ui::FlowListModel::appendFinished, &loop, check);
    QObject::connect(&model, &ui::FlowListModel::countsChanged, &loop, check);
    poll.start();
    deadline.start(timeout);
    loop.exec();
    return reached || done();
}

void drainPostedEvents() {
    QEventLoop loop;
    QTimer::singleShot(0, &loop, [&loop] { loop.quit(); });
    loop.exec();
}

Distribution distributionOf(std::vector<double> samples) {
    Distribution result;
    if (samples.empty()) {
        return result;
    }
    std::sort(samples.begin(), samples.end());
    auto rank = [&](double p) {
        const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
        return samples[std::clamp<std::size_t>(index, 1, samples.size()) - 1];
    };
    result.count = samples.size();
    result.p50 = rank(0.50);
    result.p99 = rank(0.99);
    result.max = samples.back();
    result.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
    return result;
}

MemorySample readMemory() {
    MemorySample sample;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        std::istringstream fields(line);
        std::string key;
        double kib = 0;
        fields >> key >> kib;
        if (key == "VmRSS:") {
            sample.rssMiB = kib / 1024;
        } else if (key == "VmHWM:") {
            sample.peakMiB = kib / 1024;
        }
    }
    return sample;
}

std::string loadAverage() {
    std::ifstream file("/proc/loadavg");
    std::string one, five, fifteen;
    if (!(file >> one >> five >> fifteen)) {
        return {};
    }
    return one + " " + five + " " + fifteen;
}

} // namespace flowscope::bench
