#include "support/origin_websocket.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <charconv>
#include <chrono>

namespace flowscope::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// "<number> <rest>" -> number and rest; number 0 when there is none.
std::pair<unsigned, std::string_view> numberAndRest(std::string_view text) {
    unsigned number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    std::string_view rest = text.substr(static_cast<std::size_t>(end - text.data()));
    if (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    return {error == std::errc() ? number : 0, rest};
}

template <class Ws> asio::awaitable<bool> sendFragmented(Ws& ws, std::string_view command) {
    const auto [pieces, text] = numberAndRest(command);
    const std::size_t count = std::max(1u, pieces);
    const std::size_t size = (text.size() + count - 1) / count;
    ws.text(true);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string_view piece = text.substr(std::min(text.size(), i * size), size);
        const bool last = i + 1 == count;
        auto [error, written] = co_await ws.async_write_some(last, asio::buffer(piece.data(), piece.size()), kNoThrow);
        if (error)
            co_return false;
    }
    co_return true;
}

// Runs a '!' command; false when the connection is over.
template <class Ws> asio::awaitable<bool> runCommand(Ws& ws, std::string_view command) {
    if (command.substr(0, kOriginWsClose.size()) == kOriginWsClose) {
        const auto [code, reason] = numberAndRest(command.substr(kOriginWsClose.size()));
        const websocket::close_reason status(static_cast<websocket::close_code>(code), reason);
        // Beast's close waits for the client's Close answer, then closes the connection.
        auto [closeError] = co_await ws.async_close(status, kNoThrow);
        static_cast<void>(closeError);
        co_return false;
    }
    if (command.substr(0, kOriginWsPing.size()) == kOriginWsPing) {
        const std::string payload(command.substr(kOriginWsPing.size()));
        const websocket::ping_data ping(payload);
        auto [pingError] = co_await ws.async_ping(ping, kNoThrow);
        if (pingError)
            co_return false;
        ws.text(true);
        auto [writeError, written] = co_await ws.async_write(asio::buffer(command.data(), command.size()), kNoThrow);
        co_return !writeError;
    }
    if (command.substr(0, kOriginWsFragment.size()) == kOriginWsFragment)
        co_return co_await sendFragmented(ws, command.substr(kOriginWsFragment.size()));
    ws.text(true); // unknown command: echoed like any message
    auto [writeError, written] = co_await ws.async_write(asio::buffer(command.data(), command.size()), kNoThrow);
    co_return !writeError;
}

template <class Stream> asio::awaitable<void> echo(Stream stream, UpgradeRequest request) {
    websocket::stream<Stream> ws(std::move(stream));
    beast::get_lowest_layer(ws).expires_never(); // the websocket timeouts below take over
    // Beast writes a large message as several frames: without TCP_NODELAY the last small
    // write waits for the peer's delayed ACK (~40 ms a message).
    beast::error_code ignored;
    beast::get_lowest_layer(ws).socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = std::chrono::seconds(60);
    timeouts.keep_alive_pings = false;
    ws.set_option(timeouts);
    websocket::permessage_deflate deflate;
    deflate.server_enable = true; // used only when the client offers it
    ws.set_option(deflate);
    ws.read_message_max(64 * 1024 * 1024);
    auto [accepted] = co_await ws.async_accept(request, kNoThrow);
    if (accepted)
        co_return;
    beast::flat_buffer buffer;
    while (true) {
        auto [readError, bytes] = co_await ws.async_read(buffer, kNoThrow);
        if (readError)
            co_return; // a close frame from the peer is answered by Beast
        if (ws.got_text() && buffer.size() > 1 && static_cast<const char*>(buffer.data().data())[0] == '!') {
            const std::string command = beast::buffers_to_string(buffer.data());
            buffer.consume(buffer.size());
            if (!co_await runCommand(ws, command))
                co_return;
            continue;
        }
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
