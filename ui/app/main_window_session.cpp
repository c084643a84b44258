// MainWindow: sessions and HAR. The SQLite store is the session file: Open shows another
// store in the list (capture keeps recording into the live one), Save As copies the shown
// store. Long work runs in the background and reports in the status bar.
#include "app/main_window.hpp"

#include "app/background_task.hpp"
#include "capture/capture_host.hpp"
#include "flowlist/flow_list_model.hpp"
#include "flowlist/flow_table_view.hpp"
#include "flowlist/host_tree_model.hpp"

#include "http/content_decoding.hpp"
#include "store/export/har_error.hpp"
#include "store/export/har_reader.hpp"
#include "store/export/har_writer.hpp"
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/store_maintenance.hpp"

#include <QMessageBox>

#include <fstream>
#include <memory>

namespace flowscope::ui {
namespace {

QString fromPath(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

store::HarOptions harOptions() {
    store::HarOptions options;
    options.creatorVersion = FLOWSCOPE_VERSION;
    // HAR readers expect decoded text; the wire bytes ride along (har_writer.hpp).
    options.decodeContent = [](std::string_view body, std::string_view coding) -> std::optional<std::string> {
        http::DecodeResult decoded = http::decodeContent(body, coding);
        if (!decoded.ok) {
            return std::nullopt;
        }
        return std::move(decoded.data);
    };
    return options;
}

// Writes next to the destination, renames when complete: a failed export leaves no
// half-written HAR behind.
template <typename Write> std::size_t writeFileAtomically(const std::filesystem::path& file, Write write) {
    const std::filesystem::path partial = file.string() + ".partial";
    std::size_t written = 0;
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw store::HarError("cannot write " + partial.string());
        }
        written = write(out);
        out.close();
        if (!out) {
            std::filesystem::remove(partial);
            throw store::HarError("cannot write " + file.string() + " (disk full?)");
        }
    }
    std::filesystem::rename(partial, file);
    return written;
}

} // namespace

QString MainWindow::openSession(const std::filesystem::path& file) {
    try {
        store::FlowReader probe(file); // a foreign or corrupt file fails here, readably
    } catch (const store::StoreError& failure) {
        return QString::fromUtf8(failure.what());
    }
    m_viewingLive = false;
    m_sessionFile = file;
    m_model->openStore(file);
    setWindowTitle(QStringLiteral("%1 — Flowscope").arg(fromPath(file.filename())));
    updateStatus();
    updateEmptyState();
    return {};
}

void MainWindow::showLiveCapture() {
    if (m_viewingLive) {
        return;
    }
    m_viewingLive = true;
    m_sessionFile.clear();
    m_model->openStore(m_capture.paths().storeFile());
    setWindowTitle(QStringLiteral("Flowscope"));
    updateStatus();
    updateEmptyState();
}

void MainWindow::saveSessionAs(const std::filesystem::path& file, std::function<void(bool, QString)> done) {
    if (m_viewingLive) {
        m_capture.flushStore(); // flows still queued belong in the copy
    }
    const std::filesystem::path source = shownStoreFile();
    runInBackground(
        this,
        [source, file] {
            store::copyStore(source, file);
            return QStringLiteral("Saved session %1").arg(fromPath(file));
        },
        [this, done](bool ok, const QString& message) {
            showMessage(ok ? message : QStringLiteral("Save failed: %1").arg(message));
            if (done) {
                done(ok, message);
            }
        });
}

void MainWindow::exportHar(const std::filesystem::path& file, ExportScope scope,
                           std::function<void(bool, QString)> done) {
    std::vector<std::int64_t> ids;
    if (scope == ExportScope::Selected) {
        ids = m_list->selectedFlowIds();
    } else if (scope == ExportScope::Filtered) {
        ids.reserve(static_cast<std::size_t>(m_model->rowCount()));
        for (int row = 0; row < m_model->rowCount(); ++row) {
            ids.push_back(m_model->flowIdAt(row));
        }
    }
    const std::filesystem::path source = shownStoreFile();
    runInBackground(
        this,
        [source, file, scope, ids = std::move(ids)] {
            const store::FlowReader reader(source);
            const std::size_t written = writeFileAtomically(file, [&](std::ostream& out) {
                if (scope == ExportScope::All) {
                    store::FlowQuery everything;
                    everything.limit = 0;
                    return store::exportStoreToHar(out, reader, everything, harOptions());
                }
                std::size_t next = 0;
                const store::FlowSource source = [&]() -> std::optional<store::Flow> {
                    while (next < ids.size()) {
                        if (std::optional<store::Flow> flow = reader.get(ids[next++])) {
                            return flow;
                        }
                    }
                    return std::nullopt;
                };
                return store::writeHarFrom(out, source, harOptions());
            });
            return QStringLiteral("Exported %1 flow(s) to %2").arg(written).arg(fromPath(file));
        },
        [this, done](bool ok, const QString& message) {
            showMessage(ok ? message : QStringLiteral("Export failed: %1").arg(message));
            if (done) {
                done(ok, message);
            }
        });
}

void MainWindow::importHar(const std::filesystem::path& file, std::function<void(bool, QString)> done) {
    const bool live = m_viewingLive;
    const std::filesystem::path target = shownStoreFile();
    store::FlowSink* liveSink = live ? &m_capture.storeSink() : nullptr;
    runInBackground(
        this,
        [file, target, liveSink] {
            std::ifstream in(file, std::ios::binary);
            if (!in) {
                throw store::HarError("cannot read " + file.string());
            }
            store::HarReadReport report;
            std::size_t imported = 0;
            if (liveSink != nullptr) {
                imported = store::importHar(in, *liveSink, report);
            } else {
                store::FlowWriter writer(target); // a session file: its own writer, flushed on exit
                imported = store::importHar(in, writer, report);
            }
            QString message = QStringLiteral("Imported %1 flow(s) from %2").arg(imported).arg(fromPath(file.filename()));
            if (report.entriesSkipped > 0) {
                message += QStringLiteral("; %1 entr%2 skipped (%3)")
                               .arg(report.entriesSkipped)
                               .arg(report.entriesSkipped == 1 ? QStringLiteral("y") : QStringLiteral("ies"))
                               .arg(QString::fromStdString(report.problems.empty() ? std::string() : report.problems.front()));
            }
            return message;
        },
        [this, live, target, done](bool ok, const QString& message) {
            if (ok && !live && m_model->storeFile() == target) {
                m_model->openStore(target); // a session store has no commit notifications
            }
            showMessage(ok ? message : QStringLiteral("Import failed: %1").arg(message));
            if (done) {
                done(ok, message);
            } else if (!ok) {
                QMessageBox::warning(this, QStringLiteral("Import HAR"), message);
            }
        });
}

} // namespace flowscope::ui
