// `flowscope-cli flows show ID` on a WebSocket flow: the messages are listed (arrow, time,
// opcode, length, a terminal-safe preview) and, with --json, given whole (text as UTF-8,
// binary as base64).
#include "cli/cli_app.hpp"
#include "store/flow_writer.hpp"

#include <filesystem>
#include <gmock/gmock.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace flowscope::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

store::WebSocketMessage message(std::int64_t seq, store::MessageDirection direction, int opcode, std::string payload) {
    store::WebSocketMessage m;
    m.seq = seq;
    m.direction = direction;
    m.timeUs = 1'700'000'000'000'000 + seq * 1000;
    m.opcode = opcode;
    m.length = payload.size();
    m.wireLength = payload.size();
    m.payload = std::move(payload);
    return m;
}

class FlowsShowWebSocketTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() / ("flowscope-cli-ws-" + std::to_string(::getpid()));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        store::FlowWriter writer(m_dir / "flows.sqlite");
        store::Flow flow;
        flow.id = writer.allocateId();
        flow.kind = store::FlowKind::WebSocket;
        flow.startedAtUs = 1'700'000'000'000'000;
        flow.endedAtUs = flow.startedAtUs + 5000;
        flow.scheme = "wss";
        flow.method = "GET";
        flow.host = "chat.example";
        flow.port = 443;
        flow.path = "/socket";
        flow.url = "wss://chat.example/socket";
        flow.httpVersion = "HTTP/1.1";
        flow.status = 101;
        flow.reason = "Switching Protocols";
        flow.webSocket.messagesFromClient = 2;
        flow.webSocket.messagesFromServer = 2;
        flow.webSocket.closedBy = store::CloseInitiator::Client;
        flow.webSocket.closeCode = 1000;
        flow.webSocket.closeReason = "done";
        using store::MessageDirection;
        flow.messages.push_back(message(0, MessageDirection::ClientToServer, store::kOpcodeText, "hello \x1b[31mred"));
        store::WebSocketMessage binary =
            message(1, MessageDirection::ServerToClient, store::kOpcodeBinary, std::string("\x00\x01\xfe\xff", 4));
        binary.compressed = true;
        flow.messages.push_back(binary);
        store::WebSocketMessage close = message(2, MessageDirection::ClientToServer, store::kOpcodeClose,
                                                std::string("\x03\xe8"
                                                            "done",
                                                            6));
        close.closeCode = 1000;
        close.closeReason = "done";
        flow.messages.push_back(close);
        flow.messages.push_back(
            message(3, MessageDirection::ServerToClient, store::kOpcodeClose, std::string("\x03\xe8", 2)));
        flow.messages.back().closeCode = 1000;
        m_id = flow.id;
        writer.publish(std::move(flow));
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }

    std::string run(std::vector<std::string> args) {
        std::vector<std::string> all{"flowscope-cli", "--data-dir", m_dir.string(),
                                     "flows",         "show",       std::to_string(m_id)};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<const char*> argv;
        for (const auto& arg : all)
            argv.push_back(arg.c_str());
        std::ostringstream out, err;
        EXPECT_EQ(runCli(static_cast<int>(argv.size()), argv.data(), out, err), 0) << err.str();
        return out.str();
    }

private:
    std::filesystem::path m_dir;
    std::int64_t m_id = 0;
};

TEST_F(FlowsShowWebSocketTest, TextListsEveryMessage) {
    const std::string text = run({});
    EXPECT_THAT(
        text, HasSubstr("WebSocket: 2 messages from the client, 2 from the server; closed by the client (1000 done)"));
    EXPECT_THAT(text, HasSubstr("->"));
    EXPECT_THAT(text, HasSubstr("<-"));
    EXPECT_THAT(text, HasSubstr("text"));
    EXPECT_THAT(text, HasSubstr("hello .[31mred")); // the escape byte never reaches the terminal
    EXPECT_THAT(text, Not(HasSubstr("\x1b")));
    EXPECT_THAT(text, HasSubstr("binary"));
    EXPECT_THAT(text, HasSubstr("00 01 fe ff"));
    EXPECT_THAT(text, HasSubstr("[deflate]"));
    EXPECT_THAT(text, HasSubstr("  close  "));
    EXPECT_THAT(text, HasSubstr("1000 done"));
    EXPECT_THAT(text, Not(HasSubstr("messages shown")));
}

TEST_F(FlowsShowWebSocketTest, MessageLimitSaysHowManyAreNotShown) {
    const std::string text = run({"--messages", "2"});
    EXPECT_THAT(text, HasSubstr("(2 of 4 messages shown; use --messages 0 for all)"));
    EXPECT_THAT(text, HasSubstr("hello"));
    EXPECT_THAT(text, Not(HasSubstr("  close  "))); // the Close messages are past the limit
}

TEST_F(FlowsShowWebSocketTest, JsonCarriesWholePayloadsAndTheSummary) {
    const nlohmann::json json = nlohmann::json::parse(run({"--json"}));
    const auto& ws = json.at("websocket");
    EXPECT_EQ(ws.at("messages_from_client"), 2);
    EXPECT_EQ(ws.at("closed_by"), "client");
    EXPECT_EQ(ws.at("close_code"), 1000);
    EXPECT_EQ(ws.at("messages_stored"), 4);
    const auto& messages = ws.at("messages");
    ASSERT_EQ(messages.size(), 4u);
    EXPECT_EQ(messages[0].at("direction"), "client->server");
    EXPECT_EQ(messages[0].at("opcode"), "text");
    EXPECT_EQ(messages[0].at("payload").at("encoding"), "utf-8");
    EXPECT_EQ(messages[0].at("payload").at("data"), "hello \x1b[31mred"); // JSON escapes it, exact
    EXPECT_EQ(messages[1].at("opcode"), "binary");
    EXPECT_EQ(messages[1].at("payload").at("encoding"), "base64");
    EXPECT_EQ(messages[1].at("payload").at("data"), "AAH+/w==");
    EXPECT_EQ(messages[1].at("compressed"), true);
    EXPECT_EQ(messages[2].at("close_code"), 1000);
    EXPECT_EQ(messages[2].at("close_reason"), "done");
    EXPECT_EQ(messages[3].at("seq"), 3);
}

} // namespace
} // namespace flowscope::cli
