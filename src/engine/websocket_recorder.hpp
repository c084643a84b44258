#pragma once
// Records the messages of one upgraded WebSocket connection while the relay forwards its
// bytes untouched (DESIGN.md data flow, step 7). A RelayTap: one passive RFC 6455 parser
// per direction (http/websocket_frames.hpp) watches the forwarded bytes, with
// permessage-deflate inflated for display when the 101 negotiated it. Complete messages
// are batched and offered to the FlowSink while the connection is open; what the flow row
// needs (counts, close status, the first protocol error) is filled in at the end.
//
// The relay is never held up by the store and memory stays bounded: each message keeps at
// most `maxCapture` payload bytes (the parsers enforce it), and while the sink refuses
// batches (FlowSink::offerMessages, back-pressure) the pending messages stay under
// `maxPendingBytes` of payload, further payloads being dropped (counted, the message
// kept), and under `maxPendingMessages`, further messages being dropped (counted).
// A protocol violation stops that direction's parser and is reported; bytes keep flowing.
//
// No Asio: the caller runs the flush timer (flush() at least every ~100 ms while
// hasPending(); setPendingStarted() says when to start it).
//
// Thread safety: none; used on its connection's strand.

#include "engine/relay_tap.hpp"
#include "http/permessage_deflate.hpp"
#include "http/websocket_frames.hpp"
#include "store/flow.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace flowscope::store {
class FlowSink;
}

namespace flowscope::engine {

struct RecorderLimits {
    std::uint64_t maxCapture = 16u * 1024u * 1024u; // payload bytes kept per message (max_body_size; 0 keeps none)
    std::size_t batchMessages = 256;                // offer at this many pending messages...
    std::size_t batchBytes = 1024 * 1024;           // ...or this many pending payload bytes
    // Bounds while the sink refuses. At least one message with its capture is always kept.
    std::size_t maxPendingMessages = 4096;
    std::uint64_t maxPendingBytes = 4u * 1024u * 1024u;
};

class WebSocketRecorder final : public RelayTap {
public:
    using Clock = std::function<std::int64_t()>; // µs since the Unix epoch

    // `deflate`: what the server's Sec-WebSocket-Extensions accepted (parseDeflateExtension).
    WebSocketRecorder(store::FlowSink& sink, std::int64_t flowId,
                      const std::optional<http::websocket::DeflateParams>& deflate, RecorderLimits limits, Clock clock);
    ~WebSocketRecorder() override;
    WebSocketRecorder(const WebSocketRecorder&) = delete;
    WebSocketRecorder& operator=(const WebSocketRecorder&) = delete;

    void onBytes(RelaySide from, std::string_view bytes) noexcept override;

    // Called when messages start waiting (none were pending before): start a flush timer.
    void setPendingStarted(std::function<void()> callback) { m_pendingStarted = std::move(callback); }
    bool hasPending() const noexcept { return !m_pending.empty(); }
    // Offers the pending messages to the sink; keeps them when it refuses. Never blocks.
    void flush();

    // The connection is over: ends both parsers (a message cut off is kept, marked), fills
    // flow.webSocket and moves the messages still pending into flow.messages, to be
    // published with the final flow. Bytes seen afterwards are ignored.
    void finish(store::Flow& flow);

    const store::WebSocketSummary& summary() const noexcept { return m_summary; }

private:
    void drain(http::websocket::FrameParser& parser);
    void add(http::websocket::Message&& parsed);
    void noteProtocolError(const http::websocket::FrameParser& parser);

    store::FlowSink& m_sink;
    std::int64_t m_flowId;
    RecorderLimits m_limits;
    Clock m_clock;
    http::websocket::FrameParser m_fromClient;
    http::websocket::FrameParser m_fromServer;
    std::vector<store::WebSocketMessage> m_pending;
    std::uint64_t m_pendingBytes = 0; // payload bytes in m_pending
    std::int64_t m_nextSeq = 0;
    store::WebSocketSummary m_summary;
    std::function<void()> m_pendingStarted;
    bool m_finished = false;
};

} // namespace flowscope::engine
