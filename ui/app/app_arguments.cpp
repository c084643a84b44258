#include "app/app_arguments.hpp"

#include <QCommandLineParser>

#include <cstdio>

namespace flowscope::ui {

AppArguments parseAppArguments(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Flowscope: see every HTTP, HTTPS and WebSocket exchange."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Data directory (flows.sqlite, certs/, config.json)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Proxy address, overriding config.json (127.0.0.1:8888)."),
                                    QStringLiteral("HOST:PORT"));
    parser.addOption(dataDir);
    parser.addOption(listen);
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("A saved session file to open."),
                                 QStringLiteral("[session]"));

    AppArguments result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(help) || parser.isSet(version)) {
        const QString text = parser.isSet(help) ? parser.helpText()
                                                : QStringLiteral("flowscope %1\n").arg(QStringLiteral(FLOWSCOPE_VERSION));
        std::fputs(text.toLocal8Bit().constData(), stdout);
        result.exitRequested = true;
        return result;
    }
    if (parser.isSet(dataDir)) {
        result.dataDir = std::filesystem::path(parser.value(dataDir).toStdString());
    }
    if (parser.isSet(listen)) {
        result.listen = parser.value(listen);
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        result.error = QStringLiteral("expected at most one session file");
    } else if (positional.size() == 1) {
        result.session = std::filesystem::path(positional.front().toStdString());
    }
    return result;
}

} // namespace flowscope::ui
