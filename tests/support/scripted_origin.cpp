#include "support/scripted_origin.hpp"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <thread>

namespace flowscope::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr auto kPeerTimeout = std::chrono::seconds(60);
} // namespace

struct ScriptedOrigin::Impl {
    explicit Impl(ScriptedReply script)
        : reply(std::move(script)), acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
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
            asio::co_spawn(io, serve(beast::tcp_stream(std::move(socket))), asio::detached);
        }
    }

    asio::awaitable<void> serve(beast::tcp_stream stream) {
        std::string buffer;
        while (true) {
            const bool idleLimit = heads > 0 && reply.idleClose.count() > 0 && !reply.closeAfterReply;
            stream.expires_after(idleLimit
                                     ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(reply.idleClose)
                                     : std::chrono::duration_cast<std::chrono::steady_clock::duration>(kPeerTimeout));
            auto [error, headLength] =
                co_await asio::async_read_until(stream, asio::dynamic_buffer(buffer), "\r\n\r\n", kNoThrow);
            if (error) {
                if (error == beast::error::timeout && idleLimit)
                    ++closedIdle;
                break;
            }
            buffer.erase(0, headLength); // request bodies are not expected here
            ++heads;
            if (!co_await write(stream) || reply.closeAfterReply)
                break;
        }
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.close();
    }

    asio::awaitable<bool> write(beast::tcp_stream& stream) {
        const std::size_t first =
            reply.stallAfter.count() > 0 ? std::min(reply.stallBytes, reply.bytes.size()) : reply.bytes.size();
        stream.expires_after(kPeerTimeout);
        auto [error, written] = co_await asio::async_write(stream, asio::buffer(reply.bytes.data(), first), kNoThrow);
        if (error)
            co_return false;
        if (reply.stallAfter.count() > 0) {
            asio::steady_timer stall(io, reply.stallAfter);
            co_await stall.async_wait(kNoThrow);
            co_return false; // the rest is never sent
        }
        co_return true;
    }

    ScriptedReply reply;
    asio::io_context io{1};
    tcp::acceptor acceptor;
    std::uint16_t port = 0;
    std::atomic<std::uint64_t> connections{0};
    std::atomic<std::uint64_t> heads{0};
    std::atomic<std::uint64_t> closedIdle{0};
    std::thread thread;
};

ScriptedOrigin::ScriptedOrigin(ScriptedReply reply) : m_impl(std::make_unique<Impl>(std::move(reply))) {}
ScriptedOrigin::~ScriptedOrigin() = default;
std::uint16_t ScriptedOrigin::port() const {
    return m_impl->port;
}
std::string ScriptedOrigin::url(const std::string& pathAndQuery) const {
    return "http://127.0.0.1:" + std::to_string(port()) + pathAndQuery;
}
std::uint64_t ScriptedOrigin::connectionsAccepted() const {
    return m_impl->connections.load();
}
std::uint64_t ScriptedOrigin::requestHeads() const {
    return m_impl->heads.load();
}
std::uint64_t ScriptedOrigin::connectionsClosedIdle() const {
    return m_impl->closedIdle.load();
}

} // namespace flowscope::test
