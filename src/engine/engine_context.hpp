#pragma once
// What every client session shares: options, TLS contexts, the pool, the policy and the
// flow sink. Owned by ProxyServer, which outlives all sessions.

#include "engine/byte_stream.hpp"
#include "engine/io_buffer.hpp"
#include "engine/proxy_options.hpp"
#include "http/url.hpp"
#include "store/flow.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace flowscope::store {
class FlowSink;
}

namespace flowscope::engine {

class InterceptPolicy;
class MitmServerContext;
class UpstreamClientContext;
class UpstreamPool;
class Watchdog;

struct EngineCounters {
    std::atomic<std::uint64_t> connectionsAccepted{0};
    std::atomic<std::uint64_t> activeSessions{0};
    std::atomic<std::uint64_t> flowsPublished{0};
    std::atomic<std::uint64_t> upstreamConnectsOpened{0};
    std::atomic<std::uint64_t> upstreamConnectsReused{0};
};

struct EngineContext {
    const ProxyOptions& options;
    MitmServerContext& mitm;
    UpstreamClientContext& upstreamTls;
    UpstreamPool& pool;
    InterceptPolicy& policy;
    store::FlowSink& sink;
    EngineCounters& counters;
    const std::atomic<bool>& stopping;
};

// The client side of a session. Inside a CONNECT tunnel `tunnelTarget` is where every
// request goes, whatever its Host header says.
struct ClientConnection {
    std::unique_ptr<ByteStream> stream;
    IoBuffer buffer;
    Watchdog& deadline;
    std::string address;
    std::optional<http::Authority> tunnelTarget;
    std::string scheme = "http";
    store::FlowTls tls; // client half (SNI, ALPN, version) once intercepted
    bool idle = false;  // waiting for the next request: safe to close on shutdown
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
};

std::int64_t nowMicros();

} // namespace flowscope::engine
