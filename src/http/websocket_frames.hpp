#pragma once
// Passive WebSocket frame parser (RFC 6455 §5). After a 101 the proxy relays both
// directions byte for byte; one FrameParser per direction watches the same bytes, fed in
// whatever chunks they arrive in, and reports frames and reassembled messages for the
// recorder and the frame inspector. Sans-io: bytes in, events out, nothing thrown.
//
// Memory is bounded whatever the peer sends: at most 14 header bytes are buffered, payload
// is consumed as it arrives (never a whole frame), and of each message at most
// ParserOptions::maxCapture bytes are kept; the rest is counted. permessage-deflate
// (RFC 7692) messages are inflated for display under the same cap.
//
// Protocol violations are reported, not thrown: the parser records the first one
// (protocolError()), stops interpreting, and keeps accepting bytes so the caller can go on
// relaying. Lenient where a passive observer should be: a length in a longer encoding than
// needed (§5.2 "the minimal number of bytes MUST be used") is accepted and flagged in
// FrameInfo::nonMinimalLength; invalid UTF-8 (§8.1) is noted in Message::error and parsing
// continues.
//
// Thread safety: none. One parser per direction per connection, used from that
// connection's strand.

#include "http/permessage_deflate.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::http::websocket {

enum class Direction : std::uint8_t { ClientToServer, ServerToClient };

// RFC 6455 §5.2 / §11.8. Other values are reserved and a protocol error on the wire.
enum class Opcode : std::uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

// §5.5: control opcodes have the high bit of the 4-bit opcode set.
constexpr bool isControl(Opcode opcode) noexcept {
    return (static_cast<std::uint8_t>(opcode) & 0x8) != 0;
}
std::string_view toString(Opcode opcode) noexcept;       // "continuation", "text", ... "pong"
std::string_view toString(Direction direction) noexcept; // "client->server", "server->client"

// §7.4: may this status code appear in a Close frame? 1000-1003, 1007-1014 and 3000-4999;
// 1004 (reserved), 1005, 1006 and 1015 (never sent) and everything below 1000 or above 4999
// may not. 1012-1014 are registered in the IANA registry (§11.7) after the RFC.
bool isValidCloseCode(std::uint16_t code) noexcept;

// One frame header as it was on the wire; queued when the frame's payload is complete.
struct FrameInfo {
    bool fin = false;
    bool rsv1 = false, rsv2 = false, rsv3 = false;
    Opcode opcode = Opcode::Continuation;
    bool masked = false;
    std::uint32_t maskingKey = 0; // big-endian as sent, 0 when unmasked
    std::uint64_t payloadLength = 0;
    std::uint8_t headerLength = 0;  // 2..14
    bool nonMinimalLength = false;  // 126/127 form used for a length that fits a shorter one
    std::uint64_t streamOffset = 0; // offset of the first header byte in this direction's bytes

    friend bool operator==(const FrameInfo&, const FrameInfo&) = default;
};

// A complete message: a data message reassembled from its fragments, or one control frame.
struct Message {
    Direction direction = Direction::ClientToServer;
    Opcode opcode = Opcode::Text; // of the first frame: Text, Binary, Close, Ping or Pong
    // Unmasked (and, when compressed, inflated) bytes, at most ParserOptions::maxCapture.
    std::string payload;
    std::uint64_t wireLength = 0; // payload bytes on the wire, summed over the frames
    // Bytes after inflation; == wireLength when not compressed or when the compressed bytes
    // are kept because inflation was impossible; the bytes inflated before an inflate error.
    std::uint64_t length = 0;
    bool truncated = false;  // payload holds fewer than `length` bytes
    bool compressed = false; // RSV1 on the first frame with permessage-deflate (RFC 7692 §6)
    std::uint32_t frameCount = 0;
    std::uint64_t streamOffset = 0;         // offset of the first frame's header in this direction
    std::optional<std::uint16_t> closeCode; // Close with a body (§5.5.1)
    std::string closeReason;                // raw bytes after the code
    // Empty when all is well, otherwise why the message is suspect: "invalid UTF-8 in text
    // message", an inflate failure, a Close body violation, or that the message was cut off.
    std::string error;

    friend bool operator==(const Message&, const Message&) = default;
};

// The first violation that stopped the parser.
enum class ProtocolError : std::uint8_t {
    None,
    ReservedOpcode,         // §5.2: opcodes 0x3-0x7, 0xB-0xF
    ReservedBits,           // §5.2: RSV set without an extension defining it (RFC 7692 §6)
    ControlFrameTooLong,    // §5.5: control payload over 125 bytes
    FragmentedControlFrame, // §5.5: control frame with FIN clear
    UnexpectedContinuation, // §5.4: continuation frame with no message open
    InterleavedDataFrame,   // §5.4: new Text/Binary frame while a fragmented message is open
    MaskingMismatch,        // §5.1: unmasked client frame or masked server frame
    LengthHighBit,          // §5.2: 64-bit payload length with the most significant bit set
    CloseBodyTooShort,      // §5.5.1: a Close body of 1 byte
    InvalidCloseCode,       // §7.4: a status code that must not be sent
    FrameAfterClose,        // §5.5.1: nothing may follow a Close frame
};
std::string_view toString(ProtocolError error) noexcept;

struct ParserOptions {
    // Bytes of each message's payload kept in Message::payload; beyond it bytes are counted.
    std::uint64_t maxCapture = 16u * 1024u * 1024u;
    // §5.1: client->server frames must be masked and server->client frames must not be.
    // Off for a capture where either side is known to break the rule and should be shown.
    bool enforceMasking = true;
    // Queue a FrameInfo per frame for takeFrames(); off when only messages are wanted.
    bool recordFrames = true;
};

// Incremental UTF-8 check (RFC 3629 §4): rejects overlong forms, surrogates and code
// points above U+10FFFF, across any split of the input.
class Utf8Validator {
public:
    void reset() noexcept { *this = Utf8Validator(); }
    // Returns false once the bytes seen so far cannot be the start of valid UTF-8.
    bool feed(std::string_view bytes) noexcept;
    bool valid() const noexcept { return !m_invalid; }
    // Valid and not in the middle of a multi-byte sequence.
    bool complete() const noexcept { return !m_invalid && m_pending == 0; }

private:
    std::uint8_t m_pending = 0;                  // continuation bytes still expected
    std::uint8_t m_lower = 0x80, m_upper = 0xBF; // range allowed for the next continuation byte
    bool m_invalid = false;
};

class FrameParser {
public:
    explicit FrameParser(Direction direction, ParserOptions options = {});
    ~FrameParser();
    FrameParser(FrameParser&&) noexcept;
    FrameParser& operator=(FrameParser&&) noexcept;
    FrameParser(const FrameParser&) = delete;
    FrameParser& operator=(const FrameParser&) = delete;

    // permessage-deflate was negotiated (see parseDeflateExtension): RSV1 on a message's
    // first frame marks it compressed. Call before feeding; applies to messages begun later.
    void enableDeflate(const DeflateParams& params);

    // Observes the next bytes of this direction. Completed messages and frames are queued;
    // drain them with takeMessages()/takeFrames() after each call to keep memory bounded.
    // After a protocol error (failed()) or finish(), bytes are only counted.
    void feed(std::string_view bytes);
    // The stream ended (connection closed or torn down): a message still open is delivered
    // with Message::error saying it was cut off. Later feeds are ignored.
    void finish();

    std::vector<Message> takeMessages();
    std::vector<FrameInfo> takeFrames();
    bool hasMessages() const noexcept { return !m_messages.empty(); }

    Direction direction() const noexcept { return m_direction; }
    std::uint64_t framesSeen() const noexcept { return m_framesSeen; } // frames whose payload completed
    std::uint64_t bytesSeen() const noexcept { return m_bytesSeen; }   // everything fed, failed or not
    bool closeSeen() const noexcept { return m_closeSeen; }
    bool failed() const noexcept { return m_error != ProtocolError::None; }
    ProtocolError protocolErrorKind() const noexcept { return m_error; }
    // Human-readable, citing the RFC section; empty unless failed().
    const std::string& protocolError() const noexcept { return m_errorText; }

private:
    enum class State : std::uint8_t { ReadHeader, ReadPayload, Stopped };
    // How a data message's payload bytes become Message::payload.
    enum class PayloadMode : std::uint8_t {
        Plain,         // uncompressed: unmasked bytes
        Inflate,       // permessage-deflate: inflated bytes
        RawCompressed, // compressed but the inflate context is lost: the compressed bytes
        Skip,          // inflate failed inside this message: the rest only adds to wireLength
    };

    void parseHeader();
    bool checkHeader();
    void beginFrame();
    void consumePayload(std::string_view chunk);
    void consumeDataPayload(std::string_view chunk);
    void appendMessageBytes(std::string_view plain);
    // How many of `incoming` bytes still fit under maxCapture after `kept`.
    std::size_t capturable(std::size_t kept, std::size_t incoming) const noexcept;
    void endFrame();
    void endControlMessage();
    void endDataMessage();
    void fail(ProtocolError error, std::string detail);
    void unmask(const char* in, char* out, std::size_t size, std::size_t offset = 0) noexcept;

    Direction m_direction;
    ParserOptions m_options;
    State m_state = State::ReadHeader;

    unsigned char m_header[14] = {}; // §5.2: 2 + 8 (length) + 4 (key) bytes at most
    std::size_t m_headerSize = 0;
    FrameInfo m_frame;
    unsigned char m_mask[4] = {};
    std::uint64_t m_payloadDone = 0; // payload bytes of the current frame consumed

    Message m_data; // the data message being reassembled
    bool m_dataOpen = false;
    PayloadMode m_dataMode = PayloadMode::Plain;
    Utf8Validator m_utf8;
    Message m_control;          // the control frame being read
    std::string m_controlBytes; // its whole payload (<= 125 bytes, §5.5)
    std::string m_scratch;      // unmasked bytes that are validated or inflated, not kept

    std::optional<DeflateParams> m_deflate;
    std::unique_ptr<Inflater> m_inflater;

    std::vector<Message> m_messages;
    std::vector<FrameInfo> m_frames;
    std::uint64_t m_framesSeen = 0;
    std::uint64_t m_bytesSeen = 0;
    bool m_closeSeen = false;
    ProtocolError m_error = ProtocolError::None;
    std::string m_errorText;
};

} // namespace flowscope::http::websocket
