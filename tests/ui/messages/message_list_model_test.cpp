// MessageListModel and MessageFilterModel over a real store: paging with fetchMore,
// previews that stay short, the full payload of one message, live appends through
// refresh(), and the filter. Every model runs under QAbstractItemModelTester.
#include "message_test_support.hpp"
#include "messages/message_filter_model.hpp"
#include "messages/message_list_model.hpp"
#include "messages/message_text.hpp"
#include "test_support.hpp"

#include <QSignalSpy>
#include <gtest/gtest.h>

namespace flowscope::ui::test {
namespace {

using store::MessageDirection;

std::vector<store::WebSocketMessage> conversation(std::int64_t first, std::int64_t count) {
    std::vector<store::WebSocketMessage> messages;
    for (std::int64_t seq = first; seq < first + count; ++seq)
        messages.push_back(textMessage(seq, "message " + std::to_string(seq)));
    return messages;
}

class MessageListModelTest : public ::testing::Test {
protected:
    ~MessageListModelTest() override { EXPECT_TRUE(ModelChecker::problems().isEmpty()) << problems(); }

    std::string problems() const { return ModelChecker::problems().join(QLatin1Char('\n')).toStdString(); }
    qint64 seqAt(int row) const { return m_model.index(row, 0).data(MessageListModel::SeqRole).toLongLong(); }
    QString cell(int row, int column) const { return m_model.index(row, column).data().toString(); }

    MessageStore m_store;
    MessageListModel m_model;
    ModelChecker m_checker{&m_model};
};

TEST_F(MessageListModelTest, PagesThroughTheMessagesOnDemand) {
    const auto flow = m_store.publish(makeWebSocketFlow(m_store.writer().allocateId(), true), conversation(0, 1200));
    m_model.setPageSize(500);
    m_model.setFlow(m_store.path(), flow.id, flow.startedAtUs);
    EXPECT_EQ(m_model.rowCount(), 500);
    ASSERT_TRUE(m_model.canFetchMore({}));
    m_model.fetchMore({});
    EXPECT_EQ(m_model.rowCount(), 1000);
    m_model.fetchMore({});
    EXPECT_EQ(m_model.rowCount(), 1200);
    EXPECT_FALSE(m_model.canFetchMore({}));
    for (int row : {0, 499, 500, 1199})
        EXPECT_EQ(seqAt(row), row);
    EXPECT_EQ(m_model.sentCount(), 600u);
    EXPECT_EQ(m_model.receivedCount(), 600u);
}

TEST_F(MessageListModelTest, CellsShowDirectionTimeTypeSizeAndPreview) {
    auto binary = makeMessage(1, MessageDirection::ServerToClient, store::kOpcodeBinary, "\x01\x02\x03");
    binary.error = "cut off";
    const auto flow = m_store.publish(makeWebSocketFlow(m_store.writer().allocateId(), true),
                                      {textMessage(0, "{\"op\":\"hi\"}\n"), binary});
    m_model.setFlow(m_store.path(), flow.id, flow.startedAtUs);
    ASSERT_EQ(m_model.rowCount(), 2);
    EXPECT_EQ(m_model.columnCount(), MessageListModel::ColumnCount);
    EXPECT_EQ(cell(0, MessageListModel::DirectionColumn), QStringLiteral("\u2191"));
    EXPECT_EQ(cell(1, MessageListModel::DirectionColumn), QStringLiteral("\u2193"));
    EXPECT_TRUE(cell(0, MessageListModel::TimeColumn).endsWith(QStringLiteral(".001")));
    EXPECT_EQ(cell(0, MessageListModel::TypeColumn), QStringLiteral("text"));
    EXPECT_EQ(cell(1, MessageListModel::TypeColumn), QStringLiteral("binary"));
    EXPECT_EQ(cell(0, MessageListModel::SizeColumn), QStringLiteral("12 bytes"));
    EXPECT_EQ(cell(0, MessageListModel::PreviewColumn), QStringLiteral("{\"op\":\"hi\"}\\n"));
    EXPECT_EQ(cell(1, MessageListModel::PreviewColumn), QStringLiteral("\u26a0 01 02 03"));
    const QString tip = m_model.index(0, 0).data(Qt::ToolTipRole).toString();
    EXPECT_TRUE(tip.contains(QStringLiteral("sent (client \u2192 server)"))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(QStringLiteral("+0.001 s"))) << tip.toStdString();
    EXPECT_EQ(m_model.headerData(MessageListModel::PreviewColumn, Qt::Horizontal).toString(), QStringLiteral("Data"));
}

TEST_F(MessageListModelTest, RowsHoldAPreviewAndTheFullPayloadIsReadOnSelection) {
    const std::string big(100'000, 'z');
    const auto flow = m_store.publish(makeWebSocketFlow(m_store.writer().allocateId(), true),
                                      {textMessage(0, "small"), textMessage(1, big)});
    m_model.setFlow(m_store.path(), flow.id, flow.startedAtUs);
    ASSERT_EQ(m_model.rowCount(), 2);
    const QString preview = m_model.index(1, 0).data(MessageListModel::PreviewRole).toString();
    EXPECT_EQ(preview.size(), kPreviewChars + 1);
    EXPECT_TRUE(preview.endsWith(QChar(0x2026)));
    const auto full = m_model.fullMessage(1);
    ASSERT_TRUE(full.has_value());
    EXPECT_EQ(full->seq, 1);
    EXPECT_TRUE(full->payload == big);
    EXPECT_EQ(m_model.fullMessage(0)->payload, "small");
    EXPECT_FALSE(m_model.fullMessage(2).has_value());
}

TEST_F(MessageListModelTest, RefreshAppendsWhatTheEngineCommittedSince) {
    const auto flow = m_store.publish(makeWebSocketFlow(m_store.writer().allocateId(), false), conversation(0, 2));
    m_model.setPageSize(4);
    m_model.setFlow(m_store.path(), flow.id, flow.startedAtUs);
    ASSERT_EQ(m_model.rowCount(), 2);
    EXPECT_EQ(m_model.refresh(), 0); // nothing new

    QSignalSpy inserted(&m_model, &QAbstractItemModel::rowsInserted);
    m_store.offer(flow.id, conversation(2, 3));
    EXPECT_EQ(m_model.refresh(), 3);
    ASSERT_EQ(inserted.count(), 1);
    EXPECT_EQ(inserted.front().at(1).toInt(), 2); // appended at the end
    EXPECT_EQ(inserted.front().at(2).toInt(), 4);
    EXPECT_EQ(seqAt(4), 4);

    // A backlog larger than a page: refresh reads one page, fetchMore the rest.
    m_store.offer(flow.id, conversation(5, 6));
    EXPECT_EQ(m_model.refresh(), 4);
    EXPECT_TRUE(m_model.canFetchMore({}));
    EXPECT_EQ(m_model.refresh(), 0); // earlier messages first: the view's fetchMore reads them
    m_model.fetchMore({});
    EXPECT_EQ(m_model.rowCount(), 11);
    EXPECT_FALSE(m_model.canFetchMore({}));
    for (int row = 0; row < 11; ++row)
        EXPECT_EQ(seqAt(row), row);
}

TEST_F(MessageListModelTest, AnotherFlowOrClearResetsTheList) {
    const auto first = m_store.publish(makeWebSocketFlow(m_store.writer().allocateId(), true), conversation(0, 3));
    const auto second = m_store.publish(makeWebSocketFlow(m_store.writer().allocateId(), true), conversation(0, 1));
    m_model.setFlow(m_store.path(), first.id, first.startedAtUs);
    EXPECT_EQ(m_model.rowCount(), 3);
    m_model.setFlow(m_store.path(), second.id, second.startedAtUs);
    EXPECT_EQ(m_model.rowCount(), 1);
    EXPECT_EQ(m_model.flowId(), second.id);
    m_model.clear();
    EXPECT_EQ(m_model.rowCount(), 0);
    EXPECT_EQ(m_model.refresh(), 0);
    EXPECT_FALSE(m_model.fullMessage(0).has_value());
}

TEST_F(MessageListModelTest, AnUnreadableStoreLeavesTheListEmptyAndSaysWhy) {
    QSignalSpy failed(&m_model, &MessageListModel::loadFailed);
    m_model.setFlow(m_store.path().parent_path() / "missing" / "flows.sqlite", 1, 0);
    EXPECT_EQ(m_model.rowCount(), 0);
    EXPECT_EQ(failed.count(), 1);
    EXPECT_FALSE(m_model.errorText().isEmpty());
}

class MessageFilterModelTest : public MessageListModelTest {
protected:
    MessageFilterModelTest() {
        m_filter.setSourceModel(&m_model);
        auto ping = makeMessage(4, MessageDirection::ClientToServer, store::kOpcodePing, "are you there");
        auto close = makeMessage(5, MessageDirection::ServerToClient, store::kOpcodeClose, "\x03\xe8");
        close.closeCode = 1000;
        const auto flow =
            m_store.publish(makeWebSocketFlow(m_store.writer().allocateId(), true),
                            {textMessage(0, "subscribe NEEDLE"), textMessage(1, "ack needle"),
                             makeMessage(2, MessageDirection::ClientToServer, store::kOpcodeBinary, "\x01"),
                             textMessage(3, "haystack"), ping, close});
        m_model.setFlow(m_store.path(), flow.id, flow.startedAtUs);
    }
    std::vector<qint64> shownSeqs() const {
        std::vector<qint64> seqs;
        for (int row = 0; row < m_filter.rowCount(); ++row)
            seqs.push_back(m_filter.index(row, 0).data(MessageListModel::SeqRole).toLongLong());
        return seqs;
    }

    MessageFilterModel m_filter;
    ModelChecker m_filterChecker{&m_filter};
};

TEST_F(MessageFilterModelTest, TextDirectionAndTypeNarrowTheList) {
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{0, 1, 2, 3, 4, 5}));
    EXPECT_FALSE(m_filter.isActive());
    m_filter.setText(QStringLiteral("needle")); // case-insensitive
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{0, 1}));
    m_filter.setDirection(MessageFilterModel::Direction::Received);
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{1}));
    m_filter.setText(QString());
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{1, 3, 5}));
    m_filter.setDirection(MessageFilterModel::Direction::Sent);
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{0, 2, 4}));
    m_filter.setDirection(MessageFilterModel::Direction::All);
    m_filter.setType(MessageFilterModel::Type::Control);
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{4, 5}));
    m_filter.setType(MessageFilterModel::Type::Binary);
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{2}));
    m_filter.setType(MessageFilterModel::Type::Text);
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{0, 1, 3}));
    EXPECT_TRUE(m_filter.isActive());
}

TEST_F(MessageFilterModelTest, AppendedRowsAreFiltered) {
    m_filter.setText(QStringLiteral("needle"));
    const qint64 id = m_model.flowId();
    m_store.publish(makeWebSocketFlow(id, false), {}); // reopen the row: a live connection
    m_store.offer(id, {textMessage(6, "another needle"), textMessage(7, "nothing")});
    EXPECT_EQ(m_model.refresh(), 2);
    EXPECT_EQ(shownSeqs(), (std::vector<qint64>{0, 1, 6}));
}

} // namespace
} // namespace flowscope::ui::test
