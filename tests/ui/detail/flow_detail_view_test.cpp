#include "detail/body_pane.hpp"
#include "detail/error_pane.hpp"
#include "detail/flow_detail_view.hpp"
#include "detail/headers_pane.hpp"
#include "detail/key_value_table.hpp"
#include "detail/raw_pane.hpp"
#include "detail/text_table_model.hpp"
#include "detail/timing_waterfall.hpp"
#include "detail/tls_pane.hpp"
#include "sample_flows.hpp"
#include "viewers/body_viewer.hpp"

#include <QLabel>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

using Side = FlowDetailView::Side;

// Titles of the tabs currently shown on one side, in order.
QStringList shownTabs(const QTabWidget* tabs) {
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->isTabVisible(i))
            titles << tabs->tabText(i);
    }
    return titles;
}

class FlowDetailViewTest : public ::testing::Test {
protected:
    FlowDetailViewTest() {
        view.resize(1200, 700);
        view.show();
    }
    FlowDetailView view;
};

TEST_F(FlowDetailViewTest, StartsEmpty) {
    EXPECT_FALSE(view.hasFlow());
    EXPECT_EQ(view.currentFlowId(), 0);
    EXPECT_FALSE(view.requestTabs()->isVisible()); // the placeholder shows instead
}

TEST_F(FlowDetailViewTest, ShowsAnHttpsFlowInEveryTab) {
    QSignalSpy shown(&view, &FlowDetailView::flowShown);
    const store::Flow flow = test::httpsFlow();
    view.showFlow(flow);
    ASSERT_EQ(shown.count(), 1);
    EXPECT_EQ(shown[0][0].toLongLong(), 42);
    EXPECT_EQ(view.currentFlowId(), 42);
    EXPECT_TRUE(view.requestTabs()->isVisible());

    EXPECT_EQ(shownTabs(view.requestTabs()),
              (QStringList{QStringLiteral("Headers"), QStringLiteral("Query"), QStringLiteral("Cookies"),
                           QStringLiteral("Body"), QStringLiteral("Raw")}));
    EXPECT_EQ(shownTabs(view.responseTabs()),
              (QStringList{QStringLiteral("Headers"), QStringLiteral("Cookies"), QStringLiteral("Body"),
                           QStringLiteral("Raw"), QStringLiteral("Timing"), QStringLiteral("TLS")}));

    HeadersPane* request = view.headersPane(Side::Request);
    EXPECT_EQ(request->startLineText(), QStringLiteral("POST /v1/users?page=2&q=ada+lovelace&tag=%C3%A9 HTTP/1.1"));
    EXPECT_EQ(request->table()->tableModel()->rowCount(), 6);
    EXPECT_EQ(view.headersPane(Side::Response)->startLineText(), QStringLiteral("HTTP/1.1 201 Created"));
    EXPECT_EQ(view.queryTable()->tableModel()->rowCount(), 3);
    EXPECT_EQ(view.cookiesTable(Side::Request)->tableModel()->rowCount(), 2);
    EXPECT_EQ(view.cookiesTable(Side::Response)->tableModel()->rowCount(), 2);

    // The response body is shown decoded, as a JSON tree; the request body as sent.
    BodyViewer* responseBody = view.bodyPane(Side::Response)->viewer();
    EXPECT_EQ(responseBody->body(), QByteArray(R"({"id":7,"name":"Ada"})"));
    EXPECT_EQ(responseBody->currentMode(), BodyViewer::Mode::Tree);
    EXPECT_EQ(view.bodyPane(Side::Request)->viewer()->body(), QByteArray("{\"name\":\"Ada\"}\n"));

    EXPECT_TRUE(view.rawPane(Side::Request)->text().startsWith(QStringLiteral("POST /v1/users")));
    EXPECT_EQ(view.rawPane(Side::Response)->bytes().left(22), QByteArray("HTTP/1.1 201 Created\r\n"));
    EXPECT_EQ(view.timingView()->totalUs(), 87'500);
    EXPECT_EQ(view.tlsPane()->value(QStringLiteral("Server name (SNI)")), QStringLiteral("api.example.test"));
    EXPECT_EQ(view.tlsPane()->value(QStringLiteral("Upstream TLS version")), QStringLiteral("TLSv1.2"));
    EXPECT_EQ(view.tlsPane()->value(QStringLiteral("Certificate issuer")),
              QStringLiteral("CN=Example Issuing CA,O=Example"));
    EXPECT_FALSE(view.isErrorBannerShown());

    // The record is kept for other tabs, without a second copy of the bodies.
    ASSERT_NE(view.currentFlow(), nullptr);
    EXPECT_TRUE(view.currentFlow()->responseBody.data.empty());
    EXPECT_EQ(view.currentFlow()->responseBody.size, flow.responseBody.size);
}

TEST_F(FlowDetailViewTest, PlainFlowHidesWhatDoesNotApply) {
    view.showFlow(test::plainFlow());
    EXPECT_EQ(shownTabs(view.requestTabs()),
              (QStringList{QStringLiteral("Headers"), QStringLiteral("Body"), QStringLiteral("Raw")}));
    EXPECT_EQ(shownTabs(view.responseTabs()), (QStringList{QStringLiteral("Headers"), QStringLiteral("Body"),
                                                           QStringLiteral("Raw"), QStringLiteral("Timing")}));
    EXPECT_TRUE(view.tlsPane()->showsNotTls());
    EXPECT_FALSE(view.bodyPane(Side::Response)->viewer()->hasBody()); // "No body"
    EXPECT_EQ(view.timingView()->phases()[0].durationUs, -1);         // pooled: no DNS
}

TEST_F(FlowDetailViewTest, ErrorShowsABannerAndTheErrorTab) {
    view.showFlow(test::failedFlow());
    ASSERT_TRUE(view.isErrorBannerShown());
    EXPECT_EQ(view.errorBannerText(),
              QStringLiteral("Connection refused (connect_refused): 127.0.0.1:9: connection refused"));
    EXPECT_TRUE(shownTabs(view.responseTabs()).contains(QStringLiteral("Error")));
    EXPECT_EQ(view.errorPane()->titleText(), QStringLiteral("Connection refused"));
    EXPECT_EQ(view.errorPane()->messageText(), QStringLiteral("127.0.0.1:9: connection refused"));
    EXPECT_EQ(view.headersPane(Side::Response)->startLineText(), QStringLiteral("No response: Connection refused"));

    // "Details" in the banner opens the Error tab.
    const auto buttons = view.findChildren<QToolButton*>();
    const auto details = std::find_if(buttons.begin(), buttons.end(),
                                      [](QToolButton* button) { return button->text() == QStringLiteral("Details"); });
    ASSERT_NE(details, buttons.end());
    QTest::mouseClick(*details, Qt::LeftButton);
    EXPECT_EQ(view.responseTabs()->currentWidget(), view.errorPane());

    // The next flow without an error hides both again.
    view.showFlow(test::plainFlow());
    EXPECT_FALSE(view.isErrorBannerShown());
    EXPECT_FALSE(view.isTabShown(view.errorPane()));
    EXPECT_NE(view.responseTabs()->currentWidget(), view.errorPane());
}

TEST_F(FlowDetailViewTest, UnknownErrorKindsShowAsStored) {
    store::Flow flow = test::failedFlow();
    flow.errorKind = "quantum_flux";
    flow.errorMessage.clear();
    view.showFlow(flow);
    EXPECT_EQ(view.errorBannerText(), QStringLiteral("quantum_flux"));
}

TEST_F(FlowDetailViewTest, TunnelFlowSaysWhatWasRelayed) {
    view.showFlow(test::tunnelFlow());
    EXPECT_EQ(view.headersPane(Side::Request)->startLineText(),
              QStringLiteral("CONNECT pinned.example.test:443 HTTP/1.1"));
    EXPECT_TRUE(view.headersPane(Side::Response)->startLineText().startsWith(QStringLiteral("Tunnel, not decrypted")));
    EXPECT_FALSE(view.isTabShown(view.tlsPane()));
}

TEST_F(FlowDetailViewTest, TheTabTheUserPickedStaysWhileItApplies) {
    view.showFlow(test::httpsFlow());
    view.requestTabs()->setCurrentWidget(view.queryTable()); // as a click would
    view.responseTabs()->setCurrentWidget(view.tlsPane());
    view.showFlow(test::plainFlow()); // no query, no TLS: back to Headers
    EXPECT_EQ(view.requestTabs()->currentWidget(), view.headersPane(Side::Request));
    EXPECT_EQ(view.responseTabs()->currentWidget(), view.headersPane(Side::Response));
    view.showFlow(test::httpsFlow()); // they apply again: the user's choice returns
    EXPECT_EQ(view.requestTabs()->currentWidget(), view.queryTable());
    EXPECT_EQ(view.responseTabs()->currentWidget(), view.tlsPane());
}

TEST_F(FlowDetailViewTest, OrientationToggles) {
    QSignalSpy changed(&view, &FlowDetailView::orientationChanged);
    EXPECT_EQ(view.orientation(), Qt::Horizontal);
    QTest::mouseClick(view.orientationButton(), Qt::LeftButton);
    EXPECT_EQ(view.orientation(), Qt::Vertical);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed[0][0].value<Qt::Orientation>(), Qt::Vertical);
    view.setOrientation(Qt::Horizontal);
    EXPECT_FALSE(view.orientationButton()->isChecked());
    view.setOrientation(Qt::Horizontal); // no change, no signal
    EXPECT_EQ(changed.count(), 2);
    const auto* splitter = view.findChild<QSplitter*>();
    ASSERT_NE(splitter, nullptr);
    EXPECT_EQ(splitter->orientation(), Qt::Horizontal);
}

TEST_F(FlowDetailViewTest, ExtraTabsFollowTheirRule) {
    auto* messages = new QLabel(QStringLiteral("messages"));
    qint64 seen = -1;
    QObject::connect(&view, &FlowDetailView::flowShown, messages, [&](qint64 id) { seen = id; });
    const int index = view.addFlowTab(Side::Response, messages, QStringLiteral("Messages"),
                                      [](const store::Flow& flow) { return flow.kind == store::FlowKind::WebSocket; });
    EXPECT_EQ(view.responseTabs()->widget(index), messages);
    EXPECT_FALSE(view.isTabShown(messages)); // no flow yet

    store::Flow socket = test::plainFlow();
    socket.kind = store::FlowKind::WebSocket;
    socket.id = 99;
    socket.status = 101;
    view.showFlow(socket);
    EXPECT_TRUE(view.isTabShown(messages));
    EXPECT_EQ(seen, 99);
    EXPECT_EQ(view.currentFlow()->kind, store::FlowKind::WebSocket);
    view.showFlow(test::plainFlow());
    EXPECT_FALSE(view.isTabShown(messages));
}

TEST_F(FlowDetailViewTest, ClearEmptiesEverything) {
    view.showFlow(test::failedFlow());
    QSignalSpy shown(&view, &FlowDetailView::flowShown);
    view.clear();
    EXPECT_FALSE(view.hasFlow());
    EXPECT_EQ(shown.count(), 1);
    EXPECT_EQ(shown[0][0].toLongLong(), 0);
    EXPECT_FALSE(view.isErrorBannerShown());
    EXPECT_EQ(view.headersPane(Side::Request)->table()->tableModel()->rowCount(), 0);
    EXPECT_TRUE(view.rawPane(Side::Request)->bytes().isEmpty());
}

TEST_F(FlowDetailViewTest, ManyFlowsInARowStayCheap) {
    // Switching flows must not pile up state (the list drives this on every selection).
    for (int i = 0; i < 200; ++i)
        view.showFlow(i % 2 == 0 ? test::httpsFlow() : test::failedFlow());
    EXPECT_EQ(view.currentFlowId(), 8);
    EXPECT_EQ(view.responseTabs()->count(), 7);
}

} // namespace
} // namespace flowscope::ui
