#include "engine/client_session.hpp"

#include "engine/error_page.hpp"
#include "engine/http_relay.hpp"
#include "engine/intercept_policy.hpp"
#include "engine/tls_contexts.hpp"
#include "engine/tunnel_relay.hpp"
#include "engine/upstream_pool.hpp"
#include "engine/watchdog.hpp"
#include "http/first_bytes.hpp"
#include "store/flow_sink.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <chrono>

namespace flowscope::engine {
namespace {

constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);
using namespace std::chrono_literals;

// How long to wait for a client's first bytes in a tunnel before assuming a protocol in
// which the server speaks first (SMTP, SSH banners): then we relay untouched.
constexpr auto kFirstBytesWait = 3s;

std::string describeEndpoint(const tcp::socket& socket) {
    boost::system::error_code error;
    const auto endpoint = socket.remote_endpoint(error);
    if (error)
        return "unknown";
    const auto address = endpoint.address();
    return address.is_v6() ? fmt::format("[{}]:{}", address.to_string(), endpoint.port())
                           : fmt::format("{}:{}", address.to_string(), endpoint.port());
}

class Session {
public:
    Session(EngineContext& context, tcp::socket socket, boost::asio::any_io_executor strand)
        : m_context(context), m_clientDeadline(strand), m_upstreamDeadline(strand),
          m_client{std::make_unique<TcpByteStream>(std::move(socket)), IoBuffer{}, m_clientDeadline, {}, {}, "http",
                   {}, false, 0, 0} {
        m_client.address = describeEndpoint(m_client.stream->socket());
        m_clientDeadline.setExpiryAction([this] { m_client.stream->cancel(); });
    }

    ClientConnection& client() { return m_client; }

    boost::asio::awaitable<void> run() {
        boost::system::error_code ignored;
        m_client.stream->socket().set_option(tcp::no_delay(true), ignored);
        RelayEnd end = RelayEnd::Closed;
        {
            HttpRelay relay(m_context, m_client, m_upstreamDeadline);
            end = co_await relay.run();
            if (end == RelayEnd::Connect)
                m_connectTarget = relay.connectTarget();
        }
        if (end == RelayEnd::Connect)
            co_await handleConnect();
        // Bounded: a client that stops reading cannot hold the close_notify write forever.
        m_clientDeadline.arm(std::chrono::seconds(5));
        co_await m_client.stream->shutdownSend();
        m_clientDeadline.disarm();
        m_client.stream->close();
    }

private:
    boost::asio::awaitable<void> handleConnect();
    boost::asio::awaitable<http::TunnelProtocol> sniffTunnelProtocol();
    boost::asio::awaitable<void> interceptTls();
    boost::asio::awaitable<void> relayTunnel(std::string_view note);
    store::Flow tunnelFlow() const;
    void publish(store::Flow& flow) {
        flow.endedAtUs = nowMicros();
        m_context.sink.publish(std::move(flow));
        m_context.counters.flowsPublished.fetch_add(1, std::memory_order_relaxed);
    }

    EngineContext& m_context;
    Watchdog m_clientDeadline;
    Watchdog m_upstreamDeadline;
    ClientConnection m_client;
    http::Authority m_connectTarget;
    std::int64_t m_connectStartedUs = 0;
};

store::Flow Session::tunnelFlow() const {
    store::Flow flow;
    flow.id = m_context.sink.allocateId();
    flow.kind = store::FlowKind::Tunnel;
    flow.startedAtUs = m_connectStartedUs;
    flow.clientAddress = m_client.address;
    flow.method = "CONNECT";
    flow.host = m_connectTarget.host;
    flow.port = m_connectTarget.port;
    flow.path = m_connectTarget.toString();
    flow.url = m_connectTarget.toString();
    flow.httpVersion = "HTTP/1.1";
    return flow;
}

boost::asio::awaitable<void> Session::handleConnect() {
    m_connectStartedUs = nowMicros();
    const IoResult answered = co_await m_client.stream->writeAll("HTTP/1.1 200 Connection established\r\n\r\n");
    m_client.bytesOut += answered.bytes;
    if (answered.error)
        co_return;
    const InterceptDecision decision = m_context.policy.decide({m_connectTarget.host, m_connectTarget.port});
    if (decision == InterceptDecision::Tunnel) {
        co_await relayTunnel("no-decrypt host");
        co_return;
    }
    switch (co_await sniffTunnelProtocol()) {
    case http::TunnelProtocol::TlsClientHello:
        co_await interceptTls();
        break;
    case http::TunnelProtocol::Http: {
        m_client.tunnelTarget = m_connectTarget;
        m_client.scheme = "http";
        HttpRelay relay(m_context, m_client, m_upstreamDeadline);
        co_await relay.run();
        break;
    }
    case http::TunnelProtocol::Other:
    case http::TunnelProtocol::NeedMore:
        co_await relayTunnel("not TLS or HTTP");
        break;
    }
}

boost::asio::awaitable<http::TunnelProtocol> Session::sniffTunnelProtocol() {
    if (!m_client.buffer.empty()) {
        // The client sent bytes before our 200 (allowed for HTTP; for TLS they cannot be
        // handed to OpenSSL any more, so such a stream is relayed untouched).
        const auto protocol = http::classifyFirstBytes(m_client.buffer.readable());
        co_return protocol == http::TunnelProtocol::Http ? protocol : http::TunnelProtocol::Other;
    }
    // Peek (MSG_PEEK) so the bytes stay in the socket for the TLS engine to read.
    tcp::socket& socket = m_client.stream->socket();
    boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor);
    m_clientDeadline.arm(kFirstBytesWait);
    while (true) {
        auto [waitError] = co_await socket.async_wait(tcp::socket::wait_read, kNoThrow);
        if (waitError)
            break;
        char peeked[16];
        boost::system::error_code error;
        const std::size_t bytes = socket.receive(boost::asio::buffer(peeked), tcp::socket::message_peek, error);
        if (error || bytes == 0)
            break;
        const auto protocol = http::classifyFirstBytes(std::string_view(peeked, bytes));
        if (protocol != http::TunnelProtocol::NeedMore) {
            m_clientDeadline.disarm();
            co_return protocol;
        }
        // Fewer bytes than a verdict needs: they stay readable, so wait a moment instead of
        // spinning on readiness.
        pause.expires_after(5ms);
        co_await pause.async_wait(kNoThrow);
    }
    m_clientDeadline.disarm();
    m_clientDeadline.clearExpired();
    co_return http::TunnelProtocol::Other;
}

boost::asio::awaitable<void> Session::interceptTls() {
    auto tls = std::make_unique<TlsByteStream>(std::move(m_client.stream->socket()), m_context.mitm.context());
    MitmServerContext::setFallbackHost(tls->ssl(), m_connectTarget.host);
    TlsByteStream* raw = tls.get();
    m_client.stream = std::move(tls);
    m_clientDeadline.arm(m_context.options.headerTimeout);
    auto [error] = co_await raw->stream().async_handshake(boost::asio::ssl::stream_base::server, kNoThrow);
    const bool timedOut = m_clientDeadline.expired();
    m_clientDeadline.disarm();
    if (error) {
        store::Flow flow = tunnelFlow();
        flow.scheme = "https";
        flow.tls.sni = MitmServerContext::servedHost(raw->ssl());
        const std::string rejection = describeClientRejection(error);
        if (!rejection.empty()) {
            m_context.policy.noteClientRejected(m_connectTarget.host);
            flow.errorKind = error_kind::kClientTlsRejected;
            flow.errorMessage = fmt::format("{}: {}; if the app pins certificates, add the host to no-decrypt",
                                            m_connectTarget.toString(), rejection);
        } else {
            flow.errorKind = error_kind::kClientTlsFailed;
            flow.errorMessage =
                timedOut ? fmt::format("{}: the client did not complete the TLS handshake in time",
                                       m_connectTarget.toString())
                         : fmt::format("{}: TLS handshake with the client failed: {} (a client that closes right "
                                       "after receiving our certificate usually does not trust the Flowscope CA)",
                                       m_connectTarget.toString(), error.message());
        }
        publish(flow);
        co_return;
    }
    m_client.tunnelTarget = m_connectTarget;
    m_client.scheme = "https";
    m_client.tls.sni = MitmServerContext::servedHost(raw->ssl());
    m_client.tls.clientAlpn = alpnOf(raw->ssl());
    m_client.tls.clientVersion = tlsVersionOf(raw->ssl());
    HttpRelay relay(m_context, m_client, m_upstreamDeadline);
    co_await relay.run();
}

boost::asio::awaitable<void> Session::relayTunnel(std::string_view note) {
    store::Flow flow = tunnelFlow();
    UpstreamKey key;
    key.host = m_connectTarget.host;
    key.port = m_connectTarget.port;
    ConnectOutcome outcome =
        co_await connectUpstream(key, m_context.upstreamTls, m_upstreamDeadline, m_context.options.connectTimeout);
    flow.timing.dnsUs = outcome.timing.dnsUs;
    flow.timing.connectUs = outcome.timing.connectUs;
    if (outcome.error) {
        flow.errorKind = outcome.error.kind;
        flow.errorMessage = outcome.error.message;
        publish(flow);
        co_return;
    }
    flow.reason = std::string(note);
    UpstreamConnection& upstream = *outcome.connection;
    const RelayCounts counts = co_await relayRaw(*m_client.stream, m_client.buffer, *upstream.stream,
                                                 upstream.buffer, m_context.options.tunnelIdleTimeout);
    flow.bytesFromClient = counts.clientToServer;
    flow.bytesToClient = counts.serverToClient;
    if (!counts.error.empty()) {
        flow.errorKind = counts.timedOut ? error_kind::kUpstreamTimeout : error_kind::kUpstreamReset;
        flow.errorMessage = fmt::format("{}: {}", m_connectTarget.toString(), counts.error);
    }
    upstream.stream->close();
    publish(flow);
}

} // namespace

boost::asio::awaitable<void> runClientSession(EngineContext& context, tcp::socket socket,
                                              const SessionRegistrar& registrar) {
    auto strand = co_await boost::asio::this_coro::executor;
    context.counters.activeSessions.fetch_add(1, std::memory_order_relaxed);
    {
        Session session(context, std::move(socket), strand);
        // The control calls are posted to this strand and may run after the session has
        // ended: they reach the connection through a handle cleared at the end.
        auto handle = std::make_shared<ClientConnection*>(&session.client());
        const auto unregister = registrar(SessionControl{
            strand,
            [handle] {
                if (*handle != nullptr && (*handle)->idle)
                    (*handle)->stream->cancel();
            },
            [handle] {
                if (*handle != nullptr)
                    (*handle)->stream->close();
            },
        });
        co_await session.run();
        *handle = nullptr;
        unregister();
    }
    context.counters.activeSessions.fetch_sub(1, std::memory_order_relaxed);
}

} // namespace flowscope::engine
