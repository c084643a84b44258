#pragma once
#include "store/flow.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace flowscope::store {

// Where the engine hands finished flows. The store's FlowWriter is the production sink.
//
// Thread safety: every function may be called from any thread concurrently.
// publish() may block briefly when the sink is saturated (back-pressure, DESIGN.md);
// offerMessages() never blocks.
class FlowSink {
public:
    virtual ~FlowSink() = default;
    // A new unique id, increasing, usable before the flow is published (so live updates of
    // one flow, e.g. WebSocket messages, can refer to it).
    virtual std::int64_t allocateId() = 0;
    // Persist a finished flow (insert, or replace a flow with the same id). Messages it
    // carries (Flow::messages) are appended to the flow's stored messages.
    virtual void publish(Flow flow) = 0;
    // Appends messages of a flow that is still open (a live WebSocket connection; the flow
    // itself may be published before or after). Never blocks, so a relay is never held up
    // by the store: returns false and leaves `messages` with the caller when the sink is
    // saturated; the caller keeps them (bounded) and offers them again later. On true,
    // `messages` has been taken (left empty). Pure virtual on purpose: a forwarding sink
    // that forgot it would silently lose every message of open connections.
    virtual bool offerMessages(std::int64_t flowId, std::vector<WebSocketMessage>& messages) = 0;
    // Stores piece `seq` (0, 1, ...) of a body still streaming (`part`: 0 request,
    // 1 response), so a large capture is not held whole in memory until the flow is
    // published; the flow then carries the rest with BodyCapture::spooledBytes/Chunks set.
    // Never blocks. On true `data` has been taken (left empty, possibly with the capacity
    // of a buffer the sink is done with, for the next piece); on false the caller keeps
    // the bytes and they travel with the flow instead. The engine reads a refusal as a busy
    // store and holds that body back for up to 500 ms before it keeps the capture whole, so
    // refuse only when busy or when the bytes are wanted with the flow: this default keeps
    // every capture whole (a sink that holds flows in memory wants that), and a sink that
    // keeps nothing takes pieces and drops them (DiscardingSink).
    virtual bool offerBodyChunk(std::int64_t flowId, int part, std::uint32_t seq, std::string& data) {
        static_cast<void>(flowId);
        static_cast<void>(part);
        static_cast<void>(seq);
        static_cast<void>(data);
        return false;
    }
};

} // namespace flowscope::store
