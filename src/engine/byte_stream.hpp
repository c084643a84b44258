#pragma once
// One interface over a plain TCP socket and a TLS stream, so the HTTP exchange code is
// written once for http, https, and HTTP inside a CONNECT tunnel (no template bloat).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <cstddef>
#include <string_view>
#include <system_error>

namespace flowscope::engine {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct IoResult {
    boost::system::error_code error;
    std::size_t bytes = 0;
};

// True for the errors that just mean "the peer closed": EOF, TLS truncation (peer closed
// without close_notify, which HTTP/1.1 framing makes harmless), reset after close.
bool isCleanClose(const boost::system::error_code& error) noexcept;

// Thread safety: none; a stream belongs to one session (one strand) at a time.
class ByteStream {
public:
    virtual ~ByteStream() = default;
    virtual asio::awaitable<IoResult> readSome(asio::mutable_buffer buffer) = 0;
    // Writes all of `bytes` (or fails).
    virtual asio::awaitable<IoResult> writeAll(std::string_view bytes) = 0;
    // Graceful close of our sending side (TLS close_notify, then TCP FIN).
    virtual asio::awaitable<void> shutdownSend() = 0;
    virtual tcp::socket& socket() = 0;
    virtual bool isTls() const = 0;

    // Cancels pending operations (used by deadlines); the stream stays usable.
    void cancel() noexcept {
        boost::system::error_code ignored;
        socket().cancel(ignored);
    }
    void close() noexcept {
        boost::system::error_code ignored;
        socket().close(ignored);
    }
};

class TcpByteStream final : public ByteStream {
public:
    explicit TcpByteStream(tcp::socket socket) : m_socket(std::move(socket)) {}
    asio::awaitable<IoResult> readSome(asio::mutable_buffer buffer) override;
    asio::awaitable<IoResult> writeAll(std::string_view bytes) override;
    asio::awaitable<void> shutdownSend() override;
    tcp::socket& socket() override { return m_socket; }
    bool isTls() const override { return false; }

private:
    tcp::socket m_socket;
};

class TlsByteStream final : public ByteStream {
public:
    using Stream = asio::ssl::stream<tcp::socket>;
    TlsByteStream(tcp::socket socket, asio::ssl::context& context) : m_stream(std::move(socket), context) {}
    asio::awaitable<IoResult> readSome(asio::mutable_buffer buffer) override;
    asio::awaitable<IoResult> writeAll(std::string_view bytes) override;
    asio::awaitable<void> shutdownSend() override;
    tcp::socket& socket() override { return m_stream.next_layer(); }
    bool isTls() const override { return true; }

    Stream& stream() { return m_stream; }
    SSL* ssl() { return m_stream.native_handle(); }

private:
    Stream m_stream;
};

} // namespace flowscope::engine
