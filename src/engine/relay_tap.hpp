#pragma once
// An observer of a byte relay (tunnel_relay.hpp). The relay forwards bytes untouched and
// shows each chunk to the tap once it has been written on: a tap can record, never alter
// or hold up what goes over the wire beyond its own processing time.

#include <string_view>

namespace flowscope::engine {

enum class RelaySide : unsigned char { Client, Server }; // who sent the bytes

// Thread safety: called on the relay's strand only, one call at a time.
class RelayTap {
public:
    virtual ~RelayTap() = default;
    // The next bytes `from` sent, in order, after they were forwarded to the other side.
    // Must not block and must not throw.
    virtual void onBytes(RelaySide from, std::string_view bytes) noexcept = 0;
};

} // namespace flowscope::engine
