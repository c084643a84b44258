// WebSocketMessagesPane over a real store: the selected message's payload in the body
// viewer, a Close frame's code and reason, the connection header, the filter widgets, and
// live appends that follow the tail.
#include "message_test_support.hpp"
#include "messages/message_detail_view.hpp"
#include "messages/message_filter_model.hpp"
#include "messages/message_list_model.hpp"
#include "messages/websocket_messages_pane.hpp"
#include "test_support.hpp"
#include "viewers/body_viewer.hpp"

#include <QComboBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <gtest/gtest.h>

namespace flowscope::ui::test {
namespace {

using store::MessageDirection;

class WebSocketMessagesPaneTest : public ::testing::Test {
protected:
    WebSocketMessagesPaneTest() {
        m_pane.resize(800, 600);
        m_pane.show();
    }
    ~WebSocketMessagesPaneTest() override {
        EXPECT_TRUE(ModelChecker::problems().isEmpty())
            << ModelChecker::problems().join(QLatin1Char('\n')).toStdString();
    }

    void select(int row) {
        m_pane.table()->selectionModel()->setCurrentIndex(
            m_pane.filterModel()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    // A finished connection: JSON, binary, a truncated text, and the server's Close.
    store::Flow closedConversation() {
        store::Flow flow = makeWebSocketFlow(m_store.writer().allocateId(), true);
        flow.webSocket.messagesFromClient = 2;
        flow.webSocket.messagesFromServer = 2;
        flow.webSocket.closeCode = 4001;
        flow.webSocket.closeReason = "session expired";
        flow.webSocket.closedBy = store::CloseInitiator::Server;
        auto truncated = textMessage(2, std::string(64, 't'));
        truncated.length = 4096;
        truncated.truncated = true;
        auto close = makeMessage(3, MessageDirection::ServerToClient, store::kOpcodeClose,
                                 "\x0f\xa1"
                                 "session expired");
        close.closeCode = 4001;
        close.closeReason = "session expired";
        return m_store.publish(flow, {textMessage(0, R"({"op":"subscribe","topics":["a","b"]})"),
                                      makeMessage(1, MessageDirection::ServerToClient, store::kOpcodeBinary,
                                                  std::string("\x00\x9f\x10", 3)),
                                      truncated, close});
    }

    MessageStore m_store;
    WebSocketMessagesPane m_pane;
    ModelChecker m_checker{m_pane.model()};
};

TEST_F(WebSocketMessagesPaneTest, SelectingAMessageShowsItsPayload) {
    m_pane.showFlow(m_store.path(), closedConversation());
    ASSERT_EQ(m_pane.filterModel()->rowCount(), 4);
    EXPECT_FALSE(m_pane.messageView()->viewer()->hasBody());

    select(0);
    BodyViewer* viewer = m_pane.messageView()->viewer();
    EXPECT_EQ(viewer->kind(), BodyKind::Json);
    EXPECT_EQ(viewer->currentMode(), BodyViewer::Mode::Tree);
    EXPECT_TRUE(m_pane.messageView()->infoText().startsWith(QStringLiteral("#0 sent (client \u2192 server) text")))
        << m_pane.messageView()->infoText().toStdString();
    EXPECT_TRUE(m_pane.messageView()->closeText().isEmpty());

    select(1);
    EXPECT_EQ(viewer->kind(), BodyKind::Binary);
    EXPECT_EQ(viewer->currentMode(), BodyViewer::Mode::Hex);
    EXPECT_EQ(viewer->body(), QByteArray("\x00\x9f\x10", 3));

    select(2);
    EXPECT_EQ(viewer->kind(), BodyKind::Text);
    EXPECT_FALSE(viewer->truncationText().isEmpty());
    EXPECT_TRUE(m_pane.messageView()->infoText().contains(QStringLiteral("truncated: 64 bytes of 4.0 KB captured")))
        << m_pane.messageView()->infoText().toStdString();
}

TEST_F(WebSocketMessagesPaneTest, ACloseFrameShowsItsCodeAndReason) {
    m_pane.showFlow(m_store.path(), closedConversation());
    select(3);
    EXPECT_EQ(m_pane.messageView()->closeText(), QStringLiteral("Close 4001: \u201csession expired\u201d"));
    EXPECT_EQ(m_pane.messageView()->viewer()->body().mid(2), QByteArray("session expired"));
}

TEST_F(WebSocketMessagesPaneTest, TheHeaderSaysWhoClosedTheConnection) {
    m_pane.showFlow(m_store.path(), closedConversation());
    EXPECT_EQ(m_pane.headerText(),
              QStringLiteral("Closed by the server: 4001 \u201csession expired\u201d \u00b7 2 sent \u00b7 2 received"));
    m_pane.clear();
    EXPECT_TRUE(m_pane.headerText().isEmpty());
    EXPECT_EQ(m_pane.model()->rowCount(), 0);
}

TEST_F(WebSocketMessagesPaneTest, TheFilterWidgetsNarrowTheList) {
    m_pane.showFlow(m_store.path(), closedConversation());
    m_pane.textFilter()->setText(QStringLiteral("SUBSCRIBE"));
    EXPECT_EQ(m_pane.filterModel()->rowCount(), 1);
    m_pane.textFilter()->clear();
    m_pane.directionFilter()->setCurrentIndex(2); // received
    EXPECT_EQ(m_pane.filterModel()->rowCount(), 2);
    m_pane.typeFilter()->setCurrentIndex(3); // control
    EXPECT_EQ(m_pane.filterModel()->rowCount(), 1);
    select(0);
    EXPECT_FALSE(m_pane.messageView()->closeText().isEmpty());
    m_pane.typeFilter()->setCurrentIndex(1); // text: the selected Close is filtered out
    EXPECT_EQ(m_pane.filterModel()->rowCount(), 0);
    EXPECT_FALSE(m_pane.messageView()->viewer()->hasBody());
}

TEST_F(WebSocketMessagesPaneTest, LiveMessagesAreAppendedAndTheTailIsFollowed) {
    store::Flow flow = makeWebSocketFlow(m_store.writer().allocateId(), false);
    std::vector<store::WebSocketMessage> first;
    for (int seq = 0; seq < 60; ++seq)
        first.push_back(textMessage(seq, "tick " + std::to_string(seq)));
    flow = m_store.publish(flow, first);
    m_pane.showFlow(m_store.path(), flow);
    ASSERT_EQ(m_pane.model()->rowCount(), 60);
    EXPECT_EQ(m_pane.headerText(), QStringLiteral("Open \u00b7 30 sent \u00b7 30 received"));
    m_pane.table()->scrollToBottom();
    QScrollBar* bar = m_pane.table()->verticalScrollBar();
    ASSERT_GT(bar->maximum(), 0) << "the list should scroll with 60 rows in 600 px";

    m_store.offer(flow.id, {textMessage(60, "tick 60"), textMessage(61, "tick 61")});
    m_pane.refresh();
    EXPECT_EQ(m_pane.model()->rowCount(), 62);
    EXPECT_EQ(bar->value(), bar->maximum()); // followed the tail
    EXPECT_EQ(m_pane.headerText(), QStringLiteral("Open \u00b7 31 sent \u00b7 31 received"));

    // Scrolled up: new rows arrive without moving the view.
    m_pane.table()->scrollToTop();
    m_store.offer(flow.id, {textMessage(62, "tick 62")});
    m_pane.refresh();
    EXPECT_EQ(m_pane.model()->rowCount(), 63);
    EXPECT_EQ(bar->value(), 0);

    // The connection ends: the final flow carries the last messages and the close status.
    store::Flow ended = makeWebSocketFlow(flow.id, true);
    ended.webSocket.messagesFromClient = 33;
    ended.webSocket.messagesFromServer = 31;
    ended.webSocket.closedBy = store::CloseInitiator::Client;
    ended.webSocket.closeCode = 1000;
    auto close = makeMessage(63, MessageDirection::ClientToServer, store::kOpcodeClose, "\x03\xe8");
    close.closeCode = 1000;
    m_store.publish(ended, {close});
    m_pane.refresh();
    EXPECT_EQ(m_pane.model()->rowCount(), 64);
    EXPECT_EQ(m_pane.headerText(),
              QStringLiteral("Closed by the client: 1000 (normal closure) \u00b7 33 sent \u00b7 31 received"));

    // Once ended, refresh reads nothing more.
    m_store.offer(flow.id, {textMessage(64, "late")});
    m_pane.refresh();
    EXPECT_EQ(m_pane.model()->rowCount(), 64);
}

TEST_F(WebSocketMessagesPaneTest, ShowingTheSameFlowAgainKeepsTheSelection) {
    const store::Flow flow = m_store.publish(makeWebSocketFlow(m_store.writer().allocateId(), false),
                                             {textMessage(0, "a"), textMessage(1, "b")});
    m_pane.showFlow(m_store.path(), flow);
    select(1);
    m_store.offer(flow.id, {textMessage(2, "c")});
    m_pane.showFlow(m_store.path(), flow);
    EXPECT_EQ(m_pane.model()->rowCount(), 3);
    EXPECT_EQ(m_pane.table()->currentIndex().row(), 1);
    EXPECT_EQ(m_pane.messageView()->viewer()->body(), QByteArray("b"));
}

} // namespace
} // namespace flowscope::ui::test
