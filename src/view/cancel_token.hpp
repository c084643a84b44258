#pragma once
// A way to abandon a long query or sort from another thread: the caller owns an
// std::atomic<bool>, hands a CancelToken to the work, and sets the flag to stop it.

#include <atomic>

namespace flowscope::view {

// Thread safety: the flag may be set from any thread while the work reads it; the token
// itself is a pointer and must not outlive the flag it watches.
class CancelToken {
public:
    CancelToken() = default; // never cancelled
    explicit CancelToken(const std::atomic<bool>& flag) : m_flag(&flag) {}

    // Relaxed is enough: the flag carries no data, it only asks the work to stop soon.
    bool cancelled() const { return m_flag != nullptr && m_flag->load(std::memory_order_relaxed); }

private:
    const std::atomic<bool>* m_flag = nullptr;
};

} // namespace flowscope::view
