#pragma once
// `flowscope [--data-dir DIR] [--listen HOST:PORT]`: the desktop app's command line,
// the same meaning as flowscope-cli's flags.

#include <QString>
#include <QStringList>

#include <filesystem>
#include <optional>

namespace flowscope::ui {

struct AppArguments {
    std::optional<std::filesystem::path> dataDir;
    std::optional<QString> listen;
    std::optional<std::filesystem::path> session; // a store to open instead of live capture
    QString error;                                // set when the command line is invalid
    bool exitRequested = false;                   // --help / --version printed
};

// `arguments` as QCoreApplication::arguments() gives them (program name first).
AppArguments parseAppArguments(const QStringList& arguments);

} // namespace flowscope::ui
