#include "engine/websocket_recorder.hpp"

#include "store/flow_sink.hpp"

#include <fmt/format.h>

namespace flowscope::engine {
namespace ws = http::websocket;

namespace {

ws::FrameParser makeParser(ws::Direction direction, const std::optional<ws::DeflateParams>& deflate,
                           std::uint64_t maxCapture) {
    // Masking is enforced (RFC 6455 §5.1): a peer that breaks it is shown as a protocol
    // error rather than parsed as garbage. Frame headers are not kept, only messages.
    ws::FrameParser parser(direction, ws::ParserOptions{maxCapture, true, false});
    if (deflate)
        parser.enableDeflate(*deflate);
    return parser;
}

store::MessageDirection toStore(ws::Direction direction) {
    return direction == ws::Direction::ClientToServer ? store::MessageDirection::ClientToServer
                                                      : store::MessageDirection::ServerToClient;
}

} // namespace

WebSocketRecorder::WebSocketRecorder(store::FlowSink& sink, std::int64_t flowId,
                                     const std::optional<ws::DeflateParams>& deflate, RecorderLimits limits,
                                     Clock clock)
    : m_sink(sink), m_flowId(flowId), m_limits(limits), m_clock(std::move(clock)),
      m_fromClient(makeParser(ws::Direction::ClientToServer, deflate, limits.maxCapture)),
      m_fromServer(makeParser(ws::Direction::ServerToClient, deflate, limits.maxCapture)) {}

WebSocketRecorder::~WebSocketRecorder() = default;

void WebSocketRecorder::onBytes(RelaySide from, std::string_view bytes) noexcept {
    if (m_finished || bytes.empty())
        return;
    ws::FrameParser& parser = from == RelaySide::Client ? m_fromClient : m_fromServer;
    try {
        const bool failedBefore = parser.failed();
        parser.feed(bytes);
        drain(parser);
        if (!failedBefore && parser.failed())
            noteProtocolError(parser);
    } catch (const std::exception& error) {
        // Out of memory, most likely. Recording stops; the relay must go on regardless.
        if (m_summary.protocolError.empty())
            m_summary.protocolError = fmt::format("recording stopped: {}", error.what());
        m_finished = true;
    }
}

void WebSocketRecorder::drain(ws::FrameParser& parser) {
    if (!parser.hasMessages())
        return;
    for (ws::Message& message : parser.takeMessages())
        add(std::move(message));
}

void WebSocketRecorder::noteProtocolError(const ws::FrameParser& parser) {
    if (m_summary.protocolError.empty())
        m_summary.protocolError = fmt::format("{}: {}", ws::toString(parser.direction()), parser.protocolError());
}

void WebSocketRecorder::add(ws::Message&& parsed) {
    const bool fromClient = parsed.direction == ws::Direction::ClientToServer;
    ++(fromClient ? m_summary.messagesFromClient : m_summary.messagesFromServer);
    if (parsed.opcode == ws::Opcode::Close && m_summary.closedBy == store::CloseInitiator::None) {
        // The first Close decides who closed (RFC 6455 §7.1.2); the answer echoes it.
        m_summary.closedBy = fromClient ? store::CloseInitiator::Client : store::CloseInitiator::Server;
        m_summary.closeCode = parsed.closeCode.value_or(0);
        m_summary.closeReason = parsed.closeReason;
    }
    const std::int64_t seq = m_nextSeq++;

    // Bounds while the sink refuses: try to hand over first, then drop what does not fit.
    if (m_pending.size() >= m_limits.maxPendingMessages) {
        flush();
        if (m_pending.size() >= m_limits.maxPendingMessages) {
            ++m_summary.messagesDropped;
            return;
        }
    }
    store::WebSocketMessage message;
    message.seq = seq;
    message.direction = toStore(parsed.direction);
    message.timeUs = m_clock();
    message.opcode = static_cast<int>(parsed.opcode);
    message.length = parsed.length;
    message.wireLength = parsed.wireLength;
    message.frameCount = parsed.frameCount;
    message.truncated = parsed.truncated;
    message.compressed = parsed.compressed;
    message.closeCode = parsed.closeCode.value_or(0);
    message.closeReason = std::move(parsed.closeReason);
    message.error = std::move(parsed.error);
    message.payload = std::move(parsed.payload);
    if (!m_pending.empty() && m_pendingBytes + message.payload.size() > m_limits.maxPendingBytes) {
        flush();
        if (!m_pending.empty() && m_pendingBytes + message.payload.size() > m_limits.maxPendingBytes) {
            message.payload = std::string(); // frees the buffer, unlike clear()
            message.payloadDropped = true;
            message.truncated = message.length > 0;
            ++m_summary.payloadsDropped;
        }
    }
    if (message.payload.capacity() > message.payload.size() + 4096)
        message.payload.shrink_to_fit(); // the parser reserved for a larger first frame
    m_pendingBytes += message.payload.size();
    m_pending.push_back(std::move(message));
    if (m_pending.size() >= m_limits.batchMessages || m_pendingBytes >= m_limits.batchBytes)
        flush();
    if (m_pending.size() == 1 && m_pendingStarted)
        m_pendingStarted();
}

void WebSocketRecorder::flush() {
    if (m_pending.empty())
        return;
    if (m_sink.offerMessages(m_flowId, m_pending)) {
        m_pending.clear();
        m_pendingBytes = 0;
    }
}

void WebSocketRecorder::finish(store::Flow& flow) {
    if (!m_finished) {
        m_finished = true;
        for (ws::FrameParser* parser : {&m_fromClient, &m_fromServer}) {
            parser->finish();
            drain(*parser);
        }
    }
    flow.webSocket = m_summary;
    // The final publish carries the rest; it may block, as publishing any flow may.
    for (store::WebSocketMessage& message : m_pending)
        flow.messages.push_back(std::move(message));
    m_pending.clear();
    m_pendingBytes = 0;
}

} // namespace flowscope::engine
