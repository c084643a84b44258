#pragma once
// Byte-for-byte relay in both directions (no-decrypt tunnels, non-HTTP protocols in a
// CONNECT, upgraded connections). Ends when both directions are closed, on an error, or
// when neither side sent anything for the idle timeout.

#include "engine/byte_stream.hpp"
#include "engine/io_buffer.hpp"
#include "engine/relay_tap.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace flowscope::engine {

struct RelayCounts {
    std::uint64_t clientToServer = 0;
    std::uint64_t serverToClient = 0;
    std::string error; // empty on a clean end
    bool timedOut = false;
};

// Bytes already read into `clientPending` / `serverPending` are sent first. `tap`, when
// given, sees every forwarded byte (the pending ones included) and must outlive the call.
boost::asio::awaitable<RelayCounts> relayRaw(ByteStream& client, IoBuffer& clientPending, ByteStream& server,
                                             IoBuffer& serverPending, std::chrono::milliseconds idleTimeout,
                                             RelayTap* tap = nullptr);

} // namespace flowscope::engine
