// HttpRelay, upstream and response side: connection acquisition, response head, body

#include "engine/elapsed.hpp"
// relay back to the client, protocol upgrades, and the flow record at the end.
#include "engine/body_pump.hpp"
#include "engine/error_page.hpp"
#include "engine/header_rewrite.hpp"
#include "engine/http_relay.hpp"
#include "engine/tunnel_relay.hpp"
#include "engine/upstream_pool.hpp"
#include "engine/watchdog.hpp"
#include "engine/websocket_recorder.hpp"
#include "store/flow_sink.hpp"

#include <boost/asio/this_coro.hpp>
#include <fmt/format.h>

namespace flowscope::engine {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
// Messages of an open WebSocket reach the store at least this often (or in batches of
// RecorderLimits::batchMessages / batchBytes, whichever comes first).
constexpr auto kMessageFlushInterval = std::chrono::milliseconds(100);

// permessage-deflate as the server accepted it (RFC 7692 §5): several extension fields
// are one list (RFC 9110 §5.3).
std::optional<http::websocket::DeflateParams> negotiatedDeflate(const http::Headers& responseHeaders) {
    std::string extensions;
    for (const http::HeaderField& field : responseHeaders) {
        if (http::equalsIgnoreCase(field.name, "Sec-WebSocket-Extensions")) {
            if (!extensions.empty())
                extensions += ", ";
            extensions += field.value;
        }
    }
    if (extensions.empty())
        return std::nullopt;
    return http::websocket::parseDeflateExtension(extensions);
}

RecorderLimits recorderLimits(const ProxyOptions& options) {
    RecorderLimits limits;
    limits.maxCapture = options.captureBodies ? options.maxBodySize : 0;
    return limits;
}

} // namespace

void HttpRelay::dropUpstream() {
    if (m_upstream)
        m_upstream->stream->close();
    m_upstream.reset();
    m_upstreamReusable = false;
    m_upstreamDeadline.setExpiryAction(nullptr);
}

void HttpRelay::publish(store::Flow& flow) {
    if (flow.endedAtUs == 0)
        flow.endedAtUs = nowMicros();
    m_context.sink.publish(std::move(flow));
    m_context.counters.flowsPublished.fetch_add(1, std::memory_order_relaxed);
}

boost::asio::awaitable<bool> HttpRelay::acquireUpstream(const UpstreamKey& key, store::Flow& flow, bool forceNew) {
    if (m_upstream && (forceNew || !m_upstreamReusable || m_upstream->key != key)) {
        if (m_upstreamReusable && !forceNew) {
            m_upstreamDeadline.setExpiryAction(nullptr);    // it must never reach a pooled connection
            m_context.pool.giveBack(std::move(m_upstream)); // another host's: someone else may use it
        } else
            dropUpstream();
        m_upstream.reset();
    }
    if (!m_upstream && !forceNew)
        m_upstream = m_context.pool.take(key);
    if (m_upstream) {
        m_context.counters.upstreamConnectsReused.fetch_add(1, std::memory_order_relaxed);
    } else {
        ConnectOutcome outcome =
            co_await connectUpstream(key, m_context.upstreamTls, m_upstreamDeadline, m_context.options.connectTimeout);
        flow.timing.dnsUs = outcome.timing.dnsUs;
        flow.timing.connectUs = outcome.timing.connectUs;
        flow.timing.tlsUs = outcome.timing.tlsUs;
        if (outcome.error) {
            co_await failExchange(flow, outcome.error);
            co_return false;
        }
        m_upstream = std::move(outcome.connection);
        m_context.counters.upstreamConnectsOpened.fetch_add(1, std::memory_order_relaxed);
    }
    m_upstreamReusable = false;
    flow.tls.upstreamVersion = m_upstream->tls.upstreamVersion;
    flow.tls.upstreamCipher = m_upstream->tls.upstreamCipher;
    flow.tls.upstreamCertSubject = m_upstream->tls.upstreamCertSubject;
    flow.tls.upstreamCertIssuer = m_upstream->tls.upstreamCertIssuer;
    co_return true;
}

boost::asio::awaitable<HttpRelay::ResponseHeadOutcome> HttpRelay::readResponseHead(bool isHeadRequest,
                                                                                   bool answeredContinue) {
    UpstreamConnection& upstream = *m_upstream;
    bool sawAnyByte = false;
    m_responseParser.reset();
    if (isHeadRequest)
        m_responseParser.skipBody();
    m_upstreamDeadline.arm(m_context.options.upstreamTimeout);
    while (true) {
        if (!upstream.buffer.empty()) {
            sawAnyByte = true;
            const http::HeadResult parsed = m_responseParser.parseHead(upstream.buffer.readable());
            if (parsed.state == http::HeadResult::State::Invalid) {
                m_upstreamError = m_responseParser.error();
                m_upstreamDeadline.disarm();
                co_return ResponseHeadOutcome::Invalid;
            }
            if (parsed.state == http::HeadResult::State::Complete) {
                upstream.buffer.consume(parsed.consumed);
                const int status = m_responseParser.head().status;
                if (status >= 200 || status == 101) {
                    m_upstreamDeadline.disarm();
                    co_return ResponseHeadOutcome::Ready;
                }
                // Interim response (100, 102, 103): pass it on, keep waiting for the final one.
                if (!(status == 100 && answeredContinue)) {
                    http::ResponseHead interim = m_responseParser.head();
                    removeHopByHopFields(interim.headers, false);
                    m_scratch.clear();
                    http::appendHead(m_scratch, interim);
                    const IoResult written = co_await m_client.stream->writeAll(m_scratch);
                    m_client.bytesOut += written.bytes;
                }
                m_responseParser.reset();
                if (isHeadRequest)
                    m_responseParser.skipBody();
                continue;
            }
        }
        std::size_t available = 0;
        char* space = upstream.buffer.prepare(kReadChunk, available);
        const IoResult read = co_await upstream.stream->readSome(boost::asio::buffer(space, available));
        upstream.buffer.commit(read.bytes);
        if (read.error && read.bytes == 0) {
            m_upstreamDeadline.disarm();
            m_upstreamError = read.error.message();
            if (m_upstreamDeadline.expired())
                co_return ResponseHeadOutcome::TimedOut;
            if (sawAnyByte)
                co_return ResponseHeadOutcome::ClosedMidHead;
            // EOF, TLS truncation or a reset before any byte: the server dropped the
            // connection (typical of a stale pooled one, so the caller may retry).
            co_return isCleanClose(read.error) ? ResponseHeadOutcome::ClosedBeforeResponse : ResponseHeadOutcome::Reset;
        }
    }
}

FlowError HttpRelay::responseHeadError(ResponseHeadOutcome outcome, const UpstreamKey& key) const {
    const std::string hostPort = key.hostPort();
    switch (outcome) {
    case ResponseHeadOutcome::TimedOut:
        return {error_kind::kUpstreamTimeout,
                fmt::format("{}: no response within {} ms", hostPort, m_context.options.upstreamTimeout.count()), 504};
    case ResponseHeadOutcome::Invalid:
        return {error_kind::kUpstreamBadResponse, fmt::format("{}: invalid response: {}", hostPort, m_upstreamError),
                502};
    case ResponseHeadOutcome::ClosedBeforeResponse:
        return {error_kind::kUpstreamReset,
                fmt::format("{}: the server closed the connection without answering ({})", hostPort, m_upstreamError),
                502};
    case ResponseHeadOutcome::ClosedMidHead:
        return {error_kind::kUpstreamReset,
                fmt::format("{}: the server closed the connection in the middle of the response head", hostPort), 502};
    case ResponseHeadOutcome::Reset:
    case ResponseHeadOutcome::Ready:
        break;
    }
    return {error_kind::kUpstreamReset, fmt::format("{}: connection failed: {}", hostPort, m_upstreamError), 502};
}

boost::asio::awaitable<HttpRelay::ExchangeOutcome> HttpRelay::relayResponse(store::Flow& flow, bool requestKeepAlive,
                                                                            bool upgradeRequested,
                                                                            SteadyTime exchangeStart,
                                                                            int clientVersion) {
    const ProxyOptions& options = m_context.options;
    const http::ResponseHead& response = m_responseParser.head();
    flow.status = response.status;
    flow.reason = response.reason;
    flow.responseHeaders = toHeaderList(response.headers);
    flow.responseContentType = contentTypeOf(response.headers);
    const auto receiveStart = SteadyClock::now();

    if (response.status == 101) {
        if (!upgradeRequested) {
            {
                const FlowError error{
                    error_kind::kUpstreamBadResponse,
                    fmt::format("{}:{}: 101 Switching Protocols without an upgrade request", flow.host, flow.port),
                    502};
                co_await failExchange(flow, error);
            }
            co_return ExchangeOutcome::Close;
        }
        co_return co_await relayUpgrade(flow, exchangeStart);
    }

    const http::BodyFraming framing = m_responseParser.framing();
    bool clientKeepAlive = requestKeepAlive && framing != http::BodyFraming::UntilEof &&
                           !m_context.stopping.load(std::memory_order_relaxed);
    bool rechunk = framing == http::BodyFraming::Chunked;
    http::ResponseHead clientHead;
    clientHead.status = response.status;
    clientHead.reason = response.reason;
    clientHead.version = 11;
    // Moved, not copied: the flow has its copy, and from here on only the parser's state
    // (framing, keep-alive) is read, not its fields.
    clientHead.headers = std::move(m_responseParser.head().headers);
    removeHopByHopFields(clientHead.headers, false);
    if (clientVersion == 10 && rechunk) {
        // HTTP/1.0 clients cannot read chunked: send the body as is and end it by closing.
        clientHead.headers.remove("Transfer-Encoding");
        rechunk = false;
        clientKeepAlive = false;
    }
    if (framing == http::BodyFraming::ContentLength)
        clientHead.headers.set("Content-Length", std::to_string(m_responseParser.contentLength())); // RFC 9110 §8.6
    if (!clientKeepAlive)
        clientHead.headers.add("Connection", "close");
    else if (clientVersion == 10)
        clientHead.headers.add("Connection", "keep-alive");
    m_scratch.clear();
    http::appendHead(m_scratch, clientHead);
    if (framing == http::BodyFraming::None) {
        const IoResult headWritten = co_await m_client.stream->writeAll(m_scratch);
        m_client.bytesOut += headWritten.bytes;
        if (headWritten.error) {
            dropUpstream();
            flow.errorKind = error_kind::kClientAborted;
            flow.errorMessage = "the client closed the connection before the response was sent";
            publish(flow);
            co_return ExchangeOutcome::Close;
        }
    }

    bool upstreamSpent = false;
    if (framing != http::BodyFraming::None) {
        const std::uint64_t captureLimit = options.captureBodies ? options.maxBodySize : 0;
        ForwardingSink sink(flow.responseBody, captureLimit, rechunk,
                            CaptureSpool{&m_context.sink, flow.id, store::kResponsePart, options.captureChunkBytes});
        if (framing == http::BodyFraming::ContentLength)
            sink.expectBodySize(m_responseParser.contentLength());
        // The head leaves with the first body bytes: one write (one TLS record, one
        // syscall) for a small response instead of two.
        sink.pending() = m_scratch;
        UpstreamConnection& upstream = *m_upstream;
        PumpEnds ends{*upstream.stream,        upstream.buffer,  m_upstreamDeadline,
                      options.upstreamTimeout, *m_client.stream, m_client.deadline,
                      options.idleTimeout,     nullptr,          &m_client.bytesOut};
        const PumpResult pumped = co_await pumpBody(m_responseParser, sink, ends, rechunk);
        upstreamSpent = pumped.endedByEof;
        if (pumped.failure != PumpFailure::None) {
            dropUpstream();
            switch (pumped.failure) {
            case PumpFailure::DestinationError:
                flow.errorKind = error_kind::kClientAborted;
                flow.errorMessage = "the client closed the connection during the response body";
                break;
            case PumpFailure::SourceTimeout:
                flow.errorKind = error_kind::kUpstreamTimeout;
                flow.errorMessage = fmt::format("{}:{}: the response body stalled for {} ms", flow.host, flow.port,
                                                options.upstreamTimeout.count());
                break;
            case PumpFailure::Invalid:
                flow.errorKind = error_kind::kUpstreamBadResponse;
                flow.errorMessage =
                    fmt::format("{}:{}: invalid response body: {}", flow.host, flow.port, pumped.detail);
                break;
            default:
                flow.errorKind = error_kind::kUpstreamReset;
                flow.errorMessage = fmt::format("{}:{}: connection lost during the response body: {}", flow.host,
                                                flow.port, pumped.detail);
                break;
            }
            flow.timing.receiveUs = microsecondsSince(receiveStart);
            publish(flow);
            co_return ExchangeOutcome::Close; // the client saw a head whose body cannot be completed
        }
    }
    flow.timing.receiveUs = microsecondsSince(receiveStart);
    static_cast<void>(exchangeStart);

    ++m_upstream->exchanges;
    m_upstreamReusable = m_responseParser.keepAlive() && !upstreamSpent && m_upstream->buffer.empty();
    if (!m_upstreamReusable)
        dropUpstream();
    publish(flow);
    co_return clientKeepAlive ? ExchangeOutcome::KeepAlive : ExchangeOutcome::Close;
}

boost::asio::awaitable<HttpRelay::ExchangeOutcome> HttpRelay::relayUpgrade(store::Flow& flow,
                                                                           SteadyTime exchangeStart) {
    static_cast<void>(exchangeStart);
    const http::ResponseHead& response = m_responseParser.head();
    http::ResponseHead clientHead = response;
    removeHopByHopFields(clientHead.headers, true);
    m_scratch.clear();
    http::appendHead(m_scratch, clientHead);
    const IoResult written = co_await m_client.stream->writeAll(m_scratch);
    m_client.bytesOut += written.bytes;
    const bool websocket = response.headers.hasToken("Upgrade", "websocket");
    flow.kind = websocket ? store::FlowKind::WebSocket : store::FlowKind::Http;
    if (websocket)
        flow.scheme = flow.scheme == "https" ? "wss" : "ws";
    if (written.error) {
        dropUpstream();
        flow.errorKind = error_kind::kClientAborted;
        flow.errorMessage = "the client closed the connection before the upgrade completed";
        publish(flow);
        co_return ExchangeOutcome::Close;
    }
    // From here the bytes are another protocol: relayed untouched, counted.
    if (!websocket) {
        const RelayCounts counts = co_await relayRaw(*m_client.stream, m_client.buffer, *m_upstream->stream,
                                                     m_upstream->buffer, m_context.options.tunnelIdleTimeout);
        finishUpgrade(flow, counts);
        co_return ExchangeOutcome::Close;
    }

    // A WebSocket: the flow is listed at once (still open: no end time) and its messages
    // are recorded while the relay runs, by a tap that never alters the bytes.
    store::Flow openFlow = flow;
    openFlow.endedAtUs = 0;
    m_context.sink.publish(std::move(openFlow));
    const auto executor = co_await boost::asio::this_coro::executor;
    WebSocketRecorder recorder(m_context.sink, flow.id, negotiatedDeflate(response.headers),
                               recorderLimits(m_context.options), &nowMicros);
    Watchdog flushTimer(executor); // after the recorder: its action refers to it
    flushTimer.setExpiryAction([&recorder, &flushTimer] {
        recorder.flush();
        if (recorder.hasPending())
            flushTimer.arm(kMessageFlushInterval); // the store refused: try again later
    });
    recorder.setPendingStarted([&flushTimer] { flushTimer.arm(kMessageFlushInterval); });
    const RelayCounts counts = co_await relayRaw(*m_client.stream, m_client.buffer, *m_upstream->stream,
                                                 m_upstream->buffer, m_context.options.tunnelIdleTimeout, &recorder);
    recorder.setPendingStarted(nullptr);
    flushTimer.disarm();
    recorder.finish(flow);
    if (!flow.webSocket.protocolError.empty() && counts.error.empty()) {
        // The relay went on (the peers decide what a violation means); the flow says it.
        flow.errorKind = error_kind::kWebSocketProtocol;
        flow.errorMessage = flow.webSocket.protocolError;
    }
    finishUpgrade(flow, counts);
    co_return ExchangeOutcome::Close;
}

void HttpRelay::finishUpgrade(store::Flow& flow, const RelayCounts& counts) {
    m_client.bytesIn += counts.clientToServer;
    m_client.bytesOut += counts.serverToClient;
    flow.bytesFromClient = counts.clientToServer;
    flow.bytesToClient = counts.serverToClient;
    if (!counts.error.empty()) {
        flow.errorKind = counts.timedOut ? error_kind::kUpstreamTimeout : error_kind::kUpstreamReset;
        flow.errorMessage = counts.error;
    }
    dropUpstream();
    publish(flow);
}

boost::asio::awaitable<void> HttpRelay::failExchange(store::Flow& flow, const FlowError& error) {
    dropUpstream();
    flow.status = error.status;
    flow.reason = std::string(http::defaultReason(error.status));
    flow.errorKind = error.kind;
    flow.errorMessage = error.message;
    const std::string page = buildErrorResponse(error.status, error.kind, error.message);
    const IoResult written = co_await m_client.stream->writeAll(page);
    m_client.bytesOut += written.bytes;
    publish(flow);
}

boost::asio::awaitable<void> HttpRelay::rejectRequest(int status, std::string_view kind, std::string_view message,
                                                      store::Flow* started) {
    store::Flow local;
    store::Flow& flow = started != nullptr ? *started : local;
    if (started == nullptr) {
        flow.id = m_context.sink.allocateId();
        flow.startedAtUs = nowMicros();
        flow.clientAddress = m_client.address;
        flow.scheme = m_client.scheme;
        flow.tls = m_client.tls;
        if (m_client.tunnelTarget) {
            flow.host = m_client.tunnelTarget->host;
            flow.port = m_client.tunnelTarget->port;
        }
        if (m_requestParser.headDone()) {
            const http::RequestHead& request = m_requestParser.head();
            flow.method = request.method;
            flow.path = request.target;
            flow.url = request.target;
            flow.httpVersion = std::string(http::versionString(request.version));
            flow.requestHeaders = toHeaderList(request.headers);
        }
    }
    flow.status = status;
    flow.reason = std::string(http::defaultReason(status));
    flow.errorKind = kind;
    flow.errorMessage = message;
    const std::string page = buildErrorResponse(status, kind, message);
    const IoResult written = co_await m_client.stream->writeAll(page);
    m_client.bytesOut += written.bytes;
    publish(flow);
}

} // namespace flowscope::engine
