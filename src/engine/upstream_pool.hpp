#pragma once
// Upstream connections: opened with explicit, classified failures, and pooled per
// (host, port, tls, server name) so a client's new connection costs one handshake, not two.

#include "engine/byte_stream.hpp"
#include "engine/flow_errors.hpp"
#include "engine/io_buffer.hpp"
#include "store/flow.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace flowscope::engine {

class UpstreamClientContext;
class Watchdog;

struct UpstreamKey {
    std::string host; // connect to this name or IP
    std::uint16_t port = 0;
    bool tls = false;
    std::string serverName; // SNI and the name the certificate must match
    bool verify = true;

    std::string hostPort() const;
    std::string poolKey() const;
    bool operator==(const UpstreamKey&) const = default; // same pool key, without building it
};

struct UpstreamConnection {
    UpstreamKey key;
    std::unique_ptr<ByteStream> stream;
    IoBuffer buffer{16 * 1024}; // response bytes read but not yet parsed
    store::FlowTls tls;         // upstream half: version, cipher, certificate names
    std::chrono::steady_clock::time_point idleSince;
    std::uint64_t exchanges = 0;
};

struct ConnectTiming {
    std::int64_t dnsUs = -1;
    std::int64_t connectUs = -1;
    std::int64_t tlsUs = -1;
};

struct ConnectOutcome {
    std::unique_ptr<UpstreamConnection> connection;
    FlowError error;
    ConnectTiming timing;
};

// Resolves, connects and (for TLS) handshakes within `timeout`, enforced by `deadline`
// (whose expiry action this function sets for the duration of the call).
boost::asio::awaitable<ConnectOutcome> connectUpstream(const UpstreamKey& key, UpstreamClientContext& tls,
                                                       Watchdog& deadline, std::chrono::milliseconds timeout);

// The engine keeps one pool per shard (proxy_server.cpp): a connection's socket belongs to
// its shard's io_context, so only that shard's sessions take it.
// Thread safety: take()/giveBack()/clear() from any thread (one mutex; held for a map
// lookup only). A connection is used by one session at a time.
class UpstreamPool {
public:
    // At most `maxIdlePerKey` idle connections per key and `maxIdleTotal` in all: past
    // either, the oldest idle one (of that key, or of all) is closed.
    UpstreamPool(std::size_t maxIdlePerKey, std::size_t maxIdleTotal, std::chrono::milliseconds idleTimeout)
        : m_maxIdlePerKey(maxIdlePerKey), m_maxIdleTotal(maxIdleTotal), m_idleTimeout(idleTimeout) {}

    // An idle connection for `key` that still looks alive, or null.
    std::unique_ptr<UpstreamConnection> take(const UpstreamKey& key);
    void giveBack(std::unique_ptr<UpstreamConnection> connection);
    void clear();
    std::size_t idleCount() const;

private:
    void closeOldestLocked();

    std::size_t m_maxIdlePerKey;
    std::size_t m_maxIdleTotal;
    std::chrono::milliseconds m_idleTimeout;
    std::size_t m_idleCount = 0; // sum of the lists' sizes
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, std::vector<std::unique_ptr<UpstreamConnection>>> m_idle;
};

} // namespace flowscope::engine
