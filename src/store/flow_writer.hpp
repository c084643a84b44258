#pragma once
#include "store/flow_sink.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>

namespace flowscope::store {

struct FlowWriterOptions {
    std::size_t queueCapacity = 2048;   // flows and message batches waiting; publish() blocks past this
    // Bytes of flows (bodies and headers) and messages waiting; publish() blocks past this
    // too, so large captured bodies cannot pile up in memory (one flow is always admitted).
    // offerMessages() is refused past 3/4 of it, keeping the rest for flows.
    std::size_t maxQueuedBytes = 24u * 1024u * 1024u;
    // Bytes of body pieces (offerBodyChunk) waiting; offers are refused past this. Pieces
    // are queued to leave memory, so a short queue: the engine slows a body whose pieces
    // are refused down to the store's pace (engine/body_pump.cpp).
    std::size_t maxQueuedPieceBytes = 2u * 1024u * 1024u;
    // SQLite page cache of the writer's connection. It holds the index pages inserts touch;
    // body pages only pass through it. 2 MiB (64 of the store's 32 KiB pages) wrote as fast
    // as 8 MiB in the ingest benchmarks and is 6 MB less resident (docs/benchmarks.md).
    std::size_t pageCacheBytes = 2u * 1024u * 1024u;
    std::size_t maxBatch = 1024;        // flows per transaction
    std::chrono::milliseconds maxBatchDelay{100}; // a flow is committed within this window
};

// The production FlowSink: a writer thread drains a bounded queue and commits flows and
// WebSocket message batches, in queue order, in batched transactions (WAL,
// synchronous=NORMAL: a killed process loses at most the uncommitted batch; the file is
// never corrupt).
//
// Thread safety: allocateId()/publish()/offerMessages()/flush() from any thread. The
// destructor flushes everything queued and joins the writer thread.
class FlowWriter final : public FlowSink {
public:
    // Initializes (migrates) the store; throws StoreError.
    explicit FlowWriter(const std::filesystem::path& file, FlowWriterOptions options = {});
    ~FlowWriter() override;
    FlowWriter(const FlowWriter&) = delete;
    FlowWriter& operator=(const FlowWriter&) = delete;

    std::int64_t allocateId() override;
    void publish(Flow flow) override;
    bool offerMessages(std::int64_t flowId, std::vector<WebSocketMessage>& messages) override;
    // Written without waiting for a batch to fill (it is queued to leave memory); refused
    // past maxQueuedPieceBytes or 3/4 of maxQueuedBytes. Pieces whose flow never arrives are
    // deleted when a writer opens or closes the store.
    bool offerBodyChunk(std::int64_t flowId, int part, std::uint32_t seq, std::string& data) override;

    // Blocks until every flow and message batch queued before the call is committed.
    void flush();
    // Flows committed so far (for status output and benchmarks).
    std::uint64_t committedCount() const;

    // Called on the writer thread after every committed batch with the highest flow id
    // committed so far (DESIGN.md: readers are told "flows changed up to id N" and fetch
    // what they show). A batch holding only messages of open WebSocket flows notifies too,
    // with the same id: a viewer showing such a flow re-reads its messages. Keep it short: set an atomic, post one notification. Replaces any
    // previous listener; pass nullptr to remove it.
    void setCommitListener(std::function<void(std::int64_t highestCommittedId)> listener);
    // Flows lost because SQLite failed while writing their batch (each failure is logged
    // to stderr as one line; the writer keeps going).
    std::uint64_t droppedCount() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::store
