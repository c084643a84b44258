#include "client/proxy_exchange.hpp"

#include "client/client_tls.hpp"
#include "client/request_headers.hpp"
#include "http/url.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

namespace flowscope::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t kHeaderLimit = 64 * 1024; // the proxy's own head limit
constexpr std::size_t kChunkSize = 16 * 1024;

// Everything one exchange needs while its coroutine runs.
struct Exchange {
    const SenderConfig& config;
    ExchangeControl& control;
    Clock::time_point deadline;
    beast::flat_buffer buffer;
    SendResult result;

    // Turns a failed step ("sending the request") into the result's one-line error.
    void fail(std::string_view step, const ErrorCode& error) {
        if (control.cancelled)
            result.error = "cancelled";
        else if (error == beast::error::timeout)
            result.error = "timed out after " + std::to_string(config.timeout.count()) + " ms " + std::string(step);
        else
            result.error = std::string(step) + " failed: " + error.message();
    }
};

// 0.0.0.0 and :: are where a proxy listens, not where a client connects.
std::optional<asio::ip::address> proxyAddress(const std::string& host) {
    if (host == "localhost" || host == "0.0.0.0")
        return asio::ip::make_address_v4("127.0.0.1");
    if (host == "::" || host == "[::]")
        return asio::ip::address_v6::loopback();
    std::string literal = host;
    if (literal.size() > 2 && literal.front() == '[' && literal.back() == ']')
        literal = literal.substr(1, literal.size() - 2);
    ErrorCode error;
    const auto address = asio::ip::make_address(literal, error);
    if (error)
        return std::nullopt;
    return address;
}

bhttp::request<bhttp::string_body> buildMessage(const RequestSpec& spec, const std::string& target) {
    bhttp::request<bhttp::string_body> message;
    message.method_string(spec.method);
    message.target(target);
    message.version(11);
    // effectiveHeaders() already carries the right Content-Length; prepare_payload() is not
    // called because it would rewrite fields the user chose.
    for (const auto& [name, value] : effectiveHeaders(spec))
        message.insert(name, value);
    message.body() = spec.body;
    return message;
}

// Reads the final response (interim 1xx are skipped), keeping up to the cap of the body.
template <class Stream>
asio::awaitable<void> readResponse(Exchange& exchange, Stream& stream, beast::tcp_stream& lowest, bool isHead) {
    SendResult& result = exchange.result;
    for (;;) {
        bhttp::response_parser<bhttp::buffer_body> parser;
        parser.header_limit(kHeaderLimit);
        parser.body_limit(boost::none); // capped below, not refused
        if (isHead)
            parser.skip(true);
        lowest.expires_at(exchange.deadline);
        auto [headError, headBytes] = co_await bhttp::async_read_header(stream, exchange.buffer, parser, kNoThrow);
        if (headError) {
            exchange.fail("waiting for the response", headError);
            co_return;
        }
        const auto& head = parser.get();
        const int status = static_cast<int>(head.result_int());
        if (status >= 100 && status < 200 && status != 101)
            continue; // 100 Continue, 103 Early Hints: the real answer follows
        result.status = status;
        result.reason = std::string(head.reason());
        result.headers.clear();
        for (const auto& field : head)
            result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));

        std::vector<char> chunk(kChunkSize);
        while (!parser.is_done()) {
            parser.get().body().data = chunk.data();
            parser.get().body().size = chunk.size();
            lowest.expires_at(exchange.deadline);
            auto [readError, readBytes] = co_await bhttp::async_read(stream, exchange.buffer, parser, kNoThrow);
            const std::size_t got = chunk.size() - parser.get().body().size;
            result.bodySize += got;
            const std::size_t room =
                exchange.config.maxResponseBody - std::min(exchange.config.maxResponseBody, result.body.size());
            result.body.append(chunk.data(), std::min(got, room));
            result.bodyTruncated = result.bodyTruncated || got > room;
            if (readError == bhttp::error::need_buffer)
                continue;
            // A body delimited by the connection's end may end without TLS close_notify
            // (RFC 8446 §6.1 allows it when the framing is complete otherwise).
            if (readError == asio::ssl::error::stream_truncated && parser.need_eof()) {
                ErrorCode eofError;
                parser.put_eof(eofError);
                break;
            }
            if (readError) {
                exchange.fail("reading the response body", readError);
                co_return;
            }
        }
        co_return;
    }
}

template <class Stream>
asio::awaitable<void> sendAndRead(Exchange& exchange, Stream& stream, beast::tcp_stream& lowest,
                                  const RequestSpec& spec, const std::string& target) {
    auto message = buildMessage(spec, target);
    lowest.expires_at(exchange.deadline);
    auto [writeError, written] = co_await bhttp::async_write(stream, message, kNoThrow);
    if (writeError) {
        exchange.fail("sending the request", writeError);
        co_return;
    }
    const bool isHead = spec.method == "HEAD";
    co_await readResponse(exchange, stream, lowest, isHead);
}

// CONNECT host:port through the proxy; true when it answered 2xx.
asio::awaitable<bool> openTunnel(Exchange& exchange, beast::tcp_stream& stream, const http::Authority& authority) {
    const std::string target = authority.toString();
    bhttp::request<bhttp::empty_body> connect(bhttp::verb::connect, target, 11);
    connect.set(bhttp::field::host, target);
    stream.expires_at(exchange.deadline);
    auto [writeError, written] = co_await bhttp::async_write(stream, connect, kNoThrow);
    if (writeError) {
        exchange.fail("sending CONNECT to the proxy", writeError);
        co_return false;
    }
    bhttp::response_parser<bhttp::empty_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.skip(true); // a 2xx answer to CONNECT has no body (RFC 9110 §9.3.6)
    stream.expires_at(exchange.deadline);
    auto [readError, read] = co_await bhttp::async_read_header(stream, exchange.buffer, parser, kNoThrow);
    if (readError) {
        exchange.fail("waiting for the proxy's answer to CONNECT", readError);
        co_return false;
    }
    const auto status = parser.get().result_int();
    if (status / 100 != 2) {
        exchange.result.error = "the proxy answered CONNECT " + target + " with " + std::to_string(status) + " " +
                                std::string(parser.get().reason());
        co_return false;
    }
    if (exchange.buffer.size() != 0) {
        exchange.result.error = "the proxy sent unexpected bytes after its answer to CONNECT";
        co_return false;
    }
    co_return true;
}

} // namespace

namespace {

// The steps after validation; `exchange.result` holds the outcome.
asio::awaitable<void> perform(Exchange& exchange, const ExchangeSetup& setup, const RequestSpec& spec,
                              const http::AbsoluteUrl& url, const asio::ip::address& address) {
    ExchangeControl& control = exchange.control;
    auto executor = co_await asio::this_coro::executor;
    beast::tcp_stream stream(executor);
    control.stream = &stream;
    const tcp::endpoint endpoint(address, setup.config.proxyPort);
    stream.expires_at(exchange.deadline);
    auto [connectError] = co_await stream.async_connect(endpoint, kNoThrow);
    if (control.cancelled || connectError) {
        const std::string step =
            "connecting to the proxy at " + setup.config.proxyHost + ":" + std::to_string(setup.config.proxyPort);
        exchange.fail(step, connectError);
        co_return;
    }

    if (url.scheme != "https") {
        // Absolute-form, as a client configured to use the proxy sends it.
        const std::string target = http::buildUrl(url.scheme, url.authority, url.pathAndQuery);
        co_await sendAndRead(exchange, stream, stream, spec, target);
        stream.close();
        co_return;
    }

    const bool tunnelOpen = co_await openTunnel(exchange, stream, url.authority);
    if (!tunnelOpen || control.cancelled) {
        if (control.cancelled)
            exchange.result.error = "cancelled";
        co_return;
    }
    asio::ssl::stream<beast::tcp_stream> tls(std::move(stream), *setup.tls);
    beast::tcp_stream& lowest = beast::get_lowest_layer(tls);
    control.stream = &lowest;
    prepareClientSsl(tls.native_handle(), url.authority.host);
    lowest.expires_at(exchange.deadline);
    auto [handshakeError] = co_await tls.async_handshake(asio::ssl::stream_base::client, kNoThrow);
    if (handshakeError) {
        if (control.cancelled || handshakeError == beast::error::timeout) {
            exchange.fail("in the TLS handshake with the proxy", handshakeError);
        } else {
            const std::string detail = describeHandshakeFailure(tls.native_handle(), handshakeError.message());
            exchange.result.error = "TLS handshake with the proxy for " + url.authority.host + " failed: " + detail +
                                    " (is the CA the proxy's own root?)";
        }
        co_return;
    }
    co_await sendAndRead(exchange, tls, lowest, spec, url.pathAndQuery);
    lowest.close(); // no close_notify: the response is complete, and waiting for the peer's gains nothing
}

} // namespace

asio::awaitable<SendResult> runExchange(ExchangeSetup setup, RequestSpec spec, ExchangeControl& control) {
    const auto started = Clock::now();
    Exchange exchange{setup.config, control, started + setup.config.timeout, {}, {}};
    if (std::string problem = validateRequest(spec); !problem.empty()) {
        exchange.result.error = std::move(problem);
        co_return exchange.result;
    }
    const auto url = http::parseAbsoluteUrl(spec.url);
    const auto address = proxyAddress(setup.config.proxyHost);
    if (url->scheme == "https" && setup.tls == nullptr) {
        exchange.result.error = setup.tlsError;
    } else if (!address) {
        exchange.result.error = "the proxy address \"" + setup.config.proxyHost + "\" is not an IP address";
    } else if (control.cancelled) {
        exchange.result.error = "cancelled";
    } else {
        co_await perform(exchange, setup, spec, *url, *address);
    }
    control.stream = nullptr;
    exchange.result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    co_return exchange.result;
}

} // namespace flowscope::client
