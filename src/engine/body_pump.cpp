#include "engine/body_pump.hpp"

#include "engine/watchdog.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace flowscope::engine {
namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);

// How often a body waiting for the store offers its piece again, and for how long in all
// before it stops waiting (a store held by a long lock or a full disk must not stall
// traffic: the capture then grows in memory up to max_body_size, as it would unspooled).
constexpr auto kStoreRetryInterval = std::chrono::milliseconds(1);
constexpr auto kMaxStoreWait = std::chrono::milliseconds(500);

// The store writes pieces slower than loopback delivers them (about 150 against 190 MB/s
// here): without this, refused pieces would pile up in memory. Reading no faster than the
// store writes keeps a large body's memory near two pieces.
boost::asio::awaitable<void> waitForStore(ForwardingSink& sink) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    const auto giveUpAt = std::chrono::steady_clock::now() + kMaxStoreWait;
    while (!sink.retrySpool()) {
        if (std::chrono::steady_clock::now() >= giveUpAt) {
            sink.stopWaitingForStore();
            co_return;
        }
        timer.expires_after(kStoreRetryInterval);
        co_await timer.async_wait(kNoThrow);
    }
}
} // namespace

ForwardingSink::ForwardingSink(store::BodyCapture& capture, std::uint64_t captureLimit, bool rechunk,
                               CaptureSpool spool)
    : m_capture(capture), m_limit(captureLimit), m_rechunk(rechunk), m_spool(spool), m_spoolAt(spool.chunkBytes) {}

void ForwardingSink::expectBodySize(std::uint64_t bodySize) {
    std::uint64_t bytes = std::min(bodySize, m_limit);
    if (spooling())
        bytes = std::min<std::uint64_t>(bytes, m_spool.chunkBytes + kReadChunk);
    m_capture.data.reserve(static_cast<std::size_t>(bytes));
}

bool ForwardingSink::retrySpool() {
    return m_capture.data.empty() || spoolCapture();
}

bool ForwardingSink::spoolCapture() {
    const std::size_t bytes = m_capture.data.size();
    if (m_spool.sink->offerBodyChunk(m_spool.flowId, m_spool.part, m_capture.spooledChunks, m_capture.data)) {
        m_capture.spooledBytes += bytes;
        ++m_capture.spooledChunks;
        m_spoolAt = m_spool.chunkBytes;
        // The next piece fills to about the same size: one allocation instead of a doubling
        // series (reads append at most kReadChunk past the threshold).
        if (m_capture.capturedBytes() < m_limit)
            m_capture.data.reserve(std::min<std::size_t>(m_spool.chunkBytes + kReadChunk,
                                                         static_cast<std::size_t>(m_limit - m_capture.spooledBytes)));
        return true;
    }
    m_spoolAt = bytes + m_spool.chunkBytes; // the store is busy: keep it, try again a piece later
    return false;
}

void ForwardingSink::onBodyData(std::string_view data) {
    if (data.empty())
        return;
    m_capture.size += data.size();
    const std::uint64_t captured = m_capture.capturedBytes();
    if (captured < m_limit) {
        const std::size_t room = static_cast<std::size_t>(m_limit - captured);
        m_capture.data.append(data.substr(0, std::min(room, data.size())));
        if (spooling() && m_capture.data.size() >= m_spoolAt)
            spoolCapture();
    }
    if (m_capture.size > m_capture.capturedBytes())
        m_capture.truncated = true;
    if (m_rechunk)
        fmt::format_to(std::back_inserter(m_out), "{:x}\r\n", data.size());
    m_out.append(data);
    if (m_rechunk)
        m_out.append("\r\n");
}

template <bool IsRequest>
boost::asio::awaitable<PumpResult> pumpBody(http::MessageParser<IsRequest>& parser, ForwardingSink& sink,
                                            PumpEnds ends, bool rechunk) {
    PumpResult result;
    std::string& out = sink.pending();
    const auto flush = [&]() -> boost::asio::awaitable<bool> {
        if (out.empty())
            co_return true;
        ends.destinationDeadline.arm(ends.writeTimeout);
        const IoResult written = co_await ends.destination.writeAll(out);
        ends.destinationDeadline.disarm();
        if (ends.destinationBytes != nullptr)
            *ends.destinationBytes += written.bytes;
        out.clear();
        co_return !written.error;
    };

    while (true) {
        if (!ends.sourceBuffer.empty()) {
            const http::BodyResult parsed = parser.parseBody(ends.sourceBuffer.readable(), sink);
            ends.sourceBuffer.consume(parsed.consumed);
            if (parsed.invalid) {
                result.failure = PumpFailure::Invalid;
                result.detail = parser.error();
                co_return result;
            }
        }
        if (parser.done()) {
            if (rechunk)
                sink.finishChunked();
            if (!co_await flush())
                result.failure = PumpFailure::DestinationError;
            co_return result;
        }
        // Forward what has been parsed before waiting for more: latency matters more than
        // batching for streamed bodies (server-sent events, long polls).
        if (!co_await flush()) {
            result.failure = PumpFailure::DestinationError;
            co_return result;
        }
        if (sink.storeIsBehind())
            co_await waitForStore(sink);
        std::size_t available = 0;
        char* space = ends.sourceBuffer.prepare(kReadChunk, available);
        ends.sourceDeadline.arm(ends.readTimeout);
        const IoResult read = co_await ends.source.readSome(boost::asio::buffer(space, available));
        ends.sourceDeadline.disarm();
        ends.sourceBuffer.commit(read.bytes);
        if (ends.sourceBytes != nullptr)
            *ends.sourceBytes += read.bytes;
        if (read.error && read.bytes == 0) {
            if (ends.sourceDeadline.expired()) {
                result.failure = PumpFailure::SourceTimeout;
                co_return result;
            }
            if (isCleanClose(read.error)) {
                // Completes a body delimited by close; any other framing is cut short.
                if (parser.finishOnEof(sink)) {
                    result.endedByEof = true;
                    if (!co_await flush())
                        result.failure = PumpFailure::DestinationError;
                    co_return result;
                }
                result.failure = PumpFailure::SourceClosed;
                result.detail = "connection closed before the end of the body";
                co_return result;
            }
            result.failure = PumpFailure::SourceError;
            result.detail = read.error.message();
            co_return result;
        }
    }
}

template boost::asio::awaitable<PumpResult> pumpBody<true>(http::MessageParser<true>&, ForwardingSink&, PumpEnds,
                                                           bool);
template boost::asio::awaitable<PumpResult> pumpBody<false>(http::MessageParser<false>&, ForwardingSink&, PumpEnds,
                                                            bool);

} // namespace flowscope::engine
