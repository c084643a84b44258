#pragma once
// Copies the WAL back into the database file on a thread and connection of its own, so
// the writer thread does not wait for the checkpoint's reads, writes and fsyncs. Measured
// on the 2-core dev machine: SQLite's auto-checkpoint (run inside the writer's COMMIT)
// took 40% of the writer's time with 1 KiB bodies.

#include "store/sqlite.hpp"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace flowscope::store {

// Thread safety: request() from any thread; construction and destruction on one.
class Checkpointer {
public:
    // Opens its own connection to a store that already exists (the writer made it).
    explicit Checkpointer(const std::filesystem::path& file);
    ~Checkpointer(); // finishes a running checkpoint, then joins
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // Asks for a checkpoint soon; never blocks on the checkpoint itself.
    void request();

private:
    void run();

    sqlite::Database m_db;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_stopping = false;
    std::thread m_thread; // last: started once everything above exists
};

} // namespace flowscope::store
