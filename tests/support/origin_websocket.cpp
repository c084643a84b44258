#include "support/origin_websocket.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>

namespace flowscope::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

template <class Stream> asio::awaitable<void> echo(Stream stream, UpgradeRequest request) {
    websocket::stream<Stream> ws(std::move(stream));
    beast::get_lowest_layer(ws).expires_never(); // the websocket timeouts below take over
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = std::chrono::seconds(60);
    timeouts.keep_alive_pings = false;
    ws.set_option(timeouts);
    auto [accepted] = co_await ws.async_accept(request, kNoThrow);
    if (accepted)
        co_return;
    beast::flat_buffer buffer;
    while (true) {
        auto [readError, bytes] = co_await ws.async_read(buffer, kNoThrow);
        if (readError)
            co_return; // a close frame from the peer is answered by Beast
        ws.text(ws.got_text());
        auto [writeError, written] = co_await ws.async_write(buffer.data(), kNoThrow);
        if (writeError)
            co_return;
        buffer.consume(buffer.size());
    }
}

} // namespace

bool isWebSocketUpgrade(const UpgradeRequest& request) {
    return websocket::is_upgrade(request);
}

asio::awaitable<void> echoWebSocket(beast::tcp_stream stream, UpgradeRequest request) {
    co_await echo(std::move(stream), std::move(request));
}

asio::awaitable<void> echoWebSocket(asio::ssl::stream<beast::tcp_stream> stream, UpgradeRequest request) {
    co_await echo(std::move(stream), std::move(request));
}

} // namespace flowscope::test
