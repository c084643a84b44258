#pragma once
// A FlowSink in front of the store writer that the Record button opens and closes: the
// proxy keeps serving while recording is off, it only stops keeping flows.

#include "store/flow_sink.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace flowscope::ui {

// Thread safety: publish()/allocateId() from engine threads, setRecording() from the GUI.
class RecordingGate final : public store::FlowSink {
public:
    explicit RecordingGate(store::FlowSink& target) : m_target(target) {}

    std::int64_t allocateId() override { return m_target.allocateId(); }
    // A flow that ends while recording is off is not kept, whenever it started.
    void publish(store::Flow flow) override {
        if (m_recording.load(std::memory_order_relaxed)) {
            m_target.publish(std::move(flow));
        } else {
            m_skipped.fetch_add(1, std::memory_order_relaxed);
        }
    }

    // Messages of an open WebSocket go to the store while recording (FlowSink's default
    // would accept and drop them: the Messages tab would see only the final batch). With
    // recording off they are dropped, as the flow that carries them will be.
    bool offerMessages(std::int64_t flowId, std::vector<store::WebSocketMessage>& messages) override {
        if (m_recording.load(std::memory_order_relaxed))
            return m_target.offerMessages(flowId, messages);
        messages.clear();
        return true;
    }

    // Pieces of a large body go to the store while recording. With recording off they are
    // taken and dropped, as messages are. Refusing them is not harmless: the
    // engine takes a refusal for a busy store and holds the body back for up to 500 ms
    // (engine/body_pump.cpp), then keeps the whole capture in memory (up to max_body_size)
    // for a flow that will not be kept. The cost lands on the rare flow that ends after
    // Record is switched back on: it claims pieces the store never got, so the writer keeps
    // it with its body marked not captured (FlowWriter's check of spooled pieces).
    bool offerBodyChunk(std::int64_t flowId, int part, std::uint32_t seq, std::string& data) override {
        if (m_recording.load(std::memory_order_relaxed))
            return m_target.offerBodyChunk(flowId, part, seq, data);
        data.clear(); // taken: the capacity stays with the caller for its next piece
        return true;
    }

    void setRecording(bool on) { m_recording.store(on, std::memory_order_relaxed); }
    bool recording() const { return m_recording.load(std::memory_order_relaxed); }
    std::uint64_t skippedCount() const { return m_skipped.load(std::memory_order_relaxed); }

private:
    store::FlowSink& m_target;
    std::atomic<bool> m_recording{true};
    std::atomic<std::uint64_t> m_skipped{0};
};

} // namespace flowscope::ui
