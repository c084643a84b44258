#include "support/test_origin.hpp"

#include "support/body_pattern.hpp"
#include "support/origin_routes.hpp"
#include "support/origin_websocket.hpp"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace flowscope::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Every wait on a peer is bounded; a test that takes longer than this has failed anyway.
constexpr auto kPeerTimeout = std::chrono::seconds(60);
constexpr std::uint64_t kMaxRequestBody = 256ull * 1024 * 1024;
constexpr std::size_t kPatternChunk = 64 * 1024;
} // namespace

struct TestOrigin::Impl {
    explicit Impl(std::optional<CertFiles> certs) : tls(std::move(certs)), acceptor(io) {
        if (tls) {
            ssl.emplace(asio::ssl::context::tls_server);
            ssl->use_certificate_chain_file(tls->cert.string());
            ssl->use_private_key_file(tls->key.string(), asio::ssl::context::pem);
        }
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor.open(endpoint.protocol());
        acceptor.bind(endpoint);
        acceptor.listen();
        port = acceptor.local_endpoint().port();
        asio::co_spawn(io, acceptLoop(), asio::detached);
        thread = std::thread([this] { io.run(); });
    }

    ~Impl() {
        io.stop();
        thread.join();
    }

    asio::awaitable<void> acceptLoop() {
        while (true) {
            auto [error, socket] = co_await acceptor.async_accept(kNoThrow);
            if (error)
                co_return;
            ++connections;
            asio::co_spawn(io, runConnection(std::move(socket)), asio::detached);
        }
    }

    asio::awaitable<void> runConnection(tcp::socket socket) {
        beast::tcp_stream tcpStream(std::move(socket));
        if (!tls) {
            if (auto upgrade = co_await serve(tcpStream))
                co_await echoWebSocket(std::move(tcpStream), std::move(*upgrade));
            co_return;
        }
        asio::ssl::stream<beast::tcp_stream> stream(std::move(tcpStream), *ssl);
        beast::get_lowest_layer(stream).expires_after(kPeerTimeout);
        auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
        if (error)
            co_return;
        if (auto upgrade = co_await serve(stream))
            co_await echoWebSocket(std::move(stream), std::move(*upgrade));
    }

    // Serves HTTP until the connection ends; returns the request of a WebSocket upgrade to
    // /ws instead, with the stream left open for the caller to hand over.
    template <class Stream> asio::awaitable<std::optional<UpgradeRequest>> serve(Stream& stream) {
        beast::flat_buffer buffer;
        while (true) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(kMaxRequestBody);
            parser.header_limit(1024 * 1024);
            beast::get_lowest_layer(stream).expires_after(kPeerTimeout);
            auto [error, bytes] = co_await http::async_read(stream, buffer, parser, kNoThrow);
            received += bytes;
            if (error)
                break;
            const auto& request = parser.get();
            record(request);
            count(routeOf(request.target()));
            if (routeOf(request.target()) == "/ws" && isWebSocketUpgrade(request)) {
                // A client sends nothing after its upgrade request until the 101, so the
                // buffer is empty and nothing is lost in the hand-over.
                received += buffer.size();
                co_return parser.release();
            }
            const OriginReply reply = answer(request);
            if (reply.closeWithoutAnswer || !co_await write(stream, reply) || !reply.keepAlive)
                break;
        }
        received += buffer.size();
        beast::error_code ignored;
        beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(stream).close();
        co_return std::nullopt;
    }

    template <class Stream> asio::awaitable<bool> write(Stream& stream, const OriginReply& reply) {
        for (const std::string& piece : reply.pieces) {
            beast::get_lowest_layer(stream).expires_after(kPeerTimeout);
            auto [error, written] = co_await asio::async_write(stream, asio::buffer(piece), kNoThrow);
            if (error)
                co_return false;
        }
        // Generated chunk by chunk: a 100 MB body never sits in memory.
        std::vector<char> chunk(kPatternChunk);
        for (std::uint64_t offset = 0; offset < reply.patternBytes;) {
            const auto piece =
                static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), reply.patternBytes - offset));
            fillPattern(offset, chunk.data(), piece);
            beast::get_lowest_layer(stream).expires_after(kPeerTimeout);
            auto [error, written] = co_await asio::async_write(stream, asio::buffer(chunk.data(), piece), kNoThrow);
            if (error)
                co_return false;
            offset += piece;
        }
        co_return true;
    }

    void record(const http::request<http::string_body>& request) {
        ReceivedRequest entry;
        entry.method = std::string(request.method_string());
        entry.target = std::string(request.target());
        for (const auto& field : request)
            entry.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        entry.bodySize = request.body().size();
        entry.body = request.body().substr(0, ReceivedRequest::kBodyKept);
        std::lock_guard lock(mutex);
        if (log.size() == TestOrigin::kRequestsKept)
            log.erase(log.begin());
        log.push_back(std::move(entry));
    }

    void count(const std::string& route) {
        std::lock_guard lock(mutex);
        ++routes[route];
        ++requests;
    }

    std::optional<CertFiles> tls;
    std::optional<asio::ssl::context> ssl;
    asio::io_context io{1};
    tcp::acceptor acceptor;
    std::uint16_t port = 0;
    std::atomic<std::uint64_t> connections{0};
    std::atomic<std::uint64_t> received{0};
    mutable std::mutex mutex;
    std::map<std::string, std::uint64_t, std::less<>> routes;
    std::uint64_t requests = 0;
    std::vector<ReceivedRequest> log;
    std::thread thread;
};

TestOrigin::TestOrigin(std::optional<CertFiles> tls) : m_impl(std::make_unique<Impl>(std::move(tls))) {}

TestOrigin::~TestOrigin() = default;

std::uint16_t TestOrigin::port() const {
    return m_impl->port;
}

bool TestOrigin::isTls() const {
    return m_impl->tls.has_value();
}

std::string TestOrigin::url(std::string_view pathAndQuery, std::string_view host) const {
    return std::string(isTls() ? "https://" : "http://") + std::string(host) + ":" + std::to_string(port()) +
           std::string(pathAndQuery);
}

std::uint64_t TestOrigin::connectionsAccepted() const {
    return m_impl->connections.load();
}

std::uint64_t TestOrigin::requestCount() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->requests;
}

std::uint64_t TestOrigin::requestCount(std::string_view route) const {
    std::lock_guard lock(m_impl->mutex);
    const auto it = m_impl->routes.find(route);
    return it == m_impl->routes.end() ? 0 : it->second;
}

std::uint64_t TestOrigin::bytesReceived() const {
    return m_impl->received.load();
}

std::vector<ReceivedRequest> TestOrigin::receivedRequests() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->log;
}

} // namespace flowscope::test
