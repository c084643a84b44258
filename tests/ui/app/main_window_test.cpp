// The main window end to end, offscreen: a real CaptureHost (engine, CA, store) on a free
// loopback port, real curl through it to a real TLS origin, and the window's list, filter,
// detail pane, delete, clear, record toggle, port conflict, sessions and HAR.
#include "app_test_support.hpp"

#include "app/empty_state.hpp"
#include "app/filter_bar.hpp"
#include "app/main_window.hpp"
#include "capture/capture_host.hpp"
#include "detail/flow_detail_view.hpp"
#include "flowlist/flow_list_model.hpp"
#include "flowlist/flow_table_view.hpp"
#include "flowlist/host_tree_model.hpp"
#include "support/curl_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/test_origin.hpp"
#include "support/test_pki.hpp"

#include "store/flow_store.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeView>
#include <gtest/gtest.h>

#include <fstream>

namespace flowscope::ui::test {
namespace {

using flowscope::test::CurlRequest;
using flowscope::test::runCurl;
using flowscope::test::TempDir;
using flowscope::test::TestOrigin;

class MainWindowTest : public ::testing::Test {
protected:
    MainWindowTest()
        : m_pki(flowscope::test::createTestPki(m_pkiDir.path())), m_origin(m_pki.valid),
          m_capture(DataPaths{m_dataDir.path()}) {
        m_capture.open();
        m_window = std::make_unique<MainWindow>(m_capture);
        m_window->show();
    }
    ~MainWindowTest() override {
        m_window.reset();
        m_capture.stop();
    }

    engine::ProxyOptions options() const {
        engine::ProxyOptions options = m_capture.options();
        options.listenHost = "127.0.0.1";
        options.listenPort = 0;
        options.threads = 2;
        options.upstreamCaFiles = {m_pki.caCert};
        return options;
    }
    void start() {
        QSignalSpy listening(m_window.get(), &MainWindow::listening);
        m_window->startCapture(options());
        ASSERT_EQ(listening.count(), 1) << m_window->portProblemText().toStdString();
        m_address = listening.front().front().toString();
    }
    // curl through the proxy; waits until the list shows `expectRows` rows.
    void fetch(const std::string& path, int expectRows, std::string_view host = "127.0.0.1") {
        CurlRequest request;
        request.proxyPort = m_capture.address()->port;
        request.caFile = m_capture.caCertificateFile();
        request.urls = {m_origin.url(path, host)};
        request.timeout = std::chrono::seconds(20);
        runCurl(request, m_scratch.path());
        ASSERT_TRUE(waitFor([&] { return model()->rowCount() >= expectRows; }))
            << "rows: " << model()->rowCount() << ", wanted " << expectRows;
    }
    FlowListModel* model() const { return m_window->flowModel(); }
    std::int64_t storedCount() const { return store::FlowReader(m_capture.paths().storeFile()).count(); }

    TempDir m_pkiDir;
    TempDir m_dataDir;
    TempDir m_scratch;
    flowscope::test::TestPki m_pki;
    TestOrigin m_origin;
    CaptureHost m_capture;
    std::unique_ptr<MainWindow> m_window;
    QString m_address;
};

TEST_F(MainWindowTest, EmptyStateSaysHowToSendTraffic) {
    start();
    ASSERT_TRUE(waitFor([&] { return m_window->emptyState()->isVisible(); })); // once the (empty) store is read
    const QString text = m_window->emptyState()->text();
    EXPECT_TRUE(text.contains(m_address)) << text.toStdString();
    EXPECT_TRUE(text.contains(QString::fromStdString(m_capture.caCertificateFile().string())));
    EXPECT_TRUE(text.contains(QStringLiteral("curl --proxy")));
    EXPECT_TRUE(m_window->statusText().contains(QStringLiteral("Listening on ") + m_address))
        << m_window->statusText().toStdString();
    EXPECT_TRUE(m_window->statusText().contains(QStringLiteral("CA not trusted")));
}

TEST_F(MainWindowTest, LiveFlowsAppearAndOpenInTheDetailPane) {
    start();
    fetch("/hello", 1);
    fetch("/status/404", 2);
    EXPECT_TRUE(m_window->flowList()->isVisible());
    EXPECT_EQ(model()->flowRow(0).host, "127.0.0.1");
    EXPECT_EQ(model()->flowRow(1).status, 404);
    m_window->flowList()->selectFlow(model()->flowIdAt(0));
    ASSERT_TRUE(waitFor([&] { return m_window->detailView()->currentFlowId() == model()->flowIdAt(0); }));
    EXPECT_TRUE(m_window->statusText().contains(QStringLiteral("2 flows"))) << m_window->statusText().toStdString();

    m_window->action(QStringLiteral("copyUrl"))->trigger();
    EXPECT_EQ(QApplication::clipboard()->text().toStdString(), m_origin.url("/hello"));
    m_window->action(QStringLiteral("copyCurl"))->trigger();
    EXPECT_TRUE(QApplication::clipboard()->text().startsWith(QStringLiteral("curl")))
        << QApplication::clipboard()->text().toStdString();
}

TEST_F(MainWindowTest, FilterAndQuickFiltersNarrowTheList) {
    start();
    fetch("/hello", 1);
    fetch("/status/404", 2);
    fetch("/status/503", 3);
    m_window->filterBar()->setText(QStringLiteral("status:4xx"));
    ASSERT_TRUE(waitFor([&] { return !model()->busy() && model()->rowCount() == 1; }));
    EXPECT_EQ(model()->flowRow(0).status, 404);
    m_window->filterBar()->setText(QStringLiteral("sttus:4xx"));
    EXPECT_FALSE(m_window->filterBar()->errorText().isEmpty());
    EXPECT_EQ(model()->rowCount(), 1); // the last valid filter stays
    m_window->filterBar()->setText(QString());
    m_window->filterBar()->setQuick(FilterBar::Quick::HttpErrors);
    ASSERT_TRUE(waitFor([&] { return !model()->busy() && model()->rowCount() == 2; }));
    m_window->filterBar()->setQuick(FilterBar::Quick::All);
    ASSERT_TRUE(waitFor([&] { return !model()->busy() && model()->rowCount() == 3; }));
    EXPECT_TRUE(m_window->statusText().contains(QStringLiteral("3 flows")));
}

TEST_F(MainWindowTest, SidebarScopesTheListByHostAndPath) {
    start();
    fetch("/hello", 1);
    fetch("/status/404", 2);
    fetch("/hello?again", 3, "localhost");
    HostTreeModel* hosts = m_window->hostModel();
    ASSERT_TRUE(waitFor([&] { return hosts->rowCount() == 2; }));
    QModelIndex local;
    for (int row = 0; row < hosts->rowCount(); ++row) {
        if (hosts->index(row, 0).data().toString() == QStringLiteral("127.0.0.1")) {
            local = hosts->index(row, 0);
        }
    }
    ASSERT_TRUE(local.isValid());
    EXPECT_EQ(local.siblingAtColumn(1).data().toString(), QStringLiteral("2"));
    m_window->hostTree()->setCurrentIndex(local);
    ASSERT_TRUE(waitFor([&] { return !model()->busy() && model()->rowCount() == 2; }));
    m_window->hostTree()->expand(local);
    const QModelIndex status = hosts->index(0, 0, local).data().toString() == QStringLiteral("/status")
                                   ? hosts->index(0, 0, local)
                                   : hosts->index(1, 0, local);
    ASSERT_EQ(status.data().toString(), QStringLiteral("/status"));
    m_window->hostTree()->setCurrentIndex(status);
    ASSERT_TRUE(waitFor([&] { return !model()->busy() && model()->rowCount() == 1; }));
    EXPECT_EQ(model()->flowRow(0).status, 404);
    m_window->findChild<QPushButton*>(QStringLiteral("allHosts"))->click();
    ASSERT_TRUE(waitFor([&] { return !model()->busy() && model()->rowCount() == 3; }));
}

TEST_F(MainWindowTest, DeleteAndClearRemoveFromListAndStore) {
    start();
    fetch("/hello", 1);
    fetch("/hello?2", 2);
    fetch("/hello?3", 3);
    m_window->flowList()->selectFlow(model()->flowIdAt(1));
    m_window->flowList()->setFocus();
    m_window->action(QStringLiteral("delete"))->trigger();
    EXPECT_EQ(model()->rowCount(), 2);
    ASSERT_TRUE(waitFor([&] { return storedCount() == 2; }));
    m_window->action(QStringLiteral("clear"))->trigger();
    EXPECT_EQ(model()->rowCount(), 0);
    ASSERT_TRUE(waitFor([&] { return storedCount() == 0; }));
    fetch("/hello?4", 1); // capture goes on after a clear
    EXPECT_EQ(model()->rowCount(), 1);
}

TEST_F(MainWindowTest, PausedRecordingKeepsServingButKeepsNothing) {
    start();
    fetch("/hello", 1);
    m_window->action(QStringLiteral("record"))->setChecked(false);
    EXPECT_TRUE(m_window->statusText().contains(QStringLiteral("Paused")));
    const std::uint64_t published = m_capture.engineStats().flowsPublished;
    CurlRequest request;
    request.proxyPort = m_capture.address()->port;
    request.caFile = m_capture.caCertificateFile();
    request.urls = {m_origin.url("/hello?paused")};
    EXPECT_EQ(runCurl(request, m_scratch.path()).httpCode(), 200);
    ASSERT_TRUE(waitFor([&] { return m_capture.engineStats().flowsPublished > published; }));
    m_capture.flushStore();
    EXPECT_EQ(storedCount(), 1);
    m_window->action(QStringLiteral("record"))->setChecked(true);
    fetch("/hello?again", 2);
}

TEST_F(MainWindowTest, PortInUseIsShownWithAnAlternative) {
    start();
    CaptureHost second(DataPaths{m_scratch.path() / "second"});
    second.open();
    MainWindow other(second);
    engine::ProxyOptions taken = options();
    taken.listenPort = m_capture.address()->port;
    QSignalSpy listening(&other, &MainWindow::listening);
    other.startCapture(taken);
    EXPECT_EQ(listening.count(), 0);
    EXPECT_TRUE(other.portProblemText().contains(QString::number(taken.listenPort))) << other.portProblemText().toStdString();
    QPushButton* useAnother = nullptr;
    for (QPushButton* candidate : other.findChildren<QPushButton*>()) {
        if (candidate->text() == QStringLiteral("Use another port")) {
            useAnother = candidate;
        }
    }
    ASSERT_NE(useAnother, nullptr);
    useAnother->click();
    ASSERT_EQ(listening.count(), 1);
    EXPECT_NE(second.address()->port, taken.listenPort);
    EXPECT_TRUE(other.portProblemText().isEmpty());
    second.stop();
}

TEST_F(MainWindowTest, SessionSaveOpenAndForeignFiles) {
    start();
    fetch("/hello", 1);
    fetch("/status/404", 2);
    const auto session = m_scratch.path() / "saved.flowscope";
    bool saved = false;
    m_window->saveSessionAs(session, [&](bool ok, const QString& message) {
        EXPECT_TRUE(ok) << message.toStdString();
        saved = true;
    });
    ASSERT_TRUE(waitFor([&] { return saved; }));
    EXPECT_TRUE(m_window->openSession(session).isEmpty());
    EXPECT_FALSE(m_window->viewingLiveCapture());
    ASSERT_TRUE(waitFor([&] { return !model()->busy() && model()->rowCount() == 2; }));

    const auto foreign = m_scratch.path() / "foreign.sqlite";
    {
        std::ofstream out(foreign, std::ios::binary);
        out << "this is not a database at all, just text that is long enough to look like a file";
    }
    const QString error = m_window->openSession(foreign);
    EXPECT_FALSE(error.isEmpty());
    EXPECT_EQ(model()->storeFile(), session); // still showing the good session
    m_window->showLiveCapture();
    EXPECT_TRUE(m_window->viewingLiveCapture());
    ASSERT_TRUE(waitFor([&] { return !model()->busy() && model()->rowCount() == 2; }));
}

TEST_F(MainWindowTest, HarExportThenImportDoublesTheFlows) {
    start();
    fetch("/hello", 1);
    fetch("/gzip", 2);
    const auto har = m_scratch.path() / "flows.har";
    bool exported = false;
    m_window->exportHar(har, MainWindow::ExportScope::All, [&](bool ok, const QString& message) {
        EXPECT_TRUE(ok) << message.toStdString();
        exported = true;
    });
    ASSERT_TRUE(waitFor([&] { return exported; }));
    EXPECT_GT(std::filesystem::file_size(har), 100u);
    bool imported = false;
    m_window->importHar(har, [&](bool ok, const QString& message) {
        EXPECT_TRUE(ok) << message.toStdString();
        EXPECT_TRUE(message.contains(QStringLiteral("Imported 2"))) << message.toStdString();
        imported = true;
    });
    ASSERT_TRUE(waitFor([&] { return imported && model()->rowCount() == 4; }));

    const auto broken = m_scratch.path() / "broken.har";
    {
        std::ofstream out(broken);
        out << "{\"log\": {\"entries\": [ {\"nope\"";
    }
    bool failed = false;
    m_window->importHar(broken, [&](bool ok, const QString& message) {
        EXPECT_FALSE(ok);
        EXPECT_FALSE(message.isEmpty());
        failed = true;
    });
    ASSERT_TRUE(waitFor([&] { return failed; }));
    EXPECT_EQ(model()->rowCount(), 4);
}

} // namespace
} // namespace flowscope::ui::test
