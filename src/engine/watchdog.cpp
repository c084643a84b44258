#include "engine/watchdog.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace flowscope::engine {

using Clock = std::chrono::steady_clock;

struct Watchdog::State {
    explicit State(boost::asio::any_io_executor strand) : timer(std::move(strand)) {}
    boost::asio::steady_timer timer;
    Clock::time_point deadline = Clock::time_point::max();
    Clock::time_point waitingUntil = Clock::time_point::max();
    std::function<void()> action;
    bool expired = false;
    bool stopped = false;
};

namespace {
boost::asio::awaitable<void> runTimer(std::shared_ptr<Watchdog::State> state);
}

Watchdog::Watchdog(boost::asio::any_io_executor strand) : m_state(std::make_shared<State>(strand)) {
    boost::asio::co_spawn(strand, runTimer(m_state), boost::asio::detached);
}

Watchdog::~Watchdog() {
    m_state->stopped = true;
    m_state->action = nullptr;
    m_state->timer.cancel();
}

void Watchdog::setExpiryAction(std::function<void()> action) { m_state->action = std::move(action); }

void Watchdog::arm(Clock::duration timeout) {
    State& state = *m_state;
    state.expired = false;
    state.deadline = Clock::now() + timeout;
    if (state.deadline < state.waitingUntil)
        state.timer.cancel(); // the timer sleeps past the new deadline: wake it to re-aim
}

void Watchdog::disarm() { m_state->deadline = Clock::time_point::max(); }
bool Watchdog::expired() const { return m_state->expired; }
void Watchdog::clearExpired() { m_state->expired = false; }

namespace {
boost::asio::awaitable<void> runTimer(std::shared_ptr<Watchdog::State> state) {
    while (!state->stopped) {
        const auto now = Clock::now();
        if (state->deadline <= now) {
            state->deadline = Clock::time_point::max();
            state->expired = true;
            if (state->action)
                state->action();
            continue;
        }
        state->waitingUntil = state->deadline;
        state->timer.expires_at(state->deadline);
        co_await state->timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        state->waitingUntil = Clock::time_point::max();
    }
}
} // namespace

} // namespace flowscope::engine
