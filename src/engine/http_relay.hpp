#pragma once
// The HTTP/1.1 request loop of one client connection: read a request, forward it to the
// upstream (pooled), stream the response back, record the flow; repeat while both sides
// keep the connection alive.

#include "engine/engine_context.hpp"
#include "engine/flow_errors.hpp"
#include "http/message_parser.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>

namespace flowscope::engine {

struct RelayCounts;
struct UpstreamConnection;
struct UpstreamKey;

enum class RelayEnd {
    Closed,  // the connection is finished
    Connect, // a CONNECT arrived (outside a tunnel): connectTarget() says where
};

// Thread safety: none; lives on its session's strand.
class HttpRelay {
public:
    HttpRelay(EngineContext& context, ClientConnection& client, Watchdog& upstreamDeadline);
    ~HttpRelay();

    boost::asio::awaitable<RelayEnd> run();
    const http::Authority& connectTarget() const { return m_connectTarget; }

private:
    enum class HeadOutcome { Ready, Closed, Invalid, TimedOut };
    enum class ExchangeOutcome { KeepAlive, Close, Connect };
    enum class ResponseHeadOutcome { Ready, ClosedBeforeResponse, ClosedMidHead, Reset, TimedOut, Invalid };
    using SteadyTime = std::chrono::steady_clock::time_point;

    // http_relay.cpp: the request side
    boost::asio::awaitable<HeadOutcome> readRequestHead(bool firstRequest);
    boost::asio::awaitable<ExchangeOutcome> exchange();

    // http_relay_response.cpp: the upstream and response side
    boost::asio::awaitable<bool> acquireUpstream(const UpstreamKey& key, store::Flow& flow, bool forceNew);
    boost::asio::awaitable<ResponseHeadOutcome> readResponseHead(bool isHeadRequest, bool answeredContinue);
    FlowError responseHeadError(ResponseHeadOutcome outcome, const UpstreamKey& key) const;
    boost::asio::awaitable<ExchangeOutcome> relayResponse(store::Flow& flow, bool requestKeepAlive,
                                                          bool upgradeRequested, SteadyTime exchangeStart,
                                                          int clientVersion);
    boost::asio::awaitable<ExchangeOutcome> relayUpgrade(store::Flow& flow, SteadyTime exchangeStart);
    // After an upgraded connection's relay: byte counts and relay errors onto the flow, publish.
    void finishUpgrade(store::Flow& flow, const RelayCounts& counts);
    boost::asio::awaitable<void> failExchange(store::Flow& flow, const FlowError& error);
    // Answers the client with an error page, records a flow (`flow` when one was started)
    // and leaves the connection to be closed.
    boost::asio::awaitable<void> rejectRequest(int status, std::string_view kind, std::string_view message,
                                               store::Flow* flow = nullptr);
    void publish(store::Flow& flow);
    void dropUpstream();

    EngineContext& m_context;
    ClientConnection& m_client;
    Watchdog& m_upstreamDeadline;
    http::RequestParser m_requestParser;
    http::ResponseParser m_responseParser;
    std::unique_ptr<UpstreamConnection> m_upstream;
    bool m_upstreamReusable = false; // the last exchange on m_upstream completed cleanly
    std::string m_upstreamError;     // detail of the last response-head failure
    http::Authority m_connectTarget;
    std::string m_scratch; // serialised heads, reused
};

} // namespace flowscope::engine
