#include "platform/process_tuning.hpp"
#include "platform/thread_name.hpp"

#include <algorithm>
#include <condition_variable>
#include <malloc.h>
#include <mutex>
#include <thread>

namespace flowscope::platform {

void tuneAllocatorForProxy() {
    // Setting the threshold explicitly disables glibc's dynamic adjustment (mallopt(3)).
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    // glibc's default of 8 arenas per core lets each keep freed memory. One per busy
    // thread is enough: the I/O shards (one per core by default), the store writer, its
    // checkpointer, the leaf writer and the main thread. With fewer (4 before), a shard
    // shared its arena with the writer and they queued on its lock: 0.22-0.38 futex calls
    // per proxied HTTPS request, 0.09-0.12 with 8 on two cores (docs/benchmarks.md).
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    mallopt(M_ARENA_MAX, static_cast<int>(std::max(8u, cores + 6)));
}

struct FreeMemoryReleaser::Impl {
    std::mutex mutex;
    std::condition_variable stop;
    bool stopping = false;
    std::thread thread;
};

FreeMemoryReleaser::FreeMemoryReleaser(std::chrono::milliseconds interval) : m_impl(std::make_unique<Impl>()) {
    m_impl->thread = std::thread([impl = m_impl.get(), interval] {
        nameThisThread("fs-mem-release");
        std::unique_lock lock(impl->mutex);
        while (!impl->stop.wait_for(lock, interval, [impl] { return impl->stopping; })) {
            lock.unlock();
            releaseNow();
            lock.lock();
        }
    });
}

FreeMemoryReleaser::~FreeMemoryReleaser() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->stop.notify_one();
    m_impl->thread.join();
}

void FreeMemoryReleaser::releaseNow() {
    // Walks every arena and gives whole free pages back (madvise), not only a heap's top.
    // A few milliseconds at most; each arena is locked only while it is walked.
    malloc_trim(0);
}

} // namespace flowscope::platform
