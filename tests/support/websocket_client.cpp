#include "support/websocket_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <openssl/ssl.h>
#include <variant>

namespace flowscope::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<asio::ssl::stream<beast::tcp_stream>>;

struct WebSocketClient::Impl {
    explicit Impl(const WebSocketTarget& t) : target(t) {}

    // Runs one asynchronous operation to completion on the private io_context; the
    // stream's expiry (TCP/TLS phase) or the WebSocket idle timeout bounds it.
    template <class Start> ErrorCode await(Start start) {
        ErrorCode result = asio::error::would_block;
        bool done = false;
        start([&](ErrorCode error, auto&&...) {
            result = error;
            done = true;
        });
        io.restart();
        while (!done && io.run_one() > 0) {
        }
        return result;
    }

    template <class Body> void withWs(Body&& body) {
        std::visit([&](auto& ws) { body(*ws); }, stream);
    }

    beast::tcp_stream connectToProxy() {
        beast::tcp_stream tcpStream(io);
        tcpStream.expires_after(target.timeout);
        const tcp::endpoint proxy(asio::ip::make_address("127.0.0.1"), target.proxyPort);
        if (const ErrorCode error = await([&](auto handler) { tcpStream.async_connect(proxy, handler); }))
            throw WebSocketError("connecting to the proxy: " + error.message());
        ErrorCode ignored; // no delayed-ACK stalls between the frames of one message
        tcpStream.socket().set_option(tcp::no_delay(true), ignored);
        return tcpStream;
    }

    // CONNECT host:port, then TLS verified against the proxy's CA (the name checked is the host).
    asio::ssl::stream<beast::tcp_stream> openTunnel(beast::tcp_stream tcpStream) {
        const std::string authority = target.host + ":" + std::to_string(target.port);
        http::request<http::empty_body> connect(http::verb::connect, authority, 11);
        connect.set(http::field::host, authority);
        if (const ErrorCode error = await([&](auto handler) { http::async_write(tcpStream, connect, handler); }))
            throw WebSocketError("sending CONNECT: " + error.message());
        http::response_parser<http::empty_body> parser;
        parser.skip(true); // a 2xx answer to CONNECT has no body (RFC 9110 §9.3.6)
        beast::flat_buffer buffer;
        if (const ErrorCode error =
                await([&](auto handler) { http::async_read_header(tcpStream, buffer, parser, handler); }))
            throw WebSocketError("reading the CONNECT response: " + error.message());
        if (parser.get().result_int() != 200)
            throw WebSocketError("CONNECT answered " + std::to_string(parser.get().result_int()));
        ssl.emplace(asio::ssl::context::tls_client);
        ssl->load_verify_file(target.caFile.string());
        ssl->set_verify_mode(asio::ssl::verify_peer);
        asio::ssl::stream<beast::tcp_stream> tls(std::move(tcpStream), *ssl);
        SSL* handle = tls.native_handle();
        // SSL_set_tlsext_host_name is a macro with an old-style cast; this is its body.
        SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, target.host.data());
        SSL_set1_host(handle, target.host.c_str());
        if (const ErrorCode error =
                await([&](auto handler) { tls.async_handshake(asio::ssl::stream_base::client, handler); }))
            throw WebSocketError("TLS handshake: " + error.message());
        return tls;
    }

    template <class Ws> void prepare(Ws& ws) {
        beast::get_lowest_layer(ws).expires_never(); // the WebSocket timeouts take over
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = target.timeout;
        timeouts.idle_timeout = target.timeout;
        timeouts.keep_alive_pings = false;
        ws.set_option(timeouts);
        websocket::permessage_deflate deflate;
        deflate.client_enable = target.offerDeflate;
        ws.set_option(deflate);
        ws.read_message_max(64 * 1024 * 1024);
        ws.control_callback([this](websocket::frame_type kind, beast::string_view payload) {
            const auto what = kind == websocket::frame_type::ping   ? WsControl::Kind::Ping
                              : kind == websocket::frame_type::pong ? WsControl::Kind::Pong
                                                                    : WsControl::Kind::Close;
            controls.push_back({what, std::string(payload)});
        });
    }

    template <class Ws> void handshake(Ws& ws, const std::string& requestTarget) {
        const std::string hostHeader = target.host + ":" + std::to_string(target.port);
        websocket::response_type response;
        if (const ErrorCode error =
                await([&](auto handler) { ws.async_handshake(response, hostHeader, requestTarget, handler); }))
            throw WebSocketError("WebSocket handshake: " + error.message() + " (status " +
                                 std::to_string(response.result_int()) + ")");
        extensions = std::string(response[http::field::sec_websocket_extensions]);
    }

    void noteClose() {
        withWs([&](auto& ws) {
            closeCode = static_cast<std::uint16_t>(ws.reason().code);
            closeReason = std::string(ws.reason().reason.c_str());
        });
    }

    WebSocketTarget target;
    asio::io_context io;
    std::optional<asio::ssl::context> ssl;
    std::variant<std::unique_ptr<PlainWs>, std::unique_ptr<TlsWs>> stream;
    std::string extensions;
    beast::flat_buffer buffer;
    std::vector<WsControl> controls;
    std::uint16_t closeCode = 0;
    std::string closeReason;
};

WebSocketClient::WebSocketClient(const WebSocketTarget& target) : m_impl(std::make_unique<Impl>(target)) {
    Impl& impl = *m_impl;
    beast::tcp_stream tcpStream = impl.connectToProxy();
    if (target.tls) {
        auto ws = std::make_unique<TlsWs>(impl.openTunnel(std::move(tcpStream)));
        impl.prepare(*ws);
        impl.handshake(*ws, target.path); // origin-form inside the tunnel
        impl.stream = std::move(ws);
    } else {
        auto ws = std::make_unique<PlainWs>(std::move(tcpStream));
        impl.prepare(*ws);
        // Absolute-form to a forward proxy (RFC 9112 §3.2.2).
        impl.handshake(*ws, "http://" + target.host + ":" + std::to_string(target.port) + target.path);
        impl.stream = std::move(ws);
    }
}

WebSocketClient::~WebSocketClient() = default;

const std::string& WebSocketClient::acceptedExtensions() const {
    return m_impl->extensions;
}

void WebSocketClient::send(const WsMessage& message) {
    Impl& impl = *m_impl;
    ErrorCode error;
    impl.withWs([&](auto& ws) {
        ws.text(message.text);
        error = impl.await([&](auto handler) { ws.async_write(asio::buffer(message.payload), handler); });
    });
    if (error)
        throw WebSocketError("sending a message: " + error.message());
}

void WebSocketClient::sendFragmented(const WsMessage& message, std::size_t pieces) {
    Impl& impl = *m_impl;
    const std::size_t size = (message.payload.size() + pieces - 1) / pieces;
    ErrorCode error;
    impl.withWs([&](auto& ws) {
        ws.text(message.text);
        ws.auto_fragment(false); // one write_some call, one frame
        for (std::size_t i = 0; i < pieces && !error; ++i) {
            const std::string_view piece =
                std::string_view(message.payload).substr(std::min(message.payload.size(), i * size), size);
            error = impl.await([&](auto handler) {
                ws.async_write_some(i + 1 == pieces, asio::buffer(piece.data(), piece.size()), handler);
            });
        }
        ws.auto_fragment(true);
    });
    if (error)
        throw WebSocketError("sending a fragmented message: " + error.message());
}

void WebSocketClient::ping(std::string_view payload) {
    Impl& impl = *m_impl;
    const websocket::ping_data data(payload.data(), payload.size());
    ErrorCode error;
    impl.withWs([&](auto& ws) { error = impl.await([&](auto handler) { ws.async_ping(data, handler); }); });
    if (error)
        throw WebSocketError("sending a ping: " + error.message());
}

std::optional<WsMessage> WebSocketClient::read() {
    Impl& impl = *m_impl;
    ErrorCode error;
    bool text = false;
    impl.withWs([&](auto& ws) {
        error = impl.await([&](auto handler) { ws.async_read(impl.buffer, handler); });
        text = ws.got_text();
    });
    if (error == websocket::error::closed) {
        impl.noteClose();
        return std::nullopt;
    }
    if (error)
        throw WebSocketError("reading a message: " + error.message());
    WsMessage message{text, beast::buffers_to_string(impl.buffer.data())};
    impl.buffer.consume(impl.buffer.size());
    return message;
}

void WebSocketClient::close(std::uint16_t code, std::string_view reason) {
    Impl& impl = *m_impl;
    const websocket::close_reason status(static_cast<websocket::close_code>(code), reason);
    ErrorCode error;
    impl.withWs([&](auto& ws) { error = impl.await([&](auto handler) { ws.async_close(status, handler); }); });
    if (error)
        throw WebSocketError("sending Close: " + error.message());
    // Beast's close completes the handshake: it reads (and discards) until the server's
    // Close arrives (RFC 6455 §7.1.1), then closes the connection.
    impl.noteClose();
}

std::uint16_t WebSocketClient::closeCode() const {
    return m_impl->closeCode;
}

std::string WebSocketClient::closeReason() const {
    return m_impl->closeReason;
}

const std::vector<WsControl>& WebSocketClient::controls() const {
    return m_impl->controls;
}

} // namespace flowscope::test
