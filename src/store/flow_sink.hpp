#pragma once
#include "store/flow.hpp"

#include <cstdint>

namespace flowscope::store {

// Where the engine hands finished flows. The store's FlowWriter is the production sink.
//
// Thread safety: both functions may be called from any thread concurrently.
// publish() may block briefly when the sink is saturated (back-pressure, DESIGN.md).
class FlowSink {
public:
    virtual ~FlowSink() = default;
    // A new unique id, increasing, usable before the flow is published (so live updates of
    // one flow, e.g. WebSocket messages, can refer to it).
    virtual std::int64_t allocateId() = 0;
    // Persist a finished flow (insert, or replace a flow with the same id).
    virtual void publish(Flow flow) = 0;
};

} // namespace flowscope::store
