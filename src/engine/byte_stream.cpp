#include "engine/byte_stream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace flowscope::engine {
namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}

bool isCleanClose(const boost::system::error_code& error) noexcept {
    return error == asio::error::eof || error == asio::ssl::error::stream_truncated ||
           error == asio::error::connection_reset || error == asio::error::broken_pipe;
}

asio::awaitable<IoResult> TcpByteStream::readSome(asio::mutable_buffer buffer) {
    auto [error, bytes] = co_await m_socket.async_read_some(buffer, kNoThrow);
    co_return IoResult{error, bytes};
}

asio::awaitable<IoResult> TcpByteStream::writeAll(std::string_view bytes) {
    auto [error, written] = co_await asio::async_write(m_socket, asio::buffer(bytes.data(), bytes.size()), kNoThrow);
    co_return IoResult{error, written};
}

asio::awaitable<void> TcpByteStream::shutdownSend() {
    boost::system::error_code ignored;
    m_socket.shutdown(tcp::socket::shutdown_send, ignored);
    co_return;
}

asio::awaitable<IoResult> TlsByteStream::readSome(asio::mutable_buffer buffer) {
    auto [error, bytes] = co_await m_stream.async_read_some(buffer, kNoThrow);
    co_return IoResult{error, bytes};
}

asio::awaitable<IoResult> TlsByteStream::writeAll(std::string_view bytes) {
    auto [error, written] = co_await asio::async_write(m_stream, asio::buffer(bytes.data(), bytes.size()), kNoThrow);
    co_return IoResult{error, written};
}

asio::awaitable<void> TlsByteStream::shutdownSend() {
    // Send our close_notify without waiting for the peer's: marking the peer's as already
    // received makes SSL_shutdown complete after writing ours, so a peer that never
    // answers cannot hold the connection open. The close_notify matters for responses
    // delimited by connection close (OpenSSL 3 clients report a truncated stream otherwise).
    SSL* ssl = m_stream.native_handle();
    SSL_set_shutdown(ssl, SSL_get_shutdown(ssl) | SSL_RECEIVED_SHUTDOWN);
    auto [error] = co_await m_stream.async_shutdown(kNoThrow);
    static_cast<void>(error);
    boost::system::error_code ignored;
    m_stream.next_layer().shutdown(tcp::socket::shutdown_send, ignored);
}

} // namespace flowscope::engine
