// flowscope: the desktop app. Opens the main window and runs the engine in-process with
// the same data directory, store and config.json as flowscope-cli; prints
// "listening on HOST:PORT" on stdout when the proxy is ready (scripts wait for it).
#include "app/app_arguments.hpp"
#include "app/main_window.hpp"
#include "app/store_upgrade.hpp"
#include "capture/capture_host.hpp"

#include "engine/config_file.hpp"
#include "platform/app_paths.hpp"
#include "platform/process_tuning.hpp"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>

#include <cstdio>
#include <stdexcept>

int main(int argc, char** argv) {
    flowscope::platform::tuneAllocatorForProxy();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Flowscope"));
    QApplication::setApplicationVersion(QStringLiteral(FLOWSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("flowscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/flowscope.svg")));

    const flowscope::ui::AppArguments arguments = flowscope::ui::parseAppArguments(QApplication::arguments());
    if (arguments.exitRequested) {
        return 0;
    }
    if (!arguments.error.isEmpty()) {
        std::fprintf(stderr, "flowscope: %s\n", arguments.error.toLocal8Bit().constData());
        return 2;
    }

    flowscope::ui::CaptureHost capture(
        flowscope::ui::DataPaths{flowscope::platform::resolveDataDir(arguments.dataDir)});
    flowscope::engine::ProxyOptions options;
    try {
        // An older store is migrated first, with a progress dialog instead of a window
        // that takes seconds to appear; capture.open() then finds it current.
        const QString upgradeError = flowscope::ui::upgradeStoreWithProgress(capture.paths().storeFile());
        if (!upgradeError.isEmpty())
            throw std::runtime_error(upgradeError.toStdString());
        capture.open();
        options = capture.options();
        if (arguments.listen) {
            flowscope::engine::parseListenAddress(arguments.listen->toStdString(), options);
        }
    } catch (const std::exception& failure) {
        // A corrupt store, CA or config.json: say which and how, then stop; nothing is
        // overwritten.
        std::fprintf(stderr, "flowscope: %s\n", failure.what());
        QMessageBox::critical(nullptr, QStringLiteral("Flowscope cannot start"), QString::fromUtf8(failure.what()));
        return 1;
    }

    flowscope::ui::MainWindow window(capture);
    QObject::connect(&window, &flowscope::ui::MainWindow::listening, &window, [](const QString& address) {
        std::printf("listening on %s\n", address.toLocal8Bit().constData());
        std::fflush(stdout);
    });
    window.startCapture(options);
    if (arguments.session) {
        const QString error = window.openSession(*arguments.session);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "flowscope: %s\n", error.toLocal8Bit().constData());
            QMessageBox::warning(&window, QStringLiteral("Open Session"), error);
        }
    }
    window.show();
    const int status = QApplication::exec();
    capture.stop();
    return status;
}
