// MainWindow: actions, menus, and what the flow actions do (delete, clear, copy, save
// body, settings, CA help). File operations are in main_window_session.cpp, Edit and
// Resend in main_window_resend.cpp.
#include "app/main_window.hpp"

#include "app/background_task.hpp"
#include "app/filter_bar.hpp"
#include "app/settings_dialog.hpp"
#include "capture/capture_host.hpp"
#include "detail/body_file.hpp"
#include "detail/flow_detail_view.hpp"
#include "flowlist/flow_list_model.hpp"
#include "flowlist/flow_table_view.hpp"
#include "flowlist/host_tree_model.hpp"

#include "engine/config_file.hpp"
#include "http/content_decoding.hpp"
#include "store/export/curl_command.hpp"
#include "store/flow_store.hpp"
#include "store/store_maintenance.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFileDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace flowscope::ui {
namespace {

QString fromPath(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

std::filesystem::path toPath(const QString& text) {
    return std::filesystem::path(text.toStdString());
}

} // namespace

QAction* MainWindow::action(const QString& objectName) const {
    return findChild<QAction*>(objectName, Qt::FindDirectChildrenOnly);
}

void MainWindow::buildActions() {
    auto make = [this](const char* name, const QString& text, const QKeySequence& shortcut = {},
                       const char* icon = nullptr) {
        auto* created = new QAction(text, this);
        created->setObjectName(QString::fromLatin1(name));
        if (!shortcut.isEmpty()) {
            created->setShortcut(shortcut);
        }
        if (icon != nullptr) {
            created->setIcon(QIcon(QString::fromLatin1(icon)));
        }
        addAction(created); // shortcuts work wherever the focus is in the window
        return created;
    };

    make("openSession", QStringLiteral("&Open Session…"), QKeySequence::Open);
    connect(action(QStringLiteral("openSession")), &QAction::triggered, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, QStringLiteral("Open Session"), {},
                                                          QStringLiteral("Flowscope sessions (*.sqlite *.flowscope);;All files (*)"));
        if (file.isEmpty()) {
            return;
        }
        const QString error = openSession(toPath(file));
        if (!error.isEmpty()) {
            QMessageBox::warning(this, QStringLiteral("Open Session"), QStringLiteral("Cannot open %1:\n%2").arg(file, error));
        }
    });
    make("liveCapture", QStringLiteral("Back to &Live Capture"), QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(action(QStringLiteral("liveCapture")), &QAction::triggered, this, &MainWindow::showLiveCapture);
    make("saveSession", QStringLiteral("&Save Session As…"), QKeySequence::SaveAs);
    connect(action(QStringLiteral("saveSession")), &QAction::triggered, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, QStringLiteral("Save Session As"),
                                                          QStringLiteral("session.flowscope"),
                                                          QStringLiteral("Flowscope sessions (*.flowscope *.sqlite)"));
        if (!file.isEmpty()) {
            saveSessionAs(toPath(file));
        }
    });
    make("importHar", QStringLiteral("&Import HAR…"));
    connect(action(QStringLiteral("importHar")), &QAction::triggered, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, QStringLiteral("Import HAR"), {},
                                                          QStringLiteral("HAR files (*.har *.json);;All files (*)"));
        if (!file.isEmpty()) {
            importHar(toPath(file));
        }
    });
    const std::pair<const char*, ExportScope> exports[] = {
        {"exportHarAll", ExportScope::All}, {"exportHarFiltered", ExportScope::Filtered},
        {"exportHarSelected", ExportScope::Selected}};
    const QString exportTitles[] = {QStringLiteral("All Flows…"), QStringLiteral("Filtered Flows…"),
                                    QStringLiteral("Selected Flows…")};
    for (int i = 0; i < 3; ++i) {
        QAction* exportAction = make(exports[i].first, exportTitles[i]);
        const ExportScope scope = exports[i].second;
        connect(exportAction, &QAction::triggered, this, [this, scope] {
            const QString file = QFileDialog::getSaveFileName(this, QStringLiteral("Export HAR"),
                                                              QStringLiteral("flows.har"),
                                                              QStringLiteral("HAR files (*.har)"));
            if (!file.isEmpty()) {
                exportHar(toPath(file), scope);
            }
        });
    }
    make("quit", QStringLiteral("&Quit"), QKeySequence::Quit);
    connect(action(QStringLiteral("quit")), &QAction::triggered, this, &QWidget::close);

    make("copyUrl", QStringLiteral("Copy &URL"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(action(QStringLiteral("copyUrl")), &QAction::triggered, this, &MainWindow::copyUrl);
    make("copyCurl", QStringLiteral("Copy as c&URL"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    connect(action(QStringLiteral("copyCurl")), &QAction::triggered, this, &MainWindow::copyAsCurl);
    make("focusFilter", QStringLiteral("&Filter"), QKeySequence(Qt::CTRL | Qt::Key_F));
    connect(action(QStringLiteral("focusFilter")), &QAction::triggered, this, [this] {
        m_filter->field()->setFocus(Qt::ShortcutFocusReason);
        m_filter->field()->selectAll();
    });
    make("delete", QStringLiteral("&Delete"), QKeySequence::Delete);
    connect(action(QStringLiteral("delete")), &QAction::triggered, this, &MainWindow::deleteSelectedFlows);
    make("clear", QStringLiteral("&Clear"), QKeySequence(Qt::CTRL | Qt::Key_K), ":/icons/clear.svg");
    action(QStringLiteral("clear"))->setToolTip(QStringLiteral("Clear all flows (Ctrl+K)"));
    connect(action(QStringLiteral("clear")), &QAction::triggered, this, &MainWindow::clearFlows);

    m_recordAction = make("record", QStringLiteral("&Record"), QKeySequence(Qt::CTRL | Qt::Key_E), ":/icons/record.svg");
    m_recordAction->setCheckable(true);
    m_recordAction->setChecked(m_capture.recording());
    m_recordAction->setToolTip(QStringLiteral("Record flows (Ctrl+E); the proxy keeps serving while paused"));
    connect(m_recordAction, &QAction::toggled, this, [this](bool on) {
        m_capture.setRecording(on);
        m_recordAction->setIcon(QIcon(on ? QStringLiteral(":/icons/record.svg") : QStringLiteral(":/icons/pause.svg")));
        m_recordAction->setText(on ? QStringLiteral("&Record") : QStringLiteral("Paused"));
        updateStatus();
    });
    make("settings", QStringLiteral("&Settings…"), QKeySequence::Preferences, ":/icons/settings.svg");
    connect(action(QStringLiteral("settings")), &QAction::triggered, this, &MainWindow::openSettings);
    make("caHelp", QStringLiteral("&CA Certificate…"));
    connect(action(QStringLiteral("caHelp")), &QAction::triggered, this, &MainWindow::showCaHelp);

    make("resend", QStringLiteral("Edit and &Resend…"), QKeySequence(Qt::CTRL | Qt::Key_R), ":/icons/resend.svg");
    connect(action(QStringLiteral("resend")), &QAction::triggered, this, &MainWindow::editAndResend);
    make("saveRequestBody", QStringLiteral("Save Re&quest Body As…"));
    connect(action(QStringLiteral("saveRequestBody")), &QAction::triggered, this, [this] { saveBody(false); });
    make("saveResponseBody", QStringLiteral("Save Res&ponse Body As…"), QKeySequence(Qt::CTRL | Qt::Key_S));
    connect(action(QStringLiteral("saveResponseBody")), &QAction::triggered, this, [this] { saveBody(true); });
    make("toggleLayout", QStringLiteral("Request and Response &Stacked"), QKeySequence(Qt::CTRL | Qt::Key_J));
    action(QStringLiteral("toggleLayout"))->setCheckable(true);
    connect(action(QStringLiteral("toggleLayout")), &QAction::toggled, this, [this](bool stacked) {
        m_detail->setOrientation(stacked ? Qt::Vertical : Qt::Horizontal);
    });
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(action(QStringLiteral("openSession")));
    file->addAction(action(QStringLiteral("liveCapture")));
    file->addAction(action(QStringLiteral("saveSession")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("importHar")));
    QMenu* exportMenu = file->addMenu(QStringLiteral("&Export HAR"));
    exportMenu->addAction(action(QStringLiteral("exportHarAll")));
    exportMenu->addAction(action(QStringLiteral("exportHarFiltered")));
    exportMenu->addAction(action(QStringLiteral("exportHarSelected")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu* edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    edit->addAction(action(QStringLiteral("copyUrl")));
    edit->addAction(action(QStringLiteral("copyCurl")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("focusFilter")));
    edit->addAction(action(QStringLiteral("delete")));
    edit->addAction(action(QStringLiteral("clear")));

    QMenu* flow = menuBar()->addMenu(QStringLiteral("F&low"));
    flow->addAction(action(QStringLiteral("resend")));
    flow->addAction(action(QStringLiteral("saveRequestBody")));
    flow->addAction(action(QStringLiteral("saveResponseBody")));
    flow->addSeparator();
    flow->addAction(action(QStringLiteral("toggleLayout")));

    QMenu* capture = menuBar()->addMenu(QStringLiteral("&Capture"));
    capture->addAction(m_recordAction);
    capture->addAction(action(QStringLiteral("settings")));
    capture->addAction(action(QStringLiteral("caHelp")));
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_caLabel && event->type() == QEvent::MouseButtonRelease) {
        showCaHelp();
        return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::deleteSelectedFlows() {
    if (!m_list->hasFocus() && !m_list->viewport()->hasFocus()) {
        // Delete in the filter field deletes text, not flows.
        if (QApplication::focusWidget() != nullptr && QApplication::focusWidget() != this) {
            auto* edit = qobject_cast<QLineEdit*>(QApplication::focusWidget());
            if (edit != nullptr) {
                edit->del();
                return;
            }
        }
    }
    std::vector<std::int64_t> ids = m_model->removeRowsAndReturnIds(m_list->selectedRowNumbers());
    if (ids.empty()) {
        return;
    }
    const std::filesystem::path file = shownStoreFile();
    const auto count = ids.size();
    runInBackground(
        this, [file, ids = std::move(ids)] {
            store::deleteFlows(file, ids);
            return QString();
        },
        [this, count](bool ok, const QString& message) {
            if (ok) {
                showMessage(QStringLiteral("Deleted %1 flow(s)").arg(count));
            } else {
                reportStoreProblem(message);
            }
        });
}

void MainWindow::clearFlows() {
    const std::int64_t upTo = m_model->highestLoadedId();
    m_model->clearUpTo(upTo);
    m_detail->clear();
    m_hosts->update(m_model->flowView(), m_model->tableGeneration());
    const std::filesystem::path file = shownStoreFile();
    runInBackground(
        this, [file, upTo] { return QString::number(store::deleteFlowsUpTo(file, upTo)); },
        [this](bool ok, const QString& message) {
            if (!ok) {
                reportStoreProblem(message);
            }
        });
}

void MainWindow::copyUrl() {
    QStringList urls;
    for (int row : m_list->selectedRowNumbers()) {
        urls << QString::fromStdString(m_model->flowRow(row).url());
    }
    if (!urls.isEmpty()) {
        QApplication::clipboard()->setText(urls.join(QLatin1Char('\n')));
        showMessage(QStringLiteral("Copied %1 URL(s)").arg(urls.size()));
    }
}

void MainWindow::copyAsCurl() {
    QStringList commands;
    for (std::int64_t id : m_list->selectedFlowIds()) {
        if (std::optional<store::Flow> flow = loadFlow(id, true)) {
            commands << QString::fromStdString(store::toCurlCommand(*flow, store::CurlOptions{.multiline = true}));
        }
    }
    if (!commands.isEmpty()) {
        QApplication::clipboard()->setText(commands.join(QStringLiteral("\n\n")));
        showMessage(QStringLiteral("Copied %1 cURL command(s)").arg(commands.size()));
    }
}

void MainWindow::saveBody(bool response) {
    const std::int64_t id = m_list->currentFlowId();
    if (id == 0) {
        return;
    }
    std::optional<store::Flow> flow = loadFlow(id, true);
    if (!flow) {
        return;
    }
    const store::BodyCapture& body = response ? flow->responseBody : flow->requestBody;
    const store::HeaderList& headers = response ? flow->responseHeaders : flow->requestHeaders;
    if (body.data.empty()) {
        showMessage(QStringLiteral("The %1 has no captured body").arg(response ? QStringLiteral("response")
                                                                               : QStringLiteral("request")));
        return;
    }
    // Saved as the user would download it: Content-Encoding undone when possible.
    std::string bytes = body.data;
    for (const auto& [name, value] : headers) {
        if (QString::fromStdString(name).compare(QStringLiteral("Content-Encoding"), Qt::CaseInsensitive) == 0) {
            http::DecodeResult decoded = http::decodeContent(body.data, value);
            if (decoded.ok) {
                bytes = std::move(decoded.data);
            }
        }
    }
    const QString contentType =
        QString::fromStdString(response ? flow->responseContentType : flow->requestContentType);
    const QString suggested = suggestedBodyFileName(QString::fromStdString(flow->url), contentType);
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save Body As"), suggested);
    if (path.isEmpty()) {
        return;
    }
    const QString error = writeBodyFile(path, QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())));
    if (!error.isEmpty()) {
        QMessageBox::warning(this, QStringLiteral("Save Body As"), error);
    } else {
        showMessage(QStringLiteral("Saved %1 (%2 bytes)%3")
                        .arg(path)
                        .arg(bytes.size())
                        .arg(body.truncated ? QStringLiteral(" — truncated at the capture limit") : QString()));
    }
}

void MainWindow::openSettings() {
    SettingsDialog dialog(m_capture.options(), this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const engine::ProxyOptions options = dialog.options();
    try {
        engine::writeConfigFile(m_capture.paths().configFile(), options);
    } catch (const std::exception& failure) {
        QMessageBox::warning(this, QStringLiteral("Settings"),
                             QStringLiteral("Could not save settings: %1").arg(QString::fromUtf8(failure.what())));
        return;
    }
    try {
        const engine::ListenAddress address = m_capture.restart(options);
        m_portBanner->hide();
        showMessage(QStringLiteral("Settings applied; listening on %1").arg(QString::fromStdString(address.toString())));
        Q_EMIT listening(QString::fromStdString(address.toString()));
    } catch (const engine::EngineError& failure) {
        showPortProblem(QString::fromUtf8(failure.what()), options);
    }
    updateStatus();
    updateEmptyState();
}

void MainWindow::showCaHelp() {
    m_caTrusted = m_capture.caTrusted();
    const QString path = fromPath(m_capture.caCertificateFile());
    const QString state = m_caTrusted ? QStringLiteral("This system trusts the Flowscope CA.")
                                      : QStringLiteral("This system does not trust the Flowscope CA yet, so HTTPS "
                                                       "clients will reject intercepted connections.");
    QMessageBox box(this);
    box.setWindowTitle(QStringLiteral("Flowscope CA certificate"));
    box.setTextFormat(Qt::RichText);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.setText(QStringLiteral("<p>%1</p><p>Certificate: <code>%2</code></p>"
                               "<p><b>Linux (system, curl, Chromium):</b><br><code>sudo cp %2 "
                               "/usr/local/share/ca-certificates/flowscope.crt &amp;&amp; sudo "
                               "update-ca-certificates</code></p>"
                               "<p><b>Firefox:</b> Settings → Privacy &amp; Security → Certificates → View "
                               "Certificates → Authorities → Import.</p>"
                               "<p><b>One client only:</b> <code>curl --cacert %2 …</code></p>"
                               "<p>The key never leaves this machine; regenerate it with <code>flowscope-cli ca "
                               "regenerate</code>.</p>")
                    .arg(state, path.toHtmlEscaped()));
    box.exec();
    updateStatus();
    updateEmptyState();
}

void MainWindow::reportStoreProblem(const QString& message) {
    // Non-modal: the proxy keeps serving and the rest of the window keeps working.
    showMessage(QStringLiteral("Store problem: %1").arg(message));
    statusBar()->setToolTip(message);
}

} // namespace flowscope::ui
