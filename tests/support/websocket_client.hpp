#pragma once
// The tests' WebSocket client (Beast) through the proxy: ws:// as an absolute-form upgrade
// request to the proxy, wss:// inside a CONNECT tunnel with TLS verified against the
// proxy's CA. Synchronous calls, each bounded by the stream's idle timeout. Control frames
// the client sees (pings, pongs, the peer's close) are recorded.
//
// Thread safety: one client per thread.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::test {

struct WebSocketTarget {
    std::uint16_t proxyPort = 0;
    std::string host = "127.0.0.1"; // origin host (the CONNECT target and certificate name for wss)
    std::uint16_t port = 0;         // origin port
    std::string path = "/ws";
    bool tls = false; // wss:// through CONNECT; caFile is the proxy's CA
    std::filesystem::path caFile;
    bool offerDeflate = false; // permessage-deflate offered (RFC 7692)
    std::chrono::milliseconds timeout = std::chrono::seconds(15);
};

struct WsMessage {
    bool text = true;
    std::string payload;
    friend bool operator==(const WsMessage&, const WsMessage&) = default;
};

struct WsControl {
    enum class Kind { Ping, Pong, Close } kind;
    std::string payload; // ping/pong payload, or the close reason
};

class WebSocketError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class WebSocketClient {
public:
    // Connects and completes the handshake; throws WebSocketError.
    explicit WebSocketClient(const WebSocketTarget& target);
    ~WebSocketClient();
    WebSocketClient(const WebSocketClient&) = delete;
    WebSocketClient& operator=(const WebSocketClient&) = delete;

    // The 101's Sec-WebSocket-Extensions ("" when none was accepted).
    const std::string& acceptedExtensions() const;

    void send(const WsMessage& message);
    // One message in `pieces` frames (RFC 6455 §5.4).
    void sendFragmented(const WsMessage& message, std::size_t pieces);
    void ping(std::string_view payload);
    // The next data message; nullopt when the peer closed instead (closeCode() says how).
    std::optional<WsMessage> read();
    // Client-initiated close: sends Close, then reads until the server's Close arrives.
    void close(std::uint16_t code, std::string_view reason);

    std::uint16_t closeCode() const; // the server's Close status, 0 before one arrived
    std::string closeReason() const;
    const std::vector<WsControl>& controls() const; // in arrival order

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::test
