#include "engine/upstream_pool.hpp"

#include "engine/elapsed.hpp"
#include "engine/tls_contexts.hpp"
#include "engine/watchdog.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

namespace flowscope::engine {
namespace {

constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);

// A pooled connection the server has closed (or that has unexpected bytes waiting) must
// not be reused: a non-blocking peek tells without consuming anything.
bool looksAlive(UpstreamConnection& connection) {
    tcp::socket& socket = connection.stream->socket();
    if (!socket.is_open() || !connection.buffer.empty())
        return false;
    boost::system::error_code error;
    socket.non_blocking(true, error);
    char byte = 0;
    socket.receive(boost::asio::buffer(&byte, 1), tcp::socket::message_peek, error);
    return error == boost::asio::error::would_block;
}

FlowError connectFailure(const boost::system::error_code& error, const std::string& hostPort) {
    if (error == boost::asio::error::connection_refused)
        return {error_kind::kConnectRefused, fmt::format("{}: connection refused", hostPort), 502};
    return {error_kind::kConnectFailed, fmt::format("{}: cannot connect: {}", hostPort, error.message()), 502};
}

} // namespace

std::string UpstreamKey::hostPort() const {
    return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

std::string UpstreamKey::poolKey() const {
    return fmt::format("{}|{}|{}|{}|{}", host, port, tls ? 1 : 0, serverName, verify ? 1 : 0);
}

boost::asio::awaitable<ConnectOutcome> connectUpstream(const UpstreamKey& key, UpstreamClientContext& tls,
                                                       Watchdog& deadline, std::chrono::milliseconds timeout) {
    ConnectOutcome outcome;
    auto executor = co_await boost::asio::this_coro::executor;
    const std::string hostPort = key.hostPort();
    // The expiry actions below point at this frame's locals: whatever way we leave,
    // the deadline must be disarmed and its action cleared first.
    struct DeadlineReset {
        Watchdog& deadline;
        ~DeadlineReset() {
            deadline.disarm();
            deadline.setExpiryAction(nullptr);
        }
    } resetOnExit{deadline};
    deadline.arm(timeout);

    // RFC 6761 §6.4: ".invalid" names never resolve; answer at once instead of asking a
    // resolver that may not be reachable.
    const std::string_view host = key.host;
    if (host == "invalid" || (host.size() > 8 && host.substr(host.size() - 8) == ".invalid")) {
        outcome.error = {error_kind::kDnsFailure,
                         fmt::format("{}: cannot resolve host: .invalid names never resolve (RFC 6761)", hostPort),
                         502};
        co_return outcome;
    }

    tcp::resolver resolver(executor);
    deadline.setExpiryAction([&resolver] { resolver.cancel(); });
    auto start = SteadyClock::now();
    // Arguments live in named variables: g++ 12 can destroy temporaries of a co_await
    // expression twice (the double free seen in the integration tests).
    const std::string service = std::to_string(key.port);
    auto [resolveError, endpoints] = co_await resolver.async_resolve(key.host, service, kNoThrow);
    outcome.timing.dnsUs = microsecondsSince(start);
    if (deadline.expired()) {
        outcome.error = {error_kind::kConnectTimeout,
                         fmt::format("{}: name lookup timed out after {} ms", hostPort, timeout.count()), 504};
        co_return outcome;
    }
    if (resolveError) {
        outcome.error = {error_kind::kDnsFailure,
                         fmt::format("{}: cannot resolve host: {}", hostPort, resolveError.message()), 502};
        co_return outcome;
    }

    tcp::socket socket(executor);
    deadline.setExpiryAction([&socket] {
        boost::system::error_code ignored;
        socket.cancel(ignored);
    });
    start = SteadyClock::now();
    auto [connectError, endpoint] = co_await boost::asio::async_connect(socket, endpoints, kNoThrow);
    outcome.timing.connectUs = microsecondsSince(start);
    if (deadline.expired()) {
        outcome.error = {error_kind::kConnectTimeout,
                         fmt::format("{}: connect timed out after {} ms", hostPort, timeout.count()), 504};
        co_return outcome;
    }
    if (connectError) {
        outcome.error = connectFailure(connectError, hostPort);
        co_return outcome;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);

    auto connection = std::make_unique<UpstreamConnection>();
    connection->key = key;
    if (!key.tls) {
        connection->stream = std::make_unique<TcpByteStream>(std::move(socket));
    } else {
        auto stream = std::make_unique<TlsByteStream>(std::move(socket), tls.context());
        UpstreamClientContext::prepare(stream->ssl(), key.serverName, key.verify);
        TlsByteStream* raw = stream.get();
        deadline.setExpiryAction([raw] { raw->cancel(); });
        start = SteadyClock::now();
        auto [handshakeError] = co_await raw->stream().async_handshake(boost::asio::ssl::stream_base::client, kNoThrow);
        outcome.timing.tlsUs = microsecondsSince(start);
        if (deadline.expired()) {
            outcome.error = {error_kind::kConnectTimeout,
                             fmt::format("{}: TLS handshake timed out after {} ms", hostPort, timeout.count()), 504};
            co_return outcome;
        }
        if (handshakeError) {
            outcome.error = classifyUpstreamTlsFailure(raw->ssl(), handshakeError, hostPort);
            co_return outcome;
        }
        connection->tls.upstreamVersion = tlsVersionOf(raw->ssl());
        connection->tls.upstreamCipher = cipherOf(raw->ssl());
        connection->tls.upstreamCertSubject = peerSubjectOf(raw->ssl());
        connection->tls.upstreamCertIssuer = peerIssuerOf(raw->ssl());
        connection->stream = std::move(stream);
    }
    outcome.connection = std::move(connection);
    co_return outcome;
}

std::unique_ptr<UpstreamConnection> UpstreamPool::take(const UpstreamKey& key) {
    const std::string poolKey = key.poolKey();
    std::unique_lock lock(m_mutex);
    const auto it = m_idle.find(poolKey);
    if (it == m_idle.end())
        return nullptr;
    auto& idle = it->second;
    const auto now = SteadyClock::now();
    std::unique_ptr<UpstreamConnection> found;
    while (!idle.empty() && !found) {
        std::unique_ptr<UpstreamConnection> candidate = std::move(idle.back());
        idle.pop_back();
        --m_idleCount;
        if (now - candidate->idleSince < m_idleTimeout && looksAlive(*candidate))
            found = std::move(candidate);
        else
            candidate->stream->close(); // stale: dropped
    }
    if (idle.empty())
        m_idle.erase(it); // keys of one-off hosts must not pile up
    return found;
}

void UpstreamPool::giveBack(std::unique_ptr<UpstreamConnection> connection) {
    if (!connection || !connection->buffer.empty())
        return;
    // Up to maxIdleTotal connections wait here, each with a read buffer of up to 64 KiB:
    // 16 MB over two shards in the 500-host benchmark (heaptrack). An idle one keeps none.
    connection->buffer.releaseStorage();
    connection->idleSince = SteadyClock::now();
    std::unique_lock lock(m_mutex);
    auto& idle = m_idle[connection->key.poolKey()];
    if (idle.size() >= m_maxIdlePerKey) {
        idle.front()->stream->close(); // oldest goes
        idle.erase(idle.begin());
        --m_idleCount;
    }
    idle.push_back(std::move(connection));
    ++m_idleCount;
    while (m_idleCount > m_maxIdleTotal)
        closeOldestLocked();
}

// A scan over the keys: the total cap keeps them few.
void UpstreamPool::closeOldestLocked() {
    auto oldest = m_idle.end();
    for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
        if (!it->second.empty() &&
            (oldest == m_idle.end() || it->second.front()->idleSince < oldest->second.front()->idleSince))
            oldest = it;
    }
    if (oldest == m_idle.end())
        return;
    oldest->second.front()->stream->close();
    oldest->second.erase(oldest->second.begin());
    --m_idleCount;
    if (oldest->second.empty())
        m_idle.erase(oldest); // keys of one-off hosts must not pile up
}

void UpstreamPool::clear() {
    std::unique_lock lock(m_mutex);
    for (auto& [key, idle] : m_idle) {
        for (auto& connection : idle)
            connection->stream->close();
    }
    m_idle.clear();
    m_idleCount = 0;
}

std::size_t UpstreamPool::idleCount() const {
    std::unique_lock lock(m_mutex);
    std::size_t total = 0;
    for (const auto& [key, idle] : m_idle)
        total += idle.size();
    return total;
}

} // namespace flowscope::engine
