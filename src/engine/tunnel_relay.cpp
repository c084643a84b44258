#include "engine/tunnel_relay.hpp"

#include "engine/watchdog.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>

namespace flowscope::engine {
namespace {

constexpr std::size_t kRelayChunk = 64 * 1024;

struct Direction {
    RelaySide side;
    ByteStream& from;
    IoBuffer& pending;
    ByteStream& to;
    std::uint64_t& count;
};

struct Shared {
    Watchdog& idle;
    std::chrono::milliseconds idleTimeout;
    RelayTap* tap;
    std::string error;
    bool failed = false;
};

boost::asio::awaitable<void> pump(Direction direction, Shared& shared) {
    if (!direction.pending.empty()) {
        const IoResult written = co_await direction.to.writeAll(direction.pending.readable());
        direction.count += written.bytes;
        if (shared.tap != nullptr)
            shared.tap->onBytes(direction.side, direction.pending.readable().substr(0, written.bytes));
        direction.pending.clear();
        if (written.error) {
            shared.failed = true;
            shared.error = written.error.message();
            direction.from.cancel();
            co_return;
        }
    }
    std::vector<char> buffer(kRelayChunk);
    while (!shared.failed) {
        const IoResult read = co_await direction.from.readSome(boost::asio::buffer(buffer));
        if (read.bytes > 0) {
            shared.idle.arm(shared.idleTimeout);
            const IoResult written = co_await direction.to.writeAll(std::string_view(buffer.data(), read.bytes));
            direction.count += written.bytes;
            if (shared.tap != nullptr)
                shared.tap->onBytes(direction.side, std::string_view(buffer.data(), written.bytes));
            if (written.error) {
                shared.failed = true;
                shared.error = written.error.message();
                direction.from.cancel();
                co_return;
            }
        }
        if (read.error) {
            if (isCleanClose(read.error) && read.error != boost::asio::error::connection_reset) {
                // Half-close: pass the end of this direction on, keep relaying the other.
                co_await direction.to.shutdownSend();
            } else {
                // Reset, idle timeout or a forced close (shutdown): the other direction is
                // waiting on the peer we can no longer talk to, so it ends too.
                shared.failed = true;
                if (shared.error.empty()) {
                    shared.error = shared.idle.expired() ? "no data in either direction within the idle timeout"
                                                         : read.error.message();
                }
                direction.to.cancel();
            }
            co_return;
        }
    }
}

} // namespace

boost::asio::awaitable<RelayCounts> relayRaw(ByteStream& client, IoBuffer& clientPending, ByteStream& server,
                                             IoBuffer& serverPending, std::chrono::milliseconds idleTimeout,
                                             RelayTap* tap) {
    using namespace boost::asio::experimental::awaitable_operators;
    RelayCounts counts;
    Watchdog idle(co_await boost::asio::this_coro::executor);
    idle.setExpiryAction([&client, &server] {
        client.cancel();
        server.cancel();
    });
    Shared shared{idle, idleTimeout, tap, {}, false};
    idle.arm(idleTimeout);
    co_await (pump(Direction{RelaySide::Client, client, clientPending, server, counts.clientToServer}, shared) &&
              pump(Direction{RelaySide::Server, server, serverPending, client, counts.serverToClient}, shared));
    idle.disarm();
    counts.timedOut = idle.expired();
    counts.error = shared.error;
    co_return counts;
}

} // namespace flowscope::engine
