#pragma once
// Streams one message body from a source stream to a destination stream through the
// parser: bounded memory (one read buffer, one write buffer), re-chunked when the body was
// chunked, and teed into a capture up to the configured limit.

#include "engine/byte_stream.hpp"
#include "engine/io_buffer.hpp"
#include "http/message_parser.hpp"
#include "store/flow_sink.hpp"

#include <boost/asio/awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <string>

namespace flowscope::engine {

class Watchdog;

// Where the full pieces of a capture go while its body streams (FlowSink::offerBodyChunk).
struct CaptureSpool {
    store::FlowSink* sink = nullptr; // null: the capture stays whole in memory
    std::int64_t flowId = 0;
    int part = 0;                    // store::kRequestPart or kResponsePart
    std::size_t chunkBytes = 0;      // 0: never spooled
};

// Collects parsed body data into the next write, with chunk framing when re-chunking, and
// tees it into the capture, whose full pieces are handed to the store as they fill.
class ForwardingSink final : public http::BodySink {
public:
    ForwardingSink(store::BodyCapture& capture, std::uint64_t captureLimit, bool rechunk, CaptureSpool spool = {});
    void onBodyData(std::string_view data) override;
    // Sizes the capture once when the body length is known, instead of growing it by
    // doubling (which can hold up to twice the captured bytes).
    void expectBodySize(std::uint64_t bodySize);
    void finishChunked() { m_out.append("0\r\n\r\n"); }
    std::string& pending() { return m_out; }

    // A full piece the store refused is still held: the pump waits for the store before
    // reading more of this body (pumpBody), unless waiting was given up once already.
    bool storeIsBehind() const {
        return spooling() && !m_stopWaiting && m_capture.data.size() >= m_spool.chunkBytes &&
               m_capture.capturedBytes() < m_limit;
    }
    // Offers the held piece again; true when the store took it.
    bool retrySpool();
    // The store looks stuck: stop waiting for it; the capture grows in memory instead.
    void stopWaitingForStore() { m_stopWaiting = true; }

private:
    bool spooling() const { return m_spool.sink != nullptr && m_spool.chunkBytes > 0; }
    bool spoolCapture();

    store::BodyCapture& m_capture;
    std::uint64_t m_limit;
    bool m_rechunk;
    CaptureSpool m_spool;
    std::size_t m_spoolAt = 0; // offer the capture once it holds this much
    bool m_stopWaiting = false;
    std::string m_out;
};

enum class PumpFailure { None, SourceClosed, SourceError, SourceTimeout, DestinationError, Invalid };
// DestinationError includes a destination that stopped reading for the write timeout.

struct PumpResult {
    PumpFailure failure = PumpFailure::None;
    std::string detail;
    bool endedByEof = false; // an UntilEof body completed: the source connection is spent
};

struct PumpEnds {
    ByteStream& source;
    IoBuffer& sourceBuffer;
    Watchdog& sourceDeadline; // armed with `readTimeout` before each read
    std::chrono::milliseconds readTimeout;
    ByteStream& destination;
    Watchdog& destinationDeadline; // armed with `writeTimeout` during each write (a peer that stops reading)
    std::chrono::milliseconds writeTimeout;
    std::uint64_t* sourceBytes = nullptr;      // wire bytes read, if counted
    std::uint64_t* destinationBytes = nullptr; // wire bytes written, if counted
};

template <bool IsRequest>
boost::asio::awaitable<PumpResult> pumpBody(http::MessageParser<IsRequest>& parser, ForwardingSink& sink,
                                            PumpEnds ends, bool rechunk);

} // namespace flowscope::engine
