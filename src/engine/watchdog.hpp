#pragma once
// A per-connection deadline: arm() before every wait on a peer, and when the deadline
// passes the expiry action runs (it cancels the socket's pending operations). One timer
// per connection, re-armed lazily: extending a deadline costs a clock read, not a timer
// cancel, which keeps per-request overhead off the hot path.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace flowscope::engine {

// Thread safety: all calls on the connection's strand (the executor given at construction).
class Watchdog {
public:
    explicit Watchdog(boost::asio::any_io_executor strand);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    void setExpiryAction(std::function<void()> action);
    void arm(std::chrono::steady_clock::duration timeout);
    void disarm();
    bool expired() const;
    void clearExpired();

    struct State; // shared with the timer coroutine, which may outlive the Watchdog briefly

private:
    std::shared_ptr<State> m_state; // shared with the timer coroutine, which may outlive us briefly
};

} // namespace flowscope::engine
