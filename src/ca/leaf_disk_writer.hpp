#pragma once
// Writes minted leaves into the disk cache on a thread of its own (internal header).
//
// Creating a file is the dearest part of minting a leaf: ~200 us of kernel time for the
// inode (perf on BM_LeafMintFreshName, docs/benchmarks.md), more than signing it. The
// leaf is needed at once by a TLS handshake running on an engine I/O thread; the file is
// needed only by a later run. So the handshake gets the leaf and this thread writes it.

#include "ca/host_name.hpp"
#include "ca/leaf_disk_cache.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace flowscope::ca {

// Thread safety: every member may be called from any thread.
class LeafDiskWriter {
public:
    // Writes to `cache`, which must outlive the writer.
    explicit LeafDiskWriter(const LeafDiskCache& cache);
    // Writes what is still queued, then joins the thread.
    ~LeafDiskWriter();
    LeafDiskWriter(const LeafDiskWriter&) = delete;
    LeafDiskWriter& operator=(const LeafDiskWriter&) = delete;

    // Queues `cert` for `host`. Past kMaxPending waiting leaves new ones are not written
    // (a burst of thousands of names must not grow memory; a leaf missing from the disk
    // cache only costs a signature on a later run).
    void enqueue(const HostName& host, std::shared_ptr<X509> cert);
    // Returns once every leaf queued before the call is written (or failed to be).
    void flush();
    // Forgets the queued leaves and waits for the one being written, so that nothing
    // queued before the call reaches the disk afterwards (LeafDiskCache::clear()).
    void discardPending();

    static constexpr std::size_t kMaxPending = 1024;

private:
    struct Pending {
        HostName host;
        std::shared_ptr<X509> cert;
    };
    void run();

    const LeafDiskCache& m_cache;
    std::mutex m_mutex;
    std::condition_variable m_wake; // the thread: work or stop
    std::condition_variable m_idle; // flush()/discardPending(): the queue drained
    std::deque<Pending> m_queue;
    bool m_writing = false;
    bool m_stopping = false;
    std::thread m_thread; // last: started once everything above exists
};

} // namespace flowscope::ca
