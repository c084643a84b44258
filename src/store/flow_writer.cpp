#include "store/flow_writer.hpp"

#include "platform/thread_name.hpp"
#include "store/checkpointer.hpp"
#include "store/flow_row.hpp"
#include "store/message_row.hpp"
#include "store/schema.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fmt/format.h>
#include <mutex>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

namespace flowscope::store {
namespace {

// Every kCheckpointStepBytes of new WAL the background checkpointer is asked to copy it
// into the database. It cannot make the WAL start over while the writer keeps appending
// (SQLite restarts the WAL only when a write transaction begins with every frame copied),
// so past kWalLimitBytes the writer copies the rest itself between two batches: the WAL
// stays near that size under sustained load.
constexpr std::int64_t kCheckpointStepBytes = 16 * 1024 * 1024;
constexpr std::int64_t kWalLimitBytes = 128 * 1024 * 1024;
// After a restart the WAL file is cut back to this size instead of keeping its peak.
constexpr std::int64_t kWalSizeLimitBytes = 64 * 1024 * 1024;

// Messages and body pieces may fill this share of maxQueuedBytes; the rest stays for flows,
// whose publishers block (an HTTP exchange waits) while a refused message batch or body
// piece only stays with its relay for a later try.
constexpr std::size_t kOfferBudgetPercent = 75;

// Buffers of written body pieces kept to hand back to the engine with the next accepted
// piece: a fresh piece buffer (over the mmap threshold) is a fresh mapping whose every
// page faults on first touch (a fifth of the proxy's CPU with 10 MiB responses,
// docs/benchmarks.md).
constexpr std::size_t kSparePieceBuffers = 4;
// ...and freed once no piece has come for this long: a few megabytes are not kept for a
// large body that may never come again.
constexpr auto kSpareBufferLifetime = std::chrono::seconds(2);

// Live WebSocket messages of one flow, offered while the connection is open.
struct MessageBatch {
    std::int64_t flowId = 0;
    std::vector<WebSocketMessage> messages;
};

// A piece of a body still streaming (FlowSink::offerBodyChunk).
struct BodyChunk {
    std::int64_t flowId = 0;
    int part = 0;
    std::uint32_t seq = 0;
    std::string data;
};

// One slot of the queue: a flow (with any messages it carries), a message batch or a body
// piece.
using QueueItem = std::variant<Flow, MessageBatch, BodyChunk>;

std::size_t memoryOf(const std::vector<WebSocketMessage>& messages) {
    std::size_t bytes = messages.capacity() * sizeof(WebSocketMessage);
    for (const WebSocketMessage& message : messages)
        bytes += message.payload.capacity() + message.closeReason.capacity() + message.error.capacity();
    return bytes;
}

// What a queued flow holds in memory, roughly: its bodies dominate.
std::size_t memoryOf(const Flow& flow) {
    std::size_t bytes = 512 + flow.requestBody.data.capacity() + flow.responseBody.data.capacity() + flow.url.size();
    for (const auto& [name, value] : flow.requestHeaders)
        bytes += name.size() + value.size() + 64;
    for (const auto& [name, value] : flow.responseHeaders)
        bytes += name.size() + value.size() + 64;
    return bytes + memoryOf(flow.messages);
}

std::size_t memoryOf(const MessageBatch& batch) {
    return 64 + memoryOf(batch.messages);
}

std::size_t memoryOf(const BodyChunk& chunk) {
    return 64 + chunk.data.capacity();
}

const char* partName(int part) {
    return part == kRequestPart ? "request" : "response";
}

std::size_t memoryOf(const QueueItem& item) {
    return std::visit([](const auto& value) { return memoryOf(value); }, item);
}

} // namespace

// The queue is a ring of queueCapacity slots, each a flow or a batch of WebSocket messages.
// A publisher moves its item into the next free slot; the writer thread binds rows straight
// from their slots (no copy, no move) and frees the slots only after the batch is written.
// `size` therefore counts the batch being written too, so the memory held is bounded by
// queueCapacity items and maxQueuedBytes in all.
//
// Thread safety: the fields under `mutex` are shared by publishers, flush() and the writer
// thread; the connection, statements and scratch belong to the writer thread once it runs.
struct FlowWriter::Impl {
    Impl(const std::filesystem::path& file, FlowWriterOptions opts);

    void run();
    // Writes ring[first .. first+count) (wrapping) in one transaction; false when SQLite
    // failed and the batch was rolled back.
    bool writeBatch(std::size_t first, std::size_t count);
    void writeFlow(Flow& flow);
    void writeBody(std::int64_t flowId, int part, const std::string& data);
    void writeChunk(const BodyChunk& chunk);
    // The pieces a flow says were stored before it must all be there; a piece lost with a
    // failed batch would otherwise leave a hole in the middle of the body. A body with a
    // hole loses its capture (its size and the truncated flag remain).
    void checkSpooledBody(std::int64_t flowId, int part, BodyCapture& body);
    // Pieces whose flow was never written: the proxy stopped or crashed while the body
    // streamed, or the desktop app's Record was off when the exchange ended.
    void deleteOrphanChunks();
    void writeMessages(std::int64_t flowId, const std::vector<WebSocketMessage>& messages);
    void noteId(std::int64_t id);
    static void onWalCommit(void* self, int walFrames);

    FlowWriterOptions options;
    sqlite::Database db;
    // Plain INSERTs, with an explicit delete first for an update, rather than INSERT OR
    // REPLACE: REPLACE makes SQLite keep a statement journal per insert (a temp file once
    // it passes 64 KiB), which measured 13 write syscalls per flow and a 3x lower rate.
    sqlite::Statement insertFlow;
    sqlite::Statement insertBody;
    sqlite::Statement deleteFlow;
    sqlite::Statement deleteBodies;
    sqlite::Statement insertMessage;
    sqlite::Statement insertChunk;
    sqlite::Statement deleteChunks;
    sqlite::Statement chunkTotals;
    FlowRowScratch scratch;
    // Ids at or below this may already have a row (an update of a flow, e.g. a WebSocket
    // connection republished); ids above it are new. Writer thread only.
    std::int64_t highestWrittenId = 0;
    // Writer thread only (the WAL hook runs inside the writer's COMMIT).
    int walFramesAtLastRequest = 0;
    int checkpointStepFrames = 0; // the byte sizes above in pages of this file
    int walLimitFrames = 0;
    bool walOverLimit = false;
    std::unique_ptr<Checkpointer> checkpointer;

    std::atomic<std::int64_t> nextId{1};
    std::atomic<std::uint64_t> committed{0};
    std::atomic<std::uint64_t> dropped{0};

    std::mutex mutex;
    std::condition_variable workReady;  // writer waits: flows queued, batch full, flush, stop
    std::condition_variable spaceFree;  // publishers wait: ring full
    std::condition_variable progressed; // flush() waits: processed advanced
    std::vector<QueueItem> ring;
    std::size_t head = 0;          // oldest slot in use
    std::size_t size = 0;          // slots in use, including the batch being written
    std::size_t queuedBytes = 0;   // memoryOf() of the flows in those slots
    std::size_t queuedChunks = 0;  // body pieces among them: written at once, not batched
    std::size_t queuedChunkBytes = 0; // memoryOf() of those pieces
    std::vector<std::string> spareBuffers; // emptied buffers of written pieces, capacity kept
    std::chrono::steady_clock::time_point lastPieceAt; // the newest offerBodyChunk() taken
    std::uint64_t published = 0;   // items ever queued
    std::uint64_t processed = 0;   // items ever committed or dropped, in queue order
    std::uint64_t flushTarget = 0; // a flush() waits for processed >= this
    bool stopping = false;
    std::function<void(std::int64_t)> commitListener; // under `mutex`; called outside it
    std::int64_t highestCommittedId = 0;               // writer thread

    std::thread thread; // last: started once everything above exists
};

FlowWriter::Impl::Impl(const std::filesystem::path& file, FlowWriterOptions opts)
    : options(opts), db(schema::openStore(file, schema::Purpose::Write)) {
    options.queueCapacity = std::max<std::size_t>(options.queueCapacity, 1);
    options.maxQueuedBytes = std::max<std::size_t>(options.maxQueuedBytes, 1);
    options.maxBatch = std::clamp<std::size_t>(options.maxBatch, 1, options.queueCapacity);
    // now() + a huge delay would overflow the clock; an hour is already "flush decides".
    options.maxBatchDelay = std::clamp<std::chrono::milliseconds>(options.maxBatchDelay, std::chrono::milliseconds(0),
                                                                  std::chrono::hours(1));
    insertFlow = db.prepare(insertFlowSql());
    insertBody = db.prepare("INSERT INTO bodies (flow_id, part, data) VALUES (?, ?, ?)");
    deleteFlow = db.prepare("DELETE FROM flows WHERE id = ?");
    deleteBodies = db.prepare("DELETE FROM bodies WHERE flow_id = ?");
    insertMessage = db.prepare(insertMessageSql());
    insertChunk = db.prepare("INSERT INTO body_chunks (flow_id, part, seq, data) VALUES (?, ?, ?, ?)");
    deleteChunks = db.prepare("DELETE FROM body_chunks WHERE flow_id = ? AND part = ?");
    // length() of a BLOB comes from the record header: the pieces themselves are not read.
    chunkTotals = db.prepare("SELECT count(*), coalesce(sum(length(data)), 0) FROM body_chunks "
                             "WHERE flow_id = ? AND part = ?");
    db.exec(fmt::format("PRAGMA journal_size_limit = {}", kWalSizeLimitBytes));
    db.exec(fmt::format("PRAGMA cache_size = -{}", std::max<std::size_t>(options.pageCacheBytes / 1024, 64)));
    // The schema's three-value CHECKs (`kind IN (...)`, `ws_closed_by IN (...)`) make SQLite
    // build and drop an ephemeral b-tree on every INSERT (EXPLAIN: OpenEphemeral). Its page
    // cache is a ~100 KiB allocation, whose free trims the heap, and each trim is a TLB
    // shootdown across every core: at 32 concurrent clients this capped the writer near
    // 4,000 flows/s (docs/benchmarks.md, "The store writer"). This connection binds those
    // columns only from enums (store/flow.cpp, message_row.cpp), so its rows satisfy the
    // constraints by construction; other writers of the file still get them checked.
    db.exec("PRAGMA ignore_check_constraints = 1");
    const std::int64_t pageSize = std::max<std::int64_t>(db.queryInt64("PRAGMA page_size"), 512);
    checkpointStepFrames = static_cast<int>(kCheckpointStepBytes / pageSize);
    walLimitFrames = static_cast<int>(kWalLimitBytes / pageSize);
    checkpointer = std::make_unique<Checkpointer>(file);
    db.setWalCommitHook(&Impl::onWalCommit, this);
    highestWrittenId = db.queryInt64("SELECT coalesce(max(id), 0) FROM flows");
    nextId = highestWrittenId + 1;
    deleteOrphanChunks();
    ring.resize(options.queueCapacity);
    thread = std::thread([this] { run(); });
}

void FlowWriter::Impl::noteId(std::int64_t id) {
    // A caller-chosen id past the counter must not be handed out again by allocateId().
    std::int64_t next = nextId.load(std::memory_order_relaxed);
    while (id >= next && !nextId.compare_exchange_weak(next, id + 1, std::memory_order_relaxed)) {
    }
}

void FlowWriter::Impl::onWalCommit(void* self, int walFrames) {
    auto& impl = *static_cast<Impl*>(self);
    if (walFrames < impl.walFramesAtLastRequest) {
        impl.walFramesAtLastRequest = 0; // the WAL started over
    }
    if (walFrames - impl.walFramesAtLastRequest >= impl.checkpointStepFrames) {
        impl.walFramesAtLastRequest = walFrames;
        impl.checkpointer->request();
    }
    impl.walOverLimit = walFrames >= impl.walLimitFrames;
}

void FlowWriter::Impl::run() {
    platform::nameThisThread("fs-store-writer");
    std::unique_lock lock(mutex);
    for (;;) {
        if (!spareBuffers.empty() && std::chrono::steady_clock::now() - lastPieceAt >= kSpareBufferLifetime) {
            std::vector<std::string> unused = std::move(spareBuffers);
            spareBuffers.clear();
            lock.unlock();
            unused.clear(); // freed outside the lock
            lock.lock();
        }
        if (spareBuffers.empty()) {
            workReady.wait(lock, [&] { return size > 0 || stopping; });
        } else if (!workReady.wait_for(lock, kSpareBufferLifetime, [&] { return size > 0 || stopping; })) {
            continue; // idle with spares: the check above frees them
        }
        if (size == 0) {
            return; // stopping and drained
        }
        // Let a batch fill for up to maxBatchDelay: fewer, larger transactions. A flush or
        // shutdown cuts the wait short, and so does a body piece: it is queued to leave
        // memory, and at half a megabyte it gains nothing from company in its transaction.
        auto deadline = std::chrono::steady_clock::now() + options.maxBatchDelay;
        workReady.wait_until(lock, deadline, [&] {
            return size >= options.maxBatch || stopping || flushTarget > processed || queuedChunks > 0 ||
                   queuedBytes * 2 >= options.maxQueuedBytes;
        });
        const std::size_t first = head;
        const std::size_t count = std::min(size, options.maxBatch);
        lock.unlock();

        // The slots [first, first + count) are ours until `head` moves: publishers only
        // write past head + size.
        const bool ok = writeBatch(first, count);
        std::uint64_t flowCount = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (const Flow* flow = std::get_if<Flow>(&ring[(first + i) % ring.size()])) {
                ++flowCount;
                if (ok)
                    highestCommittedId = std::max(highestCommittedId, flow->id);
            }
        }
        std::size_t freedBytes = 0;
        std::size_t freedChunkBytes = 0;
        std::vector<std::string> emptiedBuffers;
        for (std::size_t i = 0; i < count; ++i) {
            QueueItem& slot = ring[(first + i) % ring.size()];
            freedBytes += memoryOf(slot);
            if (BodyChunk* chunk = std::get_if<BodyChunk>(&slot)) {
                freedChunkBytes += memoryOf(*chunk);
                chunk->data.clear();
                emptiedBuffers.push_back(std::move(chunk->data));
            }
            // Move out, so the buffers die with `released`. (`slot = Flow{}` would not free
            // them: libstdc++'s move-assignment from a short string copies into the
            // existing allocation and keeps it, so every slot would hold on to the largest
            // body it ever carried.)
            QueueItem released = std::move(slot);
        }

        if (ok) {
            std::function<void(std::int64_t)> listener;
            {
                std::lock_guard listenerLock(mutex);
                listener = commitListener;
            }
            if (listener)
                listener(highestCommittedId);
        }

        lock.lock();
        head = (head + count) % ring.size();
        size -= count;
        queuedBytes -= std::min(queuedBytes, freedBytes);
        queuedChunks -= std::min(queuedChunks, emptiedBuffers.size());
        queuedChunkBytes -= std::min(queuedChunkBytes, freedChunkBytes);
        for (std::string& buffer : emptiedBuffers) {
            if (spareBuffers.size() < kSparePieceBuffers)
                spareBuffers.push_back(std::move(buffer));
        }
        processed += count;
        (ok ? committed : dropped).fetch_add(flowCount, std::memory_order_relaxed);
        spaceFree.notify_all();
        progressed.notify_all();
    }
}

bool FlowWriter::Impl::writeBatch(std::size_t first, std::size_t count) {
    const std::int64_t highestBefore = highestWrittenId;
    try {
        sqlite::Transaction transaction(db, sqlite::Transaction::Kind::Immediate);
        for (std::size_t i = 0; i < count; ++i) {
            QueueItem& item = ring[(first + i) % ring.size()];
            if (Flow* flow = std::get_if<Flow>(&item)) {
                writeFlow(*flow);
            } else if (const MessageBatch* batch = std::get_if<MessageBatch>(&item)) {
                writeMessages(batch->flowId, batch->messages);
            } else {
                writeChunk(std::get<BodyChunk>(item));
            }
        }
        transaction.commit();
    } catch (const std::exception& e) {
        // The writer thread has nobody to throw to; losing one batch is better than losing
        // the process (and every later flow). One line per failed batch, not per flow.
        highestWrittenId = highestBefore;
        // Statements reset themselves (Statement::run); the transaction rolled back.
        std::size_t flows = 0;
        for (std::size_t i = 0; i < count; ++i)
            flows += std::holds_alternative<Flow>(ring[(first + i) % ring.size()]) ? 1 : 0;
        std::fprintf(stderr, "flowscope: store: dropped %zu flows and %zu message batches or body pieces: %s\n", flows,
                     count - flows, e.what());
        return false;
    }
    if (walOverLimit) {
        walOverLimit = false;
        try {
            db.checkpoint(); // busy: the checkpointer is at it; the next commit retries
        } catch (const StoreError& e) {
            std::fprintf(stderr, "flowscope: store: checkpoint failed: %s\n", e.what());
        }
    }
    return true;
}

void FlowWriter::Impl::writeFlow(Flow& flow) {
    if (flow.id <= highestWrittenId) {
        deleteFlow.bindInt64(1, flow.id);
        deleteFlow.run();
        deleteBodies.bindInt64(1, flow.id);
        deleteBodies.run();
        // A republished flow carrying a whole body replaces pieces stored for it before.
        for (const auto& [part, body] : {std::pair{kRequestPart, &flow.requestBody},
                                         std::pair{kResponsePart, &flow.responseBody}}) {
            if (body->spooledChunks == 0) {
                deleteChunks.bindInt64(1, flow.id);
                deleteChunks.bindInt64(2, part);
                deleteChunks.run();
            }
        }
    }
    checkSpooledBody(flow.id, kRequestPart, flow.requestBody);
    checkSpooledBody(flow.id, kResponsePart, flow.responseBody);
    bindFlow(insertFlow, flow, scratch);
    insertFlow.run();
    writeBody(flow.id, kRequestPart, flow.requestBody.data);
    writeBody(flow.id, kResponsePart, flow.responseBody.data);
    // Messages are append-only: a republished flow keeps those written before.
    writeMessages(flow.id, flow.messages);
    highestWrittenId = std::max(highestWrittenId, flow.id);
}

void FlowWriter::Impl::writeMessages(std::int64_t flowId, const std::vector<WebSocketMessage>& messages) {
    for (const WebSocketMessage& message : messages) {
        bindMessage(insertMessage, flowId, message);
        insertMessage.run();
    }
}

void FlowWriter::Impl::checkSpooledBody(std::int64_t flowId, int part, BodyCapture& body) {
    if (body.spooledChunks == 0)
        return;
    std::int64_t chunks = 0;
    std::int64_t bytes = 0;
    {
        sqlite::ResetOnExit reset(chunkTotals);
        chunkTotals.bindInt64(1, flowId);
        chunkTotals.bindInt64(2, part);
        if (chunkTotals.step()) {
            chunks = chunkTotals.columnInt64(0);
            bytes = chunkTotals.columnInt64(1);
        }
    }
    if (chunks == static_cast<std::int64_t>(body.spooledChunks) &&
        bytes == static_cast<std::int64_t>(body.spooledBytes))
        return;
    std::fprintf(stderr,
                 "flowscope: store: flow %lld: %lld of %llu bytes of its %s body reached the store before it; "
                 "its capture is dropped\n",
                 static_cast<long long>(flowId), static_cast<long long>(bytes),
                 static_cast<unsigned long long>(body.spooledBytes), partName(part));
    deleteChunks.bindInt64(1, flowId);
    deleteChunks.bindInt64(2, part);
    deleteChunks.run();
    body.data.clear();
    body.spooledBytes = 0;
    body.spooledChunks = 0;
    body.truncated = body.size > 0;
}

void FlowWriter::Impl::writeChunk(const BodyChunk& chunk) {
    insertChunk.bindInt64(1, chunk.flowId);
    insertChunk.bindInt64(2, chunk.part);
    insertChunk.bindInt64(3, chunk.seq);
    insertChunk.bindBlob(4, chunk.data, sqlite::Lifetime::Static);
    insertChunk.run();
}

void FlowWriter::Impl::deleteOrphanChunks() {
    db.exec("DELETE FROM body_chunks WHERE NOT EXISTS (SELECT 1 FROM flows WHERE flows.id = body_chunks.flow_id)");
}

void FlowWriter::Impl::writeBody(std::int64_t flowId, int part, const std::string& data) {
    if (data.empty()) {
        return; // no row: an empty body is the absence of one
    }
    insertBody.bindInt64(1, flowId);
    insertBody.bindInt64(2, part);
    insertBody.bindBlob(3, data, sqlite::Lifetime::Static);
    insertBody.run();
}

FlowWriter::FlowWriter(const std::filesystem::path& file, FlowWriterOptions options)
    : m_impl(std::make_unique<Impl>(file, options)) {}

FlowWriter::~FlowWriter() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->workReady.notify_one();
    m_impl->thread.join();
    try {
        m_impl->deleteOrphanChunks(); // the thread is gone: the connection is ours
    } catch (const StoreError& e) {
        std::fprintf(stderr, "flowscope: store: %s\n", e.what());
    }
    // Closed before the writer's connection, so that one is the last and its close copies
    // the remaining WAL into the database and removes the WAL file.
    m_impl->checkpointer.reset();
}

std::int64_t FlowWriter::allocateId() {
    return m_impl->nextId.fetch_add(1, std::memory_order_relaxed);
}

void FlowWriter::publish(Flow flow) {
    Impl& impl = *m_impl;
    if (flow.id <= 0) {
        flow.id = allocateId();
    } else {
        impl.noteId(flow.id);
    }
    const std::size_t bytes = memoryOf(flow);
    bool wake = false;
    {
        std::unique_lock lock(impl.mutex);
        const auto fits = [&] {
            return impl.size < impl.ring.size() &&
                   (impl.size == 0 || impl.queuedBytes + bytes <= impl.options.maxQueuedBytes);
        };
        if (!fits()) {
            impl.workReady.notify_one(); // make sure the writer is draining before we wait
            impl.spaceFree.wait(lock, fits);
        }
        impl.ring[(impl.head + impl.size) % impl.ring.size()].emplace<Flow>(std::move(flow));
        const bool crossedHalf = impl.queuedBytes * 2 < impl.options.maxQueuedBytes &&
                                 (impl.queuedBytes + bytes) * 2 >= impl.options.maxQueuedBytes;
        impl.queuedBytes += bytes;
        ++impl.size;
        ++impl.published;
        // Wake the writer only on the transitions it waits for (queue no longer empty,
        // batch full, half the byte budget used): a notify per flow would cost a futex
        // wake per flow under load.
        wake = impl.size == 1 || impl.size == impl.options.maxBatch || crossedHalf;
    }
    if (wake) {
        impl.workReady.notify_one();
    }
}

bool FlowWriter::offerMessages(std::int64_t flowId, std::vector<WebSocketMessage>& messages) {
    if (messages.empty())
        return true;
    Impl& impl = *m_impl;
    impl.noteId(flowId);
    const std::size_t bytes = 64 + memoryOf(messages);
    const std::size_t budget = impl.options.maxQueuedBytes / 100 * kOfferBudgetPercent;
    bool wake = false;
    {
        std::lock_guard lock(impl.mutex);
        // An empty queue takes any batch (as publish() admits any one flow): the caller has
        // already bounded it.
        if (impl.size >= impl.ring.size() || (impl.size > 0 && impl.queuedBytes + bytes > budget)) {
            impl.workReady.notify_one(); // make sure the writer is draining
            return false;
        }
        impl.ring[(impl.head + impl.size) % impl.ring.size()].emplace<MessageBatch>(
            MessageBatch{flowId, std::move(messages)});
        const bool crossedHalf = impl.queuedBytes * 2 < impl.options.maxQueuedBytes &&
                                 (impl.queuedBytes + bytes) * 2 >= impl.options.maxQueuedBytes;
        impl.queuedBytes += bytes;
        ++impl.size;
        ++impl.published;
        wake = impl.size == 1 || impl.size == impl.options.maxBatch || crossedHalf;
    }
    messages.clear();
    if (wake) {
        impl.workReady.notify_one();
    }
    return true;
}

bool FlowWriter::offerBodyChunk(std::int64_t flowId, int part, std::uint32_t seq, std::string& data) {
    Impl& impl = *m_impl;
    impl.noteId(flowId);
    const std::size_t bytes = 64 + data.capacity();
    const std::size_t budget = impl.options.maxQueuedBytes / 100 * kOfferBudgetPercent;
    {
        std::lock_guard lock(impl.mutex);
        if (impl.size >= impl.ring.size() || (impl.size > 0 && impl.queuedBytes + bytes > budget) ||
            (impl.queuedChunks > 0 && impl.queuedChunkBytes + bytes > impl.options.maxQueuedPieceBytes)) {
            impl.workReady.notify_one();
            return false;
        }
        impl.ring[(impl.head + impl.size) % impl.ring.size()].emplace<BodyChunk>(
            BodyChunk{flowId, part, seq, std::move(data)});
        impl.queuedBytes += bytes;
        impl.queuedChunkBytes += bytes;
        ++impl.queuedChunks;
        impl.lastPieceAt = std::chrono::steady_clock::now();
        ++impl.size;
        ++impl.published;
        if (impl.spareBuffers.empty()) {
            data = std::string(); // moved-from: valid but unspecified
        } else {
            data = std::move(impl.spareBuffers.back()); // empty, its pages already mapped
            impl.spareBuffers.pop_back();
        }
    }
    impl.workReady.notify_one(); // the writer takes pieces at once (see run())
    return true;
}

void FlowWriter::flush() {
    Impl& impl = *m_impl;
    std::unique_lock lock(impl.mutex);
    const std::uint64_t target = impl.published;
    if (impl.processed >= target) {
        return;
    }
    impl.flushTarget = std::max(impl.flushTarget, target);
    impl.workReady.notify_one();
    impl.progressed.wait(lock, [&] { return impl.processed >= target; });
}

std::uint64_t FlowWriter::committedCount() const {
    return m_impl->committed.load(std::memory_order_relaxed);
}

void FlowWriter::setCommitListener(std::function<void(std::int64_t)> listener) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->commitListener = std::move(listener);
}

std::uint64_t FlowWriter::droppedCount() const {
    return m_impl->dropped.load(std::memory_order_relaxed);
}

} // namespace flowscope::store
