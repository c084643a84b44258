#pragma once
// Shared by the desktop app tests: waiting on the event loop with a deadline, and a
// store of generated flows written through the real FlowWriter.

#include "store/flow_writer.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <chrono>
#include <filesystem>
#include <functional>

namespace flowscope::ui::test {

// Processes events until `condition` holds or `timeout` passes; returns the condition.
inline bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeout.count()) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

} // namespace flowscope::ui::test
