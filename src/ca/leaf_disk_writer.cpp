#include "ca/leaf_disk_writer.hpp"

#include "platform/thread_name.hpp"

namespace flowscope::ca {

LeafDiskWriter::LeafDiskWriter(const LeafDiskCache& cache) : m_cache(cache), m_thread([this] { run(); }) {}

LeafDiskWriter::~LeafDiskWriter() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void LeafDiskWriter::enqueue(const HostName& host, std::shared_ptr<X509> cert) {
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.size() >= kMaxPending)
            return;
        m_queue.push_back(Pending{host, std::move(cert)});
    }
    m_wake.notify_one();
}

void LeafDiskWriter::flush() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [&] { return m_queue.empty() && !m_writing; });
}

void LeafDiskWriter::discardPending() {
    std::unique_lock lock(m_mutex);
    m_queue.clear();
    m_idle.wait(lock, [&] { return !m_writing; });
}

void LeafDiskWriter::run() {
    platform::nameThisThread("fs-leaf-writer");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return !m_queue.empty() || m_stopping; });
        if (m_queue.empty())
            return; // stopping, everything written
        Pending next = std::move(m_queue.front());
        m_queue.pop_front();
        m_writing = true;
        lock.unlock();
        try {
            // A signed certificate is only read here (PEM encoding), as the handshakes
            // using it on other threads only read it.
            m_cache.store(next.host, next.cert.get());
        } catch (const CaError&) {
            // A full or read-only disk must not break interception: the leaf is still
            // served from memory; the next run mints it again.
        }
        next = Pending{};
        lock.lock();
        m_writing = false;
        if (m_queue.empty())
            m_idle.notify_all();
    }
}

} // namespace flowscope::ca
