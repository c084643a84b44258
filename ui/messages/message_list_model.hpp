#pragma once
// The list of one WebSocket connection's messages, read from the store page by page.
//
// A connection can hold millions of messages, so rows are small: the typed fields and a
// preview built from the first kPreviewBytes of the payload (FlowReader::messages'
// payloadLimit), never the whole payload; fullMessage() reads one message's payload when
// it is selected. The first page loads in setFlow(); later pages come through
// canFetchMore()/fetchMore() as the view scrolls, and refresh() appends messages the
// engine committed since (a bounded page, rows inserted at the end).
//
// Thread safety: GUI thread only (it owns a FlowReader, one per thread).

#include "store/flow_store.hpp"

#include <QAbstractTableModel>
#include <QString>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace flowscope::ui {

class MessageListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { DirectionColumn, TimeColumn, TypeColumn, SizeColumn, PreviewColumn, ColumnCount };
    enum Role {
        SeqRole = Qt::UserRole + 1, // qint64
        DirectionRole,              // int(store::MessageDirection)
        OpcodeRole,                 // int
        PreviewRole,                // the preview text, for the filter
    };

    static constexpr int kDefaultPageSize = 500;
    // Enough bytes for kPreviewChars characters of mostly-ASCII text and the hex preview.
    static constexpr std::int64_t kPreviewBytes = 512;

    explicit MessageListModel(QObject* parent = nullptr);
    ~MessageListModel() override;

    // Shows the messages of flow `flowId` (which started at `startedAtUs`) in `storeFile`
    // and loads the first page. A store that cannot be read leaves the list empty and
    // errorText() says why.
    void setFlow(const std::filesystem::path& storeFile, qint64 flowId, qint64 startedAtUs);
    void clear();
    // Appends messages stored after the last one listed, at most one page; nothing while
    // earlier pages are still unread (fetchMore() reaches the new ones). Returns rows added.
    int refresh();
    void setPageSize(int rows) { m_pageSize = rows > 0 ? rows : kDefaultPageSize; }

    qint64 flowId() const { return m_flowId; }
    QString errorText() const { return m_error; }
    // The whole stored message behind `row` (payload up to max_body_size), or nullopt.
    std::optional<store::WebSocketMessage> fullMessage(int row) const;
    // The open reader, for the pane's header (nullptr without a flow).
    const store::FlowReader* reader() const { return m_reader.get(); }
    std::uint64_t sentCount() const { return m_sent; } // rows listed per direction
    std::uint64_t receivedCount() const { return m_received; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void loadFailed(const QString& message);

private:
    // One listed message: ~100 bytes plus its preview (at most ~kPreviewChars characters).
    struct Row {
        std::int64_t seq = 0;
        std::int64_t timeUs = 0;
        std::uint64_t length = 0;
        int opcode = 0;
        store::MessageDirection direction = store::MessageDirection::ClientToServer;
        bool truncated = false;
        bool compressed = false;
        QString preview;
        QString error;
    };

    void forget(); // back to no flow, inside a reset
    std::vector<store::WebSocketMessage> readPage(int limit);
    void append(std::vector<store::WebSocketMessage> page);
    QString toolTip(const Row& row) const;

    std::unique_ptr<store::FlowReader> m_reader;
    qint64 m_flowId = 0;
    qint64 m_startedAtUs = 0;
    std::vector<Row> m_rows;
    std::int64_t m_lastSeq = -1;
    bool m_hasMore = false;   // the last page read was full: there may be more stored
    bool m_inserting = false; // inside append()'s beginInsertRows/endInsertRows
    int m_pageSize = kDefaultPageSize;
    std::uint64_t m_sent = 0;
    std::uint64_t m_received = 0;
    QString m_error;
};

} // namespace flowscope::ui
