#pragma once
// permessage-deflate (RFC 7692) for the passive WebSocket parser: reading the negotiated
// parameters from the server's Sec-WebSocket-Extensions response header, and a streaming
// raw-DEFLATE inflater that keeps (or drops) the LZ77 window between messages.
//
// Thread safety: none. An Inflater belongs to one direction of one connection.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::http::websocket {

// The parameters the server accepted (RFC 7692 §7.1). "server_*" describe what the server
// sends (so the server->client direction), "client_*" what the client sends.
struct DeflateParams {
    bool serverNoContextTakeover = false; // §7.1.1.1
    bool clientNoContextTakeover = false; // §7.1.1.2
    int serverMaxWindowBits = 15;         // §7.1.2.1, 8..15
    int clientMaxWindowBits = 15;         // §7.1.2.2, 8..15

    friend bool operator==(const DeflateParams&, const DeflateParams&) = default;
};

// Parses the value of the server's Sec-WebSocket-Extensions response header (several
// fields may be joined with ", "), e.g.
// "permessage-deflate; client_max_window_bits=10; server_no_context_takeover".
// Returns nullopt when permessage-deflate was not accepted, or when its response is one a
// client must reject (RFC 7692 §5, §7.1): an unknown or repeated parameter, a value on a
// flag, a window size outside 8..15. Extension and parameter names compare
// case-insensitively; values may be quoted (RFC 6455 §9.1 allows quoted-string). A
// client_max_window_bits without a value, which a server should not send, is read as 15.
std::optional<DeflateParams> parseDeflateExtension(std::string_view secWebSocketExtensions);

// Streaming raw inflate of one direction's compressed messages (RFC 7692 §7.2.2). Output
// is handed to a sink chunk by chunk and never accumulated here, so memory stays bounded
// (one zlib state plus a 16 KiB buffer) whatever the message expands to; capping what is
// kept is the caller's business.
class Inflater {
public:
    using Sink = std::function<void(std::string_view)>;

    // `windowBits` is the sending side's max_window_bits (8..15). 8 is inflated with a 9-bit
    // window: zlib-based senders cannot deflate with 8 and silently use 9 (zlib manual,
    // deflateInit2), and a larger window decodes any stream a smaller one does.
    explicit Inflater(int windowBits);
    ~Inflater();
    Inflater(Inflater&&) noexcept;
    Inflater& operator=(Inflater&&) noexcept;
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;

    // Starts a compressed message. `resetContext` drops the LZ77 window: the sender declared
    // *_no_context_takeover (RFC 7692 §7.1.1). Clears an earlier error only in that case,
    // since otherwise the window the next message refers to is lost.
    void beginMessage(bool resetContext);
    // Inflates more of the message's compressed payload (already unmasked). Returns false
    // on corrupt data; error() says why and later calls produce nothing.
    bool feed(std::string_view compressed, const Sink& sink);
    // Ends the message: inflates the 00 00 ff ff tail the sender removed (RFC 7692 §7.2.2)
    // and checks the data ended on a block boundary.
    bool endMessage(const Sink& sink);

    bool failed() const;
    const std::string& error() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::http::websocket
