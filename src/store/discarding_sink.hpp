#pragma once
#include "store/flow_sink.hpp"

#include <atomic>
#include <cstdint>

namespace flowscope::store {

// A FlowSink that keeps nothing: `flowscope-cli proxy --no-record` decrypts, relays and
// applies rules without writing a store. Ids still increase, so log lines naming a flow
// stay distinct. Also what the benchmarks use to price recording on its own.
class DiscardingSink final : public FlowSink {
public:
    std::int64_t allocateId() override { return m_nextId.fetch_add(1, std::memory_order_relaxed); }
    void publish(Flow flow) override {
        static_cast<void>(flow);
        m_discarded.fetch_add(1, std::memory_order_relaxed);
    }
    bool offerMessages(std::int64_t flowId, std::vector<WebSocketMessage>& messages) override {
        static_cast<void>(flowId);
        messages.clear(); // taken, as the contract says, and dropped
        return true;
    }
    // Taken and dropped. Refusing would read as a busy store: the engine would hold each
    // large body back for up to 500 ms and then keep it whole in memory.
    bool offerBodyChunk(std::int64_t flowId, int part, std::uint32_t seq, std::string& data) override {
        static_cast<void>(flowId);
        static_cast<void>(part);
        static_cast<void>(seq);
        data.clear(); // the capacity stays with the caller for its next piece
        return true;
    }
    std::uint64_t discardedCount() const { return m_discarded.load(std::memory_order_relaxed); }

private:
    std::atomic<std::int64_t> m_nextId{1};
    std::atomic<std::uint64_t> m_discarded{0};
};

} // namespace flowscope::store
