#pragma once
// A store with WebSocket flows written through the real FlowWriter, the way the engine
// writes them: the open flow, message batches while it is open, the final flow.

#include "store/flow_writer.hpp"
#include "support/temp_dir.hpp"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace flowscope::ui::test {

inline constexpr std::int64_t kFlowStartUs = 1'700'000'000'000'000;

inline store::WebSocketMessage makeMessage(std::int64_t seq, store::MessageDirection direction, int opcode,
                                           std::string payload) {
    store::WebSocketMessage message;
    message.seq = seq;
    message.direction = direction;
    message.timeUs = kFlowStartUs + 1000 + seq * 1000;
    message.opcode = opcode;
    message.length = payload.size();
    message.wireLength = payload.size();
    message.payload = std::move(payload);
    return message;
}

inline store::WebSocketMessage textMessage(std::int64_t seq, std::string payload) {
    // Even seqs are sent, odd ones received: a request/echo conversation.
    return makeMessage(seq,
                       seq % 2 == 0 ? store::MessageDirection::ClientToServer : store::MessageDirection::ServerToClient,
                       store::kOpcodeText, std::move(payload));
}

inline store::Flow makeWebSocketFlow(std::int64_t id, bool ended) {
    store::Flow flow;
    flow.id = id;
    flow.kind = store::FlowKind::WebSocket;
    flow.startedAtUs = kFlowStartUs;
    flow.endedAtUs = ended ? kFlowStartUs + 5'000'000 : 0;
    flow.method = "GET";
    flow.scheme = "wss";
    flow.host = "chat.example";
    flow.port = 443;
    flow.path = "/socket";
    flow.url = "wss://chat.example/socket";
    flow.status = 101;
    flow.reason = "Switching Protocols";
    return flow;
}

class MessageStore {
public:
    MessageStore() : m_writer(std::make_unique<store::FlowWriter>(path())) {}

    std::filesystem::path path() const { return m_dir / "flows.sqlite"; }
    store::FlowWriter& writer() { return *m_writer; }

    // A flow with `messages`, committed before this returns.
    store::Flow publish(store::Flow flow, std::vector<store::WebSocketMessage> messages) {
        flow.messages = std::move(messages);
        store::Flow copy = flow;
        copy.messages.clear();
        m_writer->publish(std::move(flow));
        m_writer->flush();
        return copy;
    }
    // More messages of an open flow, as the engine offers them; committed before this returns.
    void offer(std::int64_t flowId, std::vector<store::WebSocketMessage> messages) {
        if (!m_writer->offerMessages(flowId, messages))
            throw std::runtime_error("the writer refused the batch");
        m_writer->flush();
    }

private:
    flowscope::test::TempDir m_dir;
    std::unique_ptr<store::FlowWriter> m_writer;
};

} // namespace flowscope::ui::test
