// The Messages tab in the real app: MainWindow over a real CaptureHost, a real wss://
// exchange through the proxy to the test origin's /ws echo, the WebSocket flow selected
// while the connection is open; its messages appear live and the close status follows.
#include "app/main_window.hpp"
#include "app_test_support.hpp"
#include "capture/capture_host.hpp"
#include "detail/flow_detail_view.hpp"
#include "flowlist/flow_list_model.hpp"
#include "flowlist/flow_table_view.hpp"
#include "messages/message_list_model.hpp"
#include "messages/websocket_messages_pane.hpp"
#include "support/temp_dir.hpp"
#include "support/test_origin.hpp"
#include "support/test_pki.hpp"
#include "support/websocket_client.hpp"

#include <QSignalSpy>
#include <QTabWidget>
#include <gtest/gtest.h>

namespace flowscope::ui::test {
namespace {

using flowscope::test::TempDir;
using flowscope::test::TestOrigin;
using flowscope::test::WebSocketClient;
using flowscope::test::WebSocketTarget;
using flowscope::test::WsMessage;

class MessagesEndToEndTest : public ::testing::Test {
protected:
    MessagesEndToEndTest()
        : m_pki(flowscope::test::createTestPki(m_pkiDir.path())), m_origin(m_pki.valid),
          m_capture(DataPaths{m_dataDir.path()}) {
        m_capture.open();
        m_window = std::make_unique<MainWindow>(m_capture);
        m_window->show();
        engine::ProxyOptions options = m_capture.options();
        options.listenHost = "127.0.0.1";
        options.listenPort = 0;
        options.threads = 2;
        options.upstreamCaFiles = {m_pki.caCert};
        QSignalSpy listening(m_window.get(), &MainWindow::listening);
        m_window->startCapture(options);
        EXPECT_EQ(listening.count(), 1) << m_window->portProblemText().toStdString();
    }
    ~MessagesEndToEndTest() override {
        m_window.reset();
        m_capture.stop();
    }

    WebSocketTarget target() const {
        WebSocketTarget t;
        t.proxyPort = m_capture.address()->port;
        t.tls = true;
        t.host = "localhost"; // the test certificate names localhost
        t.port = m_origin.port();
        t.caFile = m_capture.caCertificateFile();
        return t;
    }
    // The listed messages' (direction arrow, type, preview) as one line each.
    QStringList listed() const {
        const MessageListModel* model = m_window->messagesPane()->model();
        QStringList rows;
        for (int row = 0; row < model->rowCount(); ++row)
            rows << QStringList{model->index(row, MessageListModel::DirectionColumn).data().toString(),
                                model->index(row, MessageListModel::TypeColumn).data().toString(),
                                model->index(row, MessageListModel::PreviewColumn).data().toString()}
                        .join(QLatin1Char(' '));
        return rows;
    }

    TempDir m_pkiDir;
    TempDir m_dataDir;
    flowscope::test::TestPki m_pki;
    TestOrigin m_origin;
    CaptureHost m_capture;
    std::unique_ptr<MainWindow> m_window;
};

TEST_F(MessagesEndToEndTest, AWebSocketFlowListsItsMessagesLive) {
    ASSERT_TRUE(m_capture.address().has_value());
    WebSocketClient client(target());
    client.send(WsMessage{true, "hello through the proxy"});
    ASSERT_EQ(client.read().value().payload, "hello through the proxy");

    // The open connection's flow is in the list: select it.
    FlowListModel* flows = m_window->flowModel();
    ASSERT_TRUE(waitFor([&] {
        for (int row = 0; row < flows->rowCount(); ++row) {
            if (flows->flowRow(row).kind == store::FlowKind::WebSocket)
                return true;
        }
        return false;
    }));
    qint64 id = 0;
    for (int row = 0; row < flows->rowCount(); ++row) {
        if (flows->flowRow(row).kind == store::FlowKind::WebSocket)
            id = flows->flowIdAt(row);
    }
    m_window->flowList()->selectFlow(id);
    FlowDetailView* detail = m_window->detailView();
    ASSERT_TRUE(waitFor([&] { return detail->currentFlowId() == id; }));
    WebSocketMessagesPane* pane = m_window->messagesPane();
    EXPECT_TRUE(detail->isTabShown(pane));
    EXPECT_EQ(pane->flowId(), id);
    detail->responseTabs()->setCurrentWidget(pane);

    // More messages while it is open arrive through the commit notifications.
    client.send(WsMessage{false, std::string("\x01\x02\x03", 3)});
    ASSERT_FALSE(client.read().value().text);
    ASSERT_TRUE(waitFor([&] { return pane->model()->rowCount() >= 4; }))
        << listed().join(QLatin1Char('\n')).toStdString();

    client.close(1000, "done");
    ASSERT_TRUE(waitFor([&] { return pane->headerText().startsWith(QStringLiteral("Closed by the client")); }))
        << pane->headerText().toStdString();
    ASSERT_TRUE(waitFor([&] { return pane->model()->rowCount() >= 6; }))
        << listed().join(QLatin1Char('\n')).toStdString();
    const QStringList rows = listed();
    EXPECT_EQ(rows.mid(0, 6),
              (QStringList{QStringLiteral("\u2191 text hello through the proxy"),
                           QStringLiteral("\u2193 text hello through the proxy"),
                           QStringLiteral("\u2191 binary 01 02 03"), QStringLiteral("\u2193 binary 01 02 03"),
                           QStringLiteral("\u2191 close 1000 (normal closure) done"),
                           QStringLiteral("\u2193 close 1000 (normal closure)")})) // Beast answers without a reason
        << rows.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(pane->headerText().contains(QStringLiteral("1000 (normal closure) \u201c"
                                                           "done\u201d")))
        << pane->headerText().toStdString();
    EXPECT_TRUE(pane->headerText().contains(QStringLiteral("3 sent \u00b7 3 received")))
        << pane->headerText().toStdString();
}

TEST_F(MessagesEndToEndTest, TheMessagesTabIsHiddenForHttpFlows) {
    WebSocketMessagesPane* pane = m_window->messagesPane();
    FlowDetailView* detail = m_window->detailView();
    store::Flow http;
    http.id = 42;
    http.url = "https://example.test/";
    detail->showFlow(http);
    EXPECT_FALSE(detail->isTabShown(pane));
    EXPECT_EQ(pane->flowId(), 0);
    store::Flow ws = http;
    ws.kind = store::FlowKind::WebSocket;
    detail->showFlow(ws);
    EXPECT_TRUE(detail->isTabShown(pane));
    EXPECT_EQ(pane->flowId(), 42);
}

} // namespace
} // namespace flowscope::ui::test
