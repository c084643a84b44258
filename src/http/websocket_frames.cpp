#include "http/websocket_frames.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>
#include <utility>

namespace flowscope::http::websocket {
namespace {

// Bytes unmasked at a time into the scratch buffer for UTF-8 checks and inflation: enough
// to amortise the calls, small enough that a 64 MiB feed() does not allocate 64 MiB.
constexpr std::size_t kScratchPiece = 64 * 1024;
constexpr std::uint64_t kMaxControlPayload = 125; // §5.5
constexpr std::size_t kMaxReserve = 64 * 1024;

// §5.2: 2 bytes, then 2 or 8 bytes of extended length, then 4 bytes of masking key.
std::size_t requiredHeaderSize(const unsigned char* header, std::size_t have) noexcept {
    if (have < 2)
        return 2;
    std::size_t size = (header[1] & 0x80) != 0 ? 6 : 2;
    const unsigned length7 = header[1] & 0x7fu;
    if (length7 == 126)
        size += 2;
    else if (length7 == 127)
        size += 8;
    return size;
}

bool isReservedOpcode(unsigned opcode) noexcept {
    return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB;
}

void addError(std::string& errors, std::string_view error) {
    if (!errors.empty())
        errors += "; ";
    errors += error;
}

} // namespace

std::string_view toString(Opcode opcode) noexcept {
    switch (opcode) {
    case Opcode::Continuation:
        return "continuation";
    case Opcode::Text:
        return "text";
    case Opcode::Binary:
        return "binary";
    case Opcode::Close:
        return "close";
    case Opcode::Ping:
        return "ping";
    case Opcode::Pong:
        return "pong";
    }
    return "reserved";
}

std::string_view toString(Direction direction) noexcept {
    return direction == Direction::ClientToServer ? "client->server" : "server->client";
}

std::string_view toString(ProtocolError error) noexcept {
    switch (error) {
    case ProtocolError::None:
        return "none";
    case ProtocolError::ReservedOpcode:
        return "reserved opcode";
    case ProtocolError::ReservedBits:
        return "reserved bits set";
    case ProtocolError::ControlFrameTooLong:
        return "control frame too long";
    case ProtocolError::FragmentedControlFrame:
        return "fragmented control frame";
    case ProtocolError::UnexpectedContinuation:
        return "unexpected continuation frame";
    case ProtocolError::InterleavedDataFrame:
        return "data frame inside a fragmented message";
    case ProtocolError::MaskingMismatch:
        return "wrong masking for the direction";
    case ProtocolError::LengthHighBit:
        return "payload length with the high bit set";
    case ProtocolError::CloseBodyTooShort:
        return "close body of 1 byte";
    case ProtocolError::InvalidCloseCode:
        return "invalid close code";
    case ProtocolError::FrameAfterClose:
        return "frame after close";
    }
    return "unknown";
}

bool isValidCloseCode(std::uint16_t code) noexcept {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

bool Utf8Validator::feed(std::string_view bytes) noexcept {
    if (m_invalid)
        return false;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* const end = p + bytes.size();
    while (p < end) {
        if (m_pending == 0) {
            // Text is mostly ASCII: skip 8 bytes at a time while no byte has its high bit set.
            while (end - p >= 8) {
                std::uint64_t word;
                std::memcpy(&word, p, sizeof word);
                if ((word & 0x8080808080808080ull) != 0)
                    break;
                p += 8;
            }
            if (p == end)
                break;
            const unsigned char lead = *p++;
            if (lead < 0x80)
                continue;
            // RFC 3629 §4: the first continuation byte's range excludes overlong forms
            // (E0, F0), surrogates (ED) and code points past U+10FFFF (F4).
            m_lower = 0x80;
            m_upper = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                m_pending = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                m_pending = 2;
                if (lead == 0xE0)
                    m_lower = 0xA0;
                else if (lead == 0xED)
                    m_upper = 0x9F;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                m_pending = 3;
                if (lead == 0xF0)
                    m_lower = 0x90;
                else if (lead == 0xF4)
                    m_upper = 0x8F;
            } else {
                m_invalid = true; // 80-C1 (continuation or overlong lead), F5-FF
                return false;
            }
        } else {
            const unsigned char next = *p++;
            if (next < m_lower || next > m_upper) {
                m_invalid = true;
                return false;
            }
            --m_pending;
            m_lower = 0x80;
            m_upper = 0xBF;
        }
    }
    return true;
}

FrameParser::FrameParser(Direction direction, ParserOptions options) : m_direction(direction), m_options(options) {}
FrameParser::~FrameParser() = default;
FrameParser::FrameParser(FrameParser&&) noexcept = default;
FrameParser& FrameParser::operator=(FrameParser&&) noexcept = default;

void FrameParser::enableDeflate(const DeflateParams& params) {
    m_deflate = params;
    // RFC 7692 §7.2.2: inflate with the window of the side that compressed.
    m_inflater = std::make_unique<Inflater>(m_direction == Direction::ClientToServer ? params.clientMaxWindowBits
                                                                                     : params.serverMaxWindowBits);
}

void FrameParser::feed(std::string_view bytes) {
    m_bytesSeen += bytes.size();
    while (!bytes.empty() && m_state != State::Stopped) {
        if (m_state == State::ReadHeader) {
            if (m_headerSize == 0)
                m_frame.streamOffset = m_bytesSeen - bytes.size();
            const std::size_t needed = requiredHeaderSize(m_header, m_headerSize);
            const std::size_t take = std::min(needed - m_headerSize, bytes.size());
            std::memcpy(m_header + m_headerSize, bytes.data(), take);
            m_headerSize += take;
            bytes.remove_prefix(take);
            if (m_headerSize == requiredHeaderSize(m_header, m_headerSize))
                parseHeader();
        } else {
            const std::uint64_t remaining = m_frame.payloadLength - m_payloadDone;
            const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, bytes.size()));
            consumePayload(bytes.substr(0, take));
            bytes.remove_prefix(take);
            if (m_payloadDone == m_frame.payloadLength)
                endFrame();
        }
    }
}

void FrameParser::parseHeader() {
    const unsigned char* h = m_header;
    FrameInfo& frame = m_frame;
    frame.fin = (h[0] & 0x80) != 0;
    frame.rsv1 = (h[0] & 0x40) != 0;
    frame.rsv2 = (h[0] & 0x20) != 0;
    frame.rsv3 = (h[0] & 0x10) != 0;
    frame.opcode = static_cast<Opcode>(h[0] & 0x0f);
    frame.masked = (h[1] & 0x80) != 0;
    std::size_t pos = 2;
    const unsigned length7 = h[1] & 0x7fu;
    if (length7 == 126) {
        frame.payloadLength = (std::uint64_t{h[2]} << 8) | h[3];
        frame.nonMinimalLength = frame.payloadLength < 126;
        pos = 4;
    } else if (length7 == 127) {
        frame.payloadLength = 0;
        for (std::size_t i = 2; i < 10; ++i)
            frame.payloadLength = (frame.payloadLength << 8) | h[i];
        frame.nonMinimalLength = frame.payloadLength <= 0xffff;
        pos = 10;
    } else {
        frame.payloadLength = length7;
        frame.nonMinimalLength = false;
    }
    frame.maskingKey = 0;
    if (frame.masked) {
        std::memcpy(m_mask, h + pos, 4);
        frame.maskingKey = (std::uint32_t{h[pos]} << 24) | (std::uint32_t{h[pos + 1]} << 16) |
                           (std::uint32_t{h[pos + 2]} << 8) | h[pos + 3];
        pos += 4;
    }
    frame.headerLength = static_cast<std::uint8_t>(pos);
    m_headerSize = 0;
    m_payloadDone = 0;
    if (!checkHeader())
        return;
    beginFrame();
    if (frame.payloadLength == 0)
        endFrame();
    else
        m_state = State::ReadPayload;
}

bool FrameParser::checkHeader() {
    const FrameInfo& frame = m_frame;
    const auto rawOpcode = static_cast<unsigned>(frame.opcode);
    if (m_closeSeen) {
        fail(ProtocolError::FrameAfterClose, "frame after a Close frame (RFC 6455 §5.5.1)");
    } else if (isReservedOpcode(rawOpcode)) {
        fail(ProtocolError::ReservedOpcode, fmt::format("reserved opcode 0x{:x} (RFC 6455 §5.2)", rawOpcode));
    } else if (frame.rsv2 || frame.rsv3) {
        fail(ProtocolError::ReservedBits, "RSV2/RSV3 set without a negotiated extension (RFC 6455 §5.2)");
    } else if (frame.rsv1 && !m_deflate) {
        fail(ProtocolError::ReservedBits, "RSV1 set without a negotiated extension (RFC 6455 §5.2)");
    } else if (frame.rsv1 && (isControl(frame.opcode) || frame.opcode == Opcode::Continuation)) {
        fail(ProtocolError::ReservedBits,
             fmt::format("RSV1 set on a {} frame (RFC 7692 §6.1)", toString(frame.opcode)));
    } else if ((frame.payloadLength >> 63) != 0) {
        fail(ProtocolError::LengthHighBit, "64-bit payload length with the most significant bit set (RFC 6455 §5.2)");
    } else if (isControl(frame.opcode) && !frame.fin) {
        fail(ProtocolError::FragmentedControlFrame,
             fmt::format("fragmented {} frame (RFC 6455 §5.5)", toString(frame.opcode)));
    } else if (isControl(frame.opcode) && frame.payloadLength > kMaxControlPayload) {
        fail(ProtocolError::ControlFrameTooLong,
             fmt::format("{} frame with a {}-byte payload, over 125 (RFC 6455 §5.5)", toString(frame.opcode),
                         frame.payloadLength));
    } else if (m_options.enforceMasking && frame.masked != (m_direction == Direction::ClientToServer)) {
        fail(ProtocolError::MaskingMismatch, frame.masked ? "masked frame from the server (RFC 6455 §5.1)"
                                                          : "unmasked frame from the client (RFC 6455 §5.1)");
    } else if (frame.opcode == Opcode::Continuation && !m_dataOpen) {
        fail(ProtocolError::UnexpectedContinuation, "continuation frame without a message to continue (RFC 6455 §5.4)");
    } else if (!isControl(frame.opcode) && frame.opcode != Opcode::Continuation && m_dataOpen) {
        fail(ProtocolError::InterleavedDataFrame,
             fmt::format("{} frame while a fragmented message is open (RFC 6455 §5.4)", toString(frame.opcode)));
    }
    return !failed();
}

void FrameParser::beginFrame() {
    const FrameInfo& frame = m_frame;
    if (isControl(frame.opcode)) {
        m_control = Message{};
        m_control.direction = m_direction;
        m_control.opcode = frame.opcode;
        m_control.wireLength = m_control.length = frame.payloadLength;
        m_control.frameCount = 1;
        m_control.streamOffset = frame.streamOffset;
        m_controlBytes.clear();
        return;
    }
    if (frame.opcode != Opcode::Continuation) {
        m_data = Message{};
        m_data.direction = m_direction;
        m_data.opcode = frame.opcode;
        m_data.streamOffset = frame.streamOffset;
        m_data.compressed = frame.rsv1;
        m_dataOpen = true;
        m_utf8.reset();
        m_dataMode = PayloadMode::Plain;
        if (frame.rsv1) {
            // RFC 7692 §7.2.2: a fresh window per message only when the sender promised it.
            const bool reset = m_direction == Direction::ClientToServer ? m_deflate->clientNoContextTakeover
                                                                        : m_deflate->serverNoContextTakeover;
            m_inflater->beginMessage(reset);
            m_dataMode = PayloadMode::Inflate;
            if (m_inflater->failed()) {
                m_dataMode = PayloadMode::RawCompressed;
                m_data.error = "not inflated: the compression context was lost at an earlier inflate error";
            }
        } else if (frame.fin) {
            // An unfragmented message announces its size: allocate small ones once. Capped,
            // so a 14-byte header claiming a huge frame does not buy a big allocation.
            m_data.payload.reserve(static_cast<std::size_t>(
                std::min({frame.payloadLength, m_options.maxCapture, std::uint64_t{kMaxReserve}})));
        }
    }
    ++m_data.frameCount;
}

std::size_t FrameParser::capturable(std::size_t kept, std::size_t incoming) const noexcept {
    const std::uint64_t room = m_options.maxCapture - std::min<std::uint64_t>(m_options.maxCapture, kept);
    return static_cast<std::size_t>(std::min<std::uint64_t>(room, incoming));
}

void FrameParser::consumePayload(std::string_view chunk) {
    if (isControl(m_frame.opcode)) {
        const std::size_t old = m_controlBytes.size();
        m_controlBytes.append(chunk);
        unmask(m_controlBytes.data() + old, m_controlBytes.data() + old, chunk.size());
    } else {
        consumeDataPayload(chunk);
    }
    m_payloadDone += chunk.size();
}

void FrameParser::consumeDataPayload(std::string_view chunk) {
    Message& message = m_data;
    message.wireLength += chunk.size();
    if (m_dataMode == PayloadMode::Plain) {
        // Keep what fits under the cap, unmasked in place; count the rest, and still read
        // it when a text message's UTF-8 must be checked to the end.
        const std::size_t keep = capturable(message.payload.size(), chunk.size());
        if (keep > 0) {
            const std::size_t old = message.payload.size();
            message.payload.append(chunk.data(), keep);
            char* kept = message.payload.data() + old;
            unmask(kept, kept, keep);
            if (message.opcode == Opcode::Text)
                m_utf8.feed(std::string_view(kept, keep));
        }
        message.length += chunk.size();
        if (keep < chunk.size()) {
            message.truncated = true;
            if (message.opcode == Opcode::Text && m_utf8.valid()) {
                for (std::size_t done = keep; done < chunk.size() && m_utf8.valid();) {
                    const std::size_t piece = std::min(kScratchPiece, chunk.size() - done);
                    m_scratch.resize(piece);
                    unmask(chunk.data() + done, m_scratch.data(), piece, done);
                    m_utf8.feed(m_scratch);
                    done += piece;
                }
            }
        }
        return;
    }
    for (std::size_t done = 0; done < chunk.size() && m_dataMode != PayloadMode::Skip;) {
        const std::size_t piece = std::min(kScratchPiece, chunk.size() - done);
        m_scratch.resize(piece);
        unmask(chunk.data() + done, m_scratch.data(), piece, done);
        done += piece;
        if (m_dataMode == PayloadMode::RawCompressed) {
            // Cannot inflate: keep the compressed bytes so they can at least be exported.
            message.length += piece;
            const std::size_t keep = capturable(message.payload.size(), piece);
            message.payload.append(m_scratch.data(), keep);
            message.truncated = message.truncated || keep < piece;
        } else if (m_dataMode == PayloadMode::Inflate) {
            if (!m_inflater->feed(m_scratch, [this](std::string_view out) { appendMessageBytes(out); })) {
                addError(message.error, m_inflater->error());
                m_dataMode = PayloadMode::Skip;
            }
        }
    }
}

void FrameParser::appendMessageBytes(std::string_view plain) {
    // Inflated output: every byte is counted and UTF-8 checked, at most maxCapture kept. The
    // inflater runs to the end even past the cap, since the next message may refer back to
    // this one's window (RFC 7692 §7.2.2); the cost is CPU, not memory.
    Message& message = m_data;
    message.length += plain.size();
    if (message.opcode == Opcode::Text && m_utf8.valid())
        m_utf8.feed(plain);
    const std::size_t keep = capturable(message.payload.size(), plain.size());
    message.payload.append(plain.data(), keep);
    if (keep < plain.size())
        message.truncated = true;
}

void FrameParser::endFrame() {
    ++m_framesSeen;
    if (m_options.recordFrames)
        m_frames.push_back(m_frame);
    m_state = State::ReadHeader;
    if (isControl(m_frame.opcode))
        endControlMessage();
    else if (m_frame.fin)
        endDataMessage();
}

void FrameParser::endControlMessage() {
    Message message = std::move(m_control);
    const std::string_view body = m_controlBytes;
    const std::size_t keep = capturable(0, body.size());
    message.payload.assign(body.substr(0, keep));
    message.truncated = keep < body.size();
    ProtocolError violation = ProtocolError::None;
    if (message.opcode == Opcode::Close) {
        m_closeSeen = true;
        // §5.5.1: an optional body starting with a 2-byte status code, then a UTF-8 reason.
        if (body.size() == 1) {
            violation = ProtocolError::CloseBodyTooShort;
            message.error = "Close body of 1 byte, too short for a status code (RFC 6455 §5.5.1)";
        } else if (body.size() >= 2) {
            const auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(body[0]) << 8) |
                                                         static_cast<unsigned char>(body[1]));
            message.closeCode = code;
            message.closeReason.assign(body.substr(2));
            if (!isValidCloseCode(code)) {
                violation = ProtocolError::InvalidCloseCode;
                message.error = fmt::format("close code {} must not be sent (RFC 6455 §7.4)", code);
            }
            Utf8Validator reason;
            if (!reason.feed(message.closeReason) || !reason.complete())
                addError(message.error, "invalid UTF-8 in close reason (RFC 6455 §5.5.1)");
        }
    }
    std::string error = message.error;
    m_messages.push_back(std::move(message));
    if (violation != ProtocolError::None)
        fail(violation, std::move(error));
}

void FrameParser::endDataMessage() {
    Message& message = m_data;
    bool checkUtf8 = message.opcode == Opcode::Text;
    if (m_dataMode == PayloadMode::Inflate &&
        !m_inflater->endMessage([this](std::string_view out) { appendMessageBytes(out); })) {
        addError(message.error, m_inflater->error());
        checkUtf8 = false;
    }
    if (m_dataMode == PayloadMode::RawCompressed || m_dataMode == PayloadMode::Skip)
        checkUtf8 = false; // what was not inflated cannot be judged
    if (checkUtf8 && !m_utf8.complete())
        addError(message.error, "invalid UTF-8 in text message (RFC 6455 §8.1)");
    m_messages.push_back(std::move(message));
    m_data = Message{};
    m_dataOpen = false;
}

void FrameParser::fail(ProtocolError error, std::string detail) {
    if (failed())
        return;
    m_error = error;
    m_errorText = std::move(detail);
    m_state = State::Stopped;
    if (m_dataOpen) {
        // Show what arrived of the interrupted message rather than dropping it.
        addError(m_data.error, "message incomplete: the stream stopped parsing at a protocol error");
        m_messages.push_back(std::move(m_data));
        m_data = Message{};
        m_dataOpen = false;
    }
}

void FrameParser::finish() {
    if (m_state == State::Stopped)
        return;
    const bool inControl = m_state == State::ReadPayload && isControl(m_frame.opcode);
    if (inControl) {
        m_control.payload.assign(m_controlBytes, 0, capturable(0, m_controlBytes.size()));
        m_control.truncated = true;
        m_control.error = "message incomplete: the stream ended inside the frame";
        m_messages.push_back(std::move(m_control));
    }
    if (m_dataOpen) {
        addError(m_data.error, "message incomplete: the stream ended inside the message");
        m_messages.push_back(std::move(m_data));
        m_data = Message{};
        m_dataOpen = false;
    }
    m_state = State::Stopped;
}

std::vector<Message> FrameParser::takeMessages() {
    return std::exchange(m_messages, {});
}

std::vector<FrameInfo> FrameParser::takeFrames() {
    return std::exchange(m_frames, {});
}

// §5.3: octet i of the frame payload is XORed with key octet i MOD 4. `offset` is the
// position of `in` relative to the start of the chunk being consumed (m_payloadDone).
void FrameParser::unmask(const char* in, char* out, std::size_t size, std::size_t offset) noexcept {
    if (!m_frame.masked) {
        if (in != out)
            std::memcpy(out, in, size);
        return;
    }
    const std::uint64_t phase = m_payloadDone + offset;
    unsigned char key[8];
    for (std::size_t j = 0; j < 8; ++j)
        key[j] = m_mask[(phase + j) & 3];
    std::uint64_t key64;
    std::memcpy(&key64, key, sizeof key64);
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, in + i, sizeof word);
        word ^= key64;
        std::memcpy(out + i, &word, sizeof word);
    }
    for (; i < size; ++i)
        out[i] = static_cast<char>(in[i] ^ static_cast<char>(key[i & 3]));
}

} // namespace flowscope::http::websocket
