#pragma once
// Streams one message body from a source stream to a destination stream through the
// parser: bounded memory (one read buffer, one write buffer), re-chunked when the body was
// chunked, and teed into a capture up to the configured limit.

#include "engine/byte_stream.hpp"
#include "engine/io_buffer.hpp"
#include "http/message_parser.hpp"
#include "store/flow.hpp"

#include <boost/asio/awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <string>

namespace flowscope::engine {

class Watchdog;

// Collects parsed body data into the next write, with chunk framing when re-chunking.
class ForwardingSink final : public http::BodySink {
public:
    ForwardingSink(store::BodyCapture& capture, std::uint64_t captureLimit, bool rechunk)
        : m_capture(capture), m_limit(captureLimit), m_rechunk(rechunk) {}
    void onBodyData(std::string_view data) override;
    // Sizes the capture once when the body length is known, instead of growing it by
    // doubling (which can hold up to twice the captured bytes).
    void expectBodySize(std::uint64_t bodySize) {
        m_capture.data.reserve(static_cast<std::size_t>(std::min(bodySize, m_limit)));
    }
    void finishChunked() { m_out.append("0\r\n\r\n"); }
    std::string& pending() { return m_out; }

private:
    store::BodyCapture& m_capture;
    std::uint64_t m_limit;
    bool m_rechunk;
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
