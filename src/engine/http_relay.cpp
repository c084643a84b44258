#include "engine/http_relay.hpp"

#include "engine/elapsed.hpp"
#include "engine/body_pump.hpp"
#include "engine/error_page.hpp"
#include "engine/header_rewrite.hpp"
#include "engine/host_glob.hpp"
#include "engine/tunnel_relay.hpp"
#include "engine/upstream_pool.hpp"
#include "engine/watchdog.hpp"
#include "store/flow_sink.hpp"

#include <fmt/format.h>

namespace flowscope::engine {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;

std::string_view shorten(std::string_view text, std::size_t limit = 200) {
    return text.size() > limit ? text.substr(0, limit) : text;
}

bool anyGlobMatches(const std::vector<std::string>& globs, std::string_view host) {
    for (const auto& glob : globs) {
        if (hostMatchesGlob(host, glob))
            return true;
    }
    return false;
}

} // namespace

HttpRelay::HttpRelay(EngineContext& context, ClientConnection& client, Watchdog& upstreamDeadline)
    : m_context(context), m_client(client), m_upstreamDeadline(upstreamDeadline),
      m_requestParser(context.options.headLimits), m_responseParser(context.options.headLimits) {}

HttpRelay::~HttpRelay() {
    // A connection that ended cleanly after a complete exchange serves the next session,
    // unless the engine is stopping: its pool is about to be emptied, and a session
    // destroyed with its io_context must not leave a socket behind in the pool.
    m_upstreamDeadline.setExpiryAction(nullptr);
    if (m_upstream && m_upstreamReusable && !m_context.stopping.load(std::memory_order_relaxed))
        m_context.pool.giveBack(std::move(m_upstream));
    else if (m_upstream)
        m_upstream->stream->close();
}

boost::asio::awaitable<RelayEnd> HttpRelay::run() {
    bool first = true;
    while (true) {
        const HeadOutcome head = co_await readRequestHead(first);
        first = false;
        if (head != HeadOutcome::Ready)
            co_return RelayEnd::Closed;
        const ExchangeOutcome outcome = co_await exchange();
        if (outcome == ExchangeOutcome::Connect)
            co_return RelayEnd::Connect;
        if (outcome == ExchangeOutcome::Close || m_context.stopping.load(std::memory_order_relaxed))
            co_return RelayEnd::Closed;
    }
}

boost::asio::awaitable<HttpRelay::HeadOutcome> HttpRelay::readRequestHead(bool firstRequest) {
    m_requestParser.reset();
    const ProxyOptions& options = m_context.options;
    // The header timeout bounds a whole head from its first byte (slow-loris clients);
    // before that, a kept-alive connection may sit idle for the idle timeout.
    bool started = firstRequest || !m_client.buffer.empty();
    m_client.deadline.arm(started ? options.headerTimeout : options.idleTimeout);
    while (true) {
        if (!m_client.buffer.empty()) {
            m_client.idle = false;
            const http::HeadResult parsed = m_requestParser.parseHead(m_client.buffer.readable());
            if (parsed.state == http::HeadResult::State::Complete) {
                m_client.buffer.consume(parsed.consumed);
                m_client.deadline.disarm();
                co_return HeadOutcome::Ready;
            }
            if (parsed.state == http::HeadResult::State::Invalid) {
                m_client.deadline.disarm();
                co_await rejectRequest(400, error_kind::kBadRequest, m_requestParser.error());
                co_return HeadOutcome::Invalid;
            }
            if (!started) {
                started = true;
                m_client.deadline.arm(options.headerTimeout);
            }
        }
        if (m_context.stopping.load(std::memory_order_relaxed) && m_client.buffer.empty())
            co_return HeadOutcome::Closed;
        m_client.idle = m_client.buffer.empty();
        std::size_t available = 0;
        char* space = m_client.buffer.prepare(kReadChunk, available);
        const IoResult read = co_await m_client.stream->readSome(boost::asio::buffer(space, available));
        m_client.idle = false;
        m_client.buffer.commit(read.bytes);
        m_client.bytesIn += read.bytes;
        if (read.error && read.bytes == 0) {
            if (m_client.deadline.expired() && !m_client.buffer.empty()) {
                {
                    const std::string message =
                        fmt::format("request head not complete within {} ms", options.headerTimeout.count());
                    co_await rejectRequest(408, error_kind::kClientTimeout, message);
                }
                co_return HeadOutcome::TimedOut;
            }
            m_client.deadline.disarm();
            co_return HeadOutcome::Closed; // clean close between requests, idle timeout, or shutdown
        }
    }
}

boost::asio::awaitable<HttpRelay::ExchangeOutcome> HttpRelay::exchange() {
    const ProxyOptions& options = m_context.options;
    const http::RequestHead& request = m_requestParser.head();

    // Where the request goes. Inside a tunnel: the CONNECT target, whatever Host says.
    std::string scheme;
    http::Authority authority;
    std::string path;
    if (m_client.tunnelTarget) {
        if (request.method == "CONNECT") {
            co_await rejectRequest(400, error_kind::kBadRequest, "CONNECT inside a CONNECT tunnel is not supported");
            co_return ExchangeOutcome::Close;
        }
        scheme = m_client.scheme;
        authority = *m_client.tunnelTarget;
        if (!request.target.empty() && request.target.front() == '/') {
            path = request.target;
        } else if (auto url = http::parseAbsoluteUrl(request.target)) {
            path = url->pathAndQuery;
        } else if (request.target == "*" && request.method == "OPTIONS") {
            path = "*";
        } else {
            {
                const std::string message = fmt::format("invalid request target '{}'", shorten(request.target));
                co_await rejectRequest(400, error_kind::kBadRequest, message);
            }
            co_return ExchangeOutcome::Close;
        }
    } else {
        if (request.method == "CONNECT") {
            auto target = http::parseAuthority(request.target, 0);
            if (!target) {
                {
                    const std::string message =
                        fmt::format("CONNECT target must be host:port, got '{}'", shorten(request.target));
                    co_await rejectRequest(400, error_kind::kBadRequest, message);
                }
                co_return ExchangeOutcome::Close;
            }
            m_connectTarget = std::move(*target);
            co_return ExchangeOutcome::Connect;
        }
        auto url = http::parseAbsoluteUrl(request.target);
        if (!url) {
            {
                const std::string message =
                    fmt::format("Flowscope is a proxy: the request target must be an absolute http:// or https:// URL, "
                                "got '{}'",
                                shorten(request.target));
                co_await rejectRequest(400, error_kind::kBadRequest, message);
            }
            co_return ExchangeOutcome::Close;
        }
        scheme = url->scheme;
        authority = std::move(url->authority);
        path = std::move(url->pathAndQuery);
    }

    store::Flow flow;
    flow.id = m_context.sink.allocateId();
    flow.startedAtUs = nowMicros();
    flow.clientAddress = m_client.address;
    flow.httpVersion = std::string(http::versionString(request.version));
    flow.method = request.method;
    flow.scheme = scheme;
    flow.host = authority.host;
    flow.port = authority.port;
    flow.path = path;
    flow.url = http::buildUrl(scheme, authority, path);
    flow.requestHeaders = toHeaderList(request.headers);
    flow.requestContentType = contentTypeOf(request.headers);
    flow.tls = m_client.tls;

    const bool upgradeRequested = m_requestParser.upgrade();
    const bool requestKeepAlive = m_requestParser.keepAlive();
    const http::BodyFraming requestFraming = m_requestParser.framing();
    const bool requestHasBody = requestFraming != http::BodyFraming::None;

    const bool expectsContinue = request.headers.hasToken("Expect", "100-continue");
    http::RequestHead upstreamHead;
    upstreamHead.method = request.method;
    upstreamHead.target = path;
    upstreamHead.version = 11;
    // Moved, not copied: the flow has its copy and the parser's fields are not read again
    // for this request (a copy per exchange was ~20 string allocations).
    upstreamHead.headers = std::move(m_requestParser.head().headers);
    removeHopByHopFields(upstreamHead.headers, upgradeRequested);
    if (!m_client.tunnelTarget)
        upstreamHead.headers.set("Host", authority.hostHeader(scheme)); // RFC 9112 §3.2.2
    if (requestFraming == http::BodyFraming::ContentLength) {
        // "Content-Length: 5, 5" or the field twice is accepted only when the values agree;
        // it goes on as one value (RFC 9110 §8.6).
        upstreamHead.headers.set("Content-Length", std::to_string(m_requestParser.contentLength()));
    }
    bool answeredContinue = false;
    if (expectsContinue) {
        // We answer 100 ourselves and stream the body at once: waiting for the upstream's
        // 100 while also relaying would need two readers on one client connection.
        upstreamHead.headers.remove("Expect");
        if (requestHasBody) {
            const IoResult written = co_await m_client.stream->writeAll("HTTP/1.1 100 Continue\r\n\r\n");
            if (written.error)
                co_return ExchangeOutcome::Close;
            answeredContinue = true;
        }
    }

    UpstreamKey key;
    key.host = authority.host;
    key.port = authority.port;
    key.tls = scheme == "https";
    key.serverName = (m_client.tunnelTarget && !m_client.tls.sni.empty()) ? m_client.tls.sni : authority.host;
    key.verify = !anyGlobMatches(options.insecureHosts, key.serverName);

    m_scratch.clear();
    http::appendHead(m_scratch, upstreamHead);
    const std::uint64_t captureLimit = options.captureBodies ? options.maxBodySize : 0;
    const auto exchangeStart = SteadyClock::now();

    // Send, then wait for the response head. A pooled connection the server closed while
    // idle fails at once; the request is retried once on a new connection when no body
    // byte has been consumed from the client (so nothing is lost or duplicated).
    for (int attempt = 0;; ++attempt) {
        if (!co_await acquireUpstream(key, flow, attempt > 0))
            co_return ExchangeOutcome::Close;
        UpstreamConnection& upstream = *m_upstream;
        const bool canRetry = attempt == 0 && upstream.exchanges > 0 && !requestHasBody;
        m_upstreamReusable = false;
        m_upstreamDeadline.setExpiryAction([stream = upstream.stream.get()] { stream->cancel(); });

        const auto sendStart = SteadyClock::now();
        if (!requestHasBody) {
            m_upstreamDeadline.arm(options.upstreamTimeout);
            const IoResult headWritten = co_await upstream.stream->writeAll(m_scratch);
            m_upstreamDeadline.disarm();
            if (headWritten.error) {
                dropUpstream();
                if (canRetry)
                    continue;
                {
                    const FlowError error{error_kind::kUpstreamReset,
                                          fmt::format("{}: connection lost while sending the request: {}",
                                                      key.hostPort(), headWritten.error.message()),
                                          502};
                    co_await failExchange(flow, error);
                }
                co_return ExchangeOutcome::Close;
            }
        } else {
            // The head leaves together with the first body bytes that parsed cleanly: a
            // request whose body framing is already invalid never reaches the upstream.
            const bool rechunk = requestFraming == http::BodyFraming::Chunked;
            ForwardingSink sink(flow.requestBody, captureLimit, rechunk,
                                CaptureSpool{&m_context.sink, flow.id, store::kRequestPart, options.captureChunkBytes});
            if (requestFraming == http::BodyFraming::ContentLength)
                sink.expectBodySize(m_requestParser.contentLength());
            sink.pending() = m_scratch;
            PumpEnds ends{*m_client.stream,        m_client.buffer,   m_client.deadline,
                          options.idleTimeout,     *upstream.stream,  m_upstreamDeadline,
                          options.upstreamTimeout, &m_client.bytesIn, nullptr};
            const PumpResult pumped = co_await pumpBody(m_requestParser, sink, ends, rechunk);
            if (pumped.failure != PumpFailure::None) {
                dropUpstream();
                if (pumped.failure == PumpFailure::Invalid) {
                    co_await rejectRequest(400, error_kind::kBadRequest, pumped.detail, &flow);
                } else if (pumped.failure == PumpFailure::DestinationError) {
                    {
                        const FlowError error{
                            error_kind::kUpstreamReset,
                            fmt::format("{}: connection lost while sending the request", key.hostPort()), 502};
                        co_await failExchange(flow, error);
                    }
                } else {
                    flow.errorKind = error_kind::kClientAborted;
                    flow.errorMessage = "the client stopped sending the request body";
                    publish(flow);
                }
                co_return ExchangeOutcome::Close;
            }
        }
        flow.timing.sendUs = microsecondsSince(sendStart);

        const auto waitStart = SteadyClock::now();
        const ResponseHeadOutcome head = co_await readResponseHead(request.method == "HEAD", answeredContinue);
        if (head == ResponseHeadOutcome::ClosedBeforeResponse && canRetry) {
            dropUpstream();
            continue;
        }
        if (head != ResponseHeadOutcome::Ready) {
            {
                const FlowError error(responseHeadError(head, key));
                co_await failExchange(flow, error);
            }
            co_return ExchangeOutcome::Close;
        }
        flow.timing.waitUs = microsecondsSince(waitStart);
        break;
    }
    co_return co_await relayResponse(flow, requestKeepAlive, upgradeRequested, exchangeStart, request.version);
}

} // namespace flowscope::engine
