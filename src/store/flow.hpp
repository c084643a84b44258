#pragma once
// The flow record: one captured exchange (HTTP request/response, a raw tunnel, or a
// WebSocket connection). It is the contract between the engine (which fills it) and the
// store (which persists it); plain data, no Qt, no Asio.

#include "store/websocket_message.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flowscope::store {

enum class FlowKind { Http, Tunnel, WebSocket };

// Headers in wire order, names with their original case.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Timing phases in microseconds, -1 when the phase did not happen (a pooled upstream
// connection has no dns/connect/tls phase). Same meaning as HAR 1.2 `timings`.
struct FlowTiming {
    std::int64_t dnsUs = -1;
    std::int64_t connectUs = -1;
    std::int64_t tlsUs = -1;
    std::int64_t sendUs = -1;    // request head + body written upstream
    std::int64_t waitUs = -1;    // until the first byte of the response head
    std::int64_t receiveUs = -1; // response head + body read
};

// Which body of a flow, as numbered in the store (`bodies.part`, `body_chunks.part`).
inline constexpr int kRequestPart = 0;
inline constexpr int kResponsePart = 1;

// Up to max_body_size bytes of a body as it went over the wire (still content-encoded);
// `size` counts every body byte, captured or not.
//
// While a large body streams, the engine hands its captured bytes to the store in pieces
// (FlowSink::offerBodyChunk): then the first `spooledBytes` captured bytes, in
// `spooledChunks` pieces, are already in the store and `data` holds only what came after.
// A flow read back from the store has the whole capture in `data` and zero here.
struct BodyCapture {
    std::string data;
    std::uint64_t size = 0;
    bool truncated = false;
    std::uint64_t spooledBytes = 0;
    std::uint32_t spooledChunks = 0;

    std::uint64_t capturedBytes() const { return spooledBytes + data.size(); }
};

struct FlowTls {
    std::string sni;                 // server name the client asked for
    std::string clientAlpn;          // protocol agreed with the client
    std::string clientVersion;       // e.g. "TLSv1.3", client side of the MITM
    std::string upstreamVersion;     // upstream side
    std::string upstreamCipher;
    std::string upstreamCertSubject; // RFC 2253 one-line form
    std::string upstreamCertIssuer;
};

// Error kinds are stable strings (stored, filtered on, shown); see engine/flow_errors.hpp.
struct Flow {
    std::int64_t id = 0; // assigned by FlowSink::allocateId()
    FlowKind kind = FlowKind::Http;
    std::int64_t startedAtUs = 0; // microseconds since the Unix epoch
    std::int64_t endedAtUs = 0;
    FlowTiming timing;

    std::string clientAddress; // "127.0.0.1:53122"
    std::string scheme;        // http, https, ws, wss; "tunnel" flows keep the CONNECT scheme ""
    std::string method;
    std::string url;           // absolute URL
    std::string host;
    std::uint16_t port = 0;
    std::string path;          // origin-form target, with query
    std::string httpVersion;   // "HTTP/1.1"

    int status = 0; // 0 when no response was received
    std::string reason;
    HeaderList requestHeaders;
    HeaderList responseHeaders;
    BodyCapture requestBody;
    BodyCapture responseBody;
    std::string requestContentType;
    std::string responseContentType;

    FlowTls tls;
    std::uint64_t bytesFromClient = 0; // wire bytes, the main figures of a tunnel flow
    std::uint64_t bytesToClient = 0;

    std::string errorKind; // empty when the exchange completed
    std::string errorMessage;

    WebSocketSummary webSocket; // counts and close status; zero for other kinds
    // Messages travelling with the flow: published ones are appended to the flow's stored
    // messages (a republished flow keeps those already stored), HAR import and export carry
    // them here. FlowReader::get() leaves this empty: FlowReader::messages() pages them.
    std::vector<WebSocketMessage> messages;
};

const char* toString(FlowKind kind);
FlowKind flowKindFromString(std::string_view text); // unknown text -> Http

} // namespace flowscope::store
