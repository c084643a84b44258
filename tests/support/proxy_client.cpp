#include "support/proxy_client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

namespace flowscope::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

namespace {

constexpr std::uint64_t kMaxResponseBody = 512ull * 1024 * 1024;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// "http://host:port/path" -> "host:port" (what a client puts in Host).
std::string authorityOf(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos)
        return {};
    const std::string_view rest = url.substr(scheme + 3);
    return std::string(rest.substr(0, rest.find_first_of("/?#")));
}

} // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (equalsIgnoreCase(key, name))
            return value;
    }
    return std::nullopt;
}

std::size_t HttpResponse::headerCount(std::string_view name) const {
    return static_cast<std::size_t>(std::count_if(
        headers.begin(), headers.end(), [&](const auto& field) { return equalsIgnoreCase(field.first, name); }));
}

struct ProxyClient::Impl {
    Impl(std::uint16_t port, std::chrono::milliseconds limit) : proxyPort(port), timeout(limit) {}

    // Runs one asynchronous operation to completion on the private io_context. The stream's
    // expiry (set before each operation) bounds it.
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

    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

    void connect() {
        close();
        plain.emplace(io);
        plain->expires_after(timeout);
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), proxyPort);
        if (const ErrorCode error = await([&](auto handler) { plain->async_connect(endpoint, handler); }))
            throw ClientError("connect to the proxy: " + error.message());
        ++opened;
    }

    void close() {
        if (tls) {
            beast::get_lowest_layer(*tls).close();
            tls.reset();
        }
        if (plain) {
            plain->close();
            plain.reset();
        }
        buffer.clear();
        inTunnel = false;
    }

    template <class Stream> HttpResponse exchange(Stream& stream, const HttpRequest& request) {
        write(stream, request);
        http::response_parser<http::string_body> parser;
        parser.body_limit(kMaxResponseBody);
        if (request.method == "HEAD")
            parser.skip(true);
        lowest().expires_after(timeout);
        if (const ErrorCode error = await([&](auto handler) { http::async_read(stream, buffer, parser, handler); }))
            throw ClientError("reading the response: " + error.message());
        const auto& message = parser.get();
        HttpResponse response;
        response.status = static_cast<int>(message.result_int());
        response.reason = std::string(message.reason());
        for (const auto& field : message)
            response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        response.body = message.body();
        response.keepAlive = message.keep_alive();
        return response;
    }

    template <class Stream> void write(Stream& stream, const HttpRequest& request) {
        http::request<http::string_body> message;
        message.method_string(request.method);
        message.target(request.target);
        message.version(11);
        bool hasHost = false;
        for (const auto& [name, value] : request.headers) {
            message.insert(name, value);
            hasHost = hasHost || equalsIgnoreCase(name, "Host");
        }
        if (!hasHost)
            message.set(http::field::host, inTunnel ? tunnelAuthority : authorityOf(request.target));
        lowest().expires_after(timeout);
        ErrorCode error;
        if (!request.chunked) {
            message.body() = request.body;
            message.prepare_payload();
            error = await([&](auto handler) { http::async_write(stream, message, handler); });
        } else {
            message.chunked(true);
            http::request_serializer<http::string_body> head(message);
            error = await([&](auto handler) { http::async_write_header(stream, head, handler); });
            for (std::size_t offset = 0; !error && offset < request.body.size(); offset += request.chunkSize) {
                const std::size_t size = std::min(request.chunkSize, request.body.size() - offset);
                lowest().expires_after(timeout);
                error = await([&](auto handler) {
                    asio::async_write(stream, http::make_chunk(asio::buffer(request.body.data() + offset, size)),
                                      handler);
                });
            }
            if (!error)
                error = await([&](auto handler) { asio::async_write(stream, http::make_chunk_last(), handler); });
        }
        if (error)
            throw ClientError("sending the request: " + error.message());
    }

    asio::io_context io;
    std::uint16_t proxyPort;
    std::chrono::milliseconds timeout;
    std::optional<beast::tcp_stream> plain;
    std::optional<asio::ssl::context> ssl;
    std::optional<asio::ssl::stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer;
    bool inTunnel = false;
    std::string tunnelAuthority;
    unsigned opened = 0;
};

ProxyClient::ProxyClient(std::uint16_t proxyPort, std::chrono::milliseconds timeout)
    : m_impl(std::make_unique<Impl>(proxyPort, timeout)) {}

ProxyClient::~ProxyClient() = default;

HttpResponse ProxyClient::send(const HttpRequest& request) {
    Impl& impl = *m_impl;
    HttpResponse response;
    if (impl.inTunnel) {
        if (!impl.tls)
            throw ClientError("the tunnel is closed");
        response = impl.exchange(*impl.tls, request);
    } else {
        if (!impl.plain)
            impl.connect();
        response = impl.exchange(*impl.plain, request);
    }
    if (!response.keepAlive) {
        const bool wasTunnel = impl.inTunnel;
        impl.close();
        impl.inTunnel = wasTunnel; // later sends fail instead of silently leaving the tunnel
    }
    return response;
}

HttpResponse ProxyClient::get(const std::string& target) {
    HttpRequest request;
    request.target = target;
    return send(request);
}

void ProxyClient::openTunnel(const TlsTarget& target) {
    Impl& impl = *m_impl;
    impl.connect();
    impl.tunnelAuthority = target.host + ":" + std::to_string(target.port);
    http::request<http::empty_body> connect(http::verb::connect, impl.tunnelAuthority, 11);
    connect.set(http::field::host, impl.tunnelAuthority);
    impl.plain->expires_after(impl.timeout);
    if (const ErrorCode error = impl.await([&](auto handler) { http::async_write(*impl.plain, connect, handler); }))
        throw ClientError("sending CONNECT: " + error.message());
    http::response_parser<http::empty_body> parser;
    parser.skip(true); // a 2xx answer to CONNECT has no body (RFC 9110 §9.3.6)
    if (const ErrorCode error =
            impl.await([&](auto handler) { http::async_read_header(*impl.plain, impl.buffer, parser, handler); }))
        throw ClientError("reading the CONNECT response: " + error.message());
    if (parser.get().result_int() != 200)
        throw ClientError("CONNECT answered " + std::to_string(parser.get().result_int()));
    if (impl.buffer.size() != 0)
        throw ClientError("the proxy sent bytes after its CONNECT response");

    impl.ssl.emplace(asio::ssl::context::tls_client);
    impl.ssl->load_verify_file(target.caFile.string());
    impl.ssl->set_verify_mode(asio::ssl::verify_peer);
    impl.tls.emplace(std::move(*impl.plain), *impl.ssl);
    impl.plain.reset();
    SSL* ssl = impl.tls->native_handle();
    std::string sni = target.sni.empty() ? target.host : target.sni;
    // SSL_set_tlsext_host_name is a macro with an old-style cast; this is its body.
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, sni.data());
    SSL_set1_host(ssl, target.host.c_str());
    impl.inTunnel = true;
    impl.lowest().expires_after(impl.timeout);
    if (const ErrorCode error =
            impl.await([&](auto handler) { impl.tls->async_handshake(asio::ssl::stream_base::client, handler); })) {
        const long verify = SSL_get_verify_result(ssl);
        const std::string detail = verify == X509_V_OK ? "" : std::string(": ") + X509_verify_cert_error_string(verify);
        impl.close();
        impl.inTunnel = true;
        throw ClientError("TLS handshake: " + error.message() + detail);
    }
}

bool ProxyClient::connected() const {
    return m_impl->plain.has_value() || m_impl->tls.has_value();
}
unsigned ProxyClient::connectionsOpened() const {
    return m_impl->opened;
}
void ProxyClient::close() {
    m_impl->close();
}

} // namespace flowscope::test
