#include "store/checkpointer.hpp"

#include "platform/thread_name.hpp"

#include <cstdio>

namespace flowscope::store {

Checkpointer::Checkpointer(const std::filesystem::path& file)
    : m_db(sqlite::Database::open(file, sqlite::Database::Mode::ReadWrite)) {
    // The checkpointing connection's setting decides the syncs of a checkpoint.
    m_db.exec("PRAGMA synchronous = NORMAL");
    m_thread = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void Checkpointer::request() {
    {
        std::lock_guard lock(m_mutex);
        if (m_requested) {
            return;
        }
        m_requested = true;
    }
    m_wake.notify_one();
}

void Checkpointer::run() {
    platform::nameThisThread("fs-checkpoint");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_requested || m_stopping; });
        if (m_stopping) {
            return; // the writer's connection checkpoints what is left when it closes
        }
        m_requested = false;
        lock.unlock();
        try {
            // Busy means a checkpoint is already running elsewhere: nothing to do.
            m_db.checkpoint();
        } catch (const StoreError& e) {
            // The writer keeps the WAL bounded itself; a failed background copy only
            // postpones the work, so say so once and carry on.
            std::fprintf(stderr, "flowscope: store: background checkpoint failed: %s\n", e.what());
        }
        lock.lock();
    }
}

} // namespace flowscope::store
