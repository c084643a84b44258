#include "support/raw_connection.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <stdexcept>

namespace flowscope::test {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

struct RawConnection::Impl {
    explicit Impl(std::uint16_t port) : socket(io) {
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
        const ErrorCode error = withDeadline(std::chrono::seconds(5), [&](auto handler) {
            socket.async_connect(endpoint, [handler](ErrorCode e) mutable { handler(e, 0); });
        });
        if (error)
            throw std::runtime_error("raw connect to 127.0.0.1:" + std::to_string(port) + ": " + error.message());
    }

    // Runs one operation; at the deadline it is cancelled (the socket stays usable) and the
    // result is asio::error::timed_out.
    template <class Start> ErrorCode withDeadline(std::chrono::milliseconds timeout, Start start) {
        ErrorCode result = asio::error::would_block;
        bool done = false;
        bool expired = false;
        asio::steady_timer timer(io, timeout);
        timer.async_wait([&](ErrorCode error) {
            if (!error && !done) {
                expired = true;
                ErrorCode ignored;
                socket.cancel(ignored);
            }
        });
        start([&](ErrorCode error, std::size_t bytes) {
            result = error;
            transferred = bytes;
            done = true;
            timer.cancel();
        });
        io.restart();
        io.run(); // both handlers have run when this returns
        // An operation that completed as the timer fired keeps its result (and its bytes).
        return expired && result == asio::error::operation_aborted ? ErrorCode(asio::error::timed_out) : result;
    }

    RawResult read(std::string_view marker, std::chrono::milliseconds timeout) {
        RawResult result;
        const auto start = Clock::now();
        const auto deadline = start + timeout;
        char chunk[16 * 1024];
        while (marker.empty() || received.find(marker) == std::string::npos) {
            if (peerClosed) {
                // With Asio 1.81 on epoll, a read after EOF waits for an event that never
                // comes (the EOF read marks the socket exhausted), so the EOF is remembered.
                result.closedByPeer = true;
                result.reset = peerReset;
                break;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) {
                result.timedOut = true;
                break;
            }
            const ErrorCode error =
                withDeadline(left, [&](auto handler) { socket.async_read_some(asio::buffer(chunk), handler); });
            received.append(chunk, error == asio::error::timed_out ? 0 : transferred);
            if (error == asio::error::timed_out) {
                result.timedOut = true;
                break;
            }
            if (error) {
                peerClosed = true;
                peerReset = error == asio::error::connection_reset;
            }
        }
        result.data = received;
        result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        return result;
    }

    asio::io_context io;
    tcp::socket socket;
    std::string received;
    std::size_t transferred = 0;
    bool peerClosed = false;
    bool peerReset = false;
};

RawConnection::RawConnection(std::uint16_t port) : m_impl(std::make_unique<Impl>(port)) {}
RawConnection::~RawConnection() = default;

bool RawConnection::send(std::string_view bytes, std::chrono::milliseconds timeout) {
    Impl& impl = *m_impl;
    return !impl.withDeadline(timeout, [&](auto handler) {
        asio::async_write(impl.socket, asio::buffer(bytes.data(), bytes.size()), handler);
    });
}

RawResult RawConnection::readUntilClose(std::chrono::milliseconds timeout) {
    return m_impl->read({}, timeout);
}

RawResult RawConnection::readUntil(std::string_view marker, std::chrono::milliseconds timeout) {
    return m_impl->read(marker, timeout);
}

void RawConnection::close() {
    ErrorCode ignored;
    m_impl->socket.shutdown(tcp::socket::shutdown_both, ignored);
    m_impl->socket.close(ignored);
}

RawResult rawExchange(std::uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
    RawConnection connection(port);
    connection.send(bytes, timeout);
    return connection.readUntilClose(timeout);
}

int statusOf(std::string_view data) {
    if (data.size() < 12 || data.substr(0, 5) != "HTTP/")
        return 0;
    const auto space = data.find(' ');
    if (space == std::string_view::npos || space + 4 > data.size())
        return 0;
    int status = 0;
    for (std::size_t i = space + 1; i < space + 4; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(data[i])))
            return 0;
        status = status * 10 + (data[i] - '0');
    }
    return status;
}

std::string headerOf(std::string_view data, std::string_view name) {
    const std::string_view head = data.substr(0, data.find("\r\n\r\n"));
    std::size_t lineStart = head.find("\r\n");
    while (lineStart != std::string_view::npos) {
        lineStart += 2;
        const auto lineEnd = head.find("\r\n", lineStart);
        const std::string_view line = head.substr(lineStart, lineEnd - lineStart);
        const auto colon = line.find(':');
        if (colon == name.size() && std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            })) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                value.remove_suffix(1);
            return std::string(value);
        }
        lineStart = lineEnd;
    }
    return {};
}

} // namespace flowscope::test
