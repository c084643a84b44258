#include "frame_builder.hpp"

#include <stdexcept>
#include <zlib.h>

namespace flowscope::http::websocket::test {

std::string buildFrame(const FrameSpec& spec) {
    std::string out;
    out.push_back(static_cast<char>((spec.fin ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | (spec.rsv2 ? 0x20 : 0) |
                                    (spec.rsv3 ? 0x10 : 0) | (spec.opcode & 0x0f)));
    const std::uint64_t length = spec.declaredLength.value_or(spec.payload.size());
    const int maskBit = spec.mask ? 0x80 : 0;
    LengthForm form = spec.lengthForm;
    if (form == LengthForm::Minimal)
        form = length < 126 ? LengthForm::Minimal : length <= 0xffff ? LengthForm::Sixteen : LengthForm::SixtyFour;
    if (form == LengthForm::Minimal) {
        out.push_back(static_cast<char>(maskBit | static_cast<int>(length)));
    } else if (form == LengthForm::Sixteen) {
        out.push_back(static_cast<char>(maskBit | 126));
        out.push_back(static_cast<char>((length >> 8) & 0xff));
        out.push_back(static_cast<char>(length & 0xff));
    } else {
        out.push_back(static_cast<char>(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(static_cast<char>((length >> shift) & 0xff));
    }
    if (spec.mask) {
        for (const unsigned char byte : *spec.mask)
            out.push_back(static_cast<char>(byte));
    }
    for (std::size_t i = 0; i < spec.payload.size(); ++i) {
        const auto byte = static_cast<unsigned char>(spec.payload[i]);
        out.push_back(static_cast<char>(spec.mask ? byte ^ (*spec.mask)[i % 4] : byte));
    }
    return out;
}

std::string serverFrame(Opcode opcode, std::string_view payload, bool fin) {
    FrameSpec spec;
    spec.opcode = static_cast<unsigned>(opcode);
    spec.payload = std::string(payload);
    spec.fin = fin;
    return buildFrame(spec);
}

std::string clientFrame(Opcode opcode, std::string_view payload, const MaskKey& key, bool fin) {
    FrameSpec spec;
    spec.opcode = static_cast<unsigned>(opcode);
    spec.payload = std::string(payload);
    spec.fin = fin;
    spec.mask = key;
    return buildFrame(spec);
}

MaskKey randomKey(std::mt19937& rng) {
    std::uniform_int_distribution<int> byte(0, 255);
    return {static_cast<unsigned char>(byte(rng)), static_cast<unsigned char>(byte(rng)),
            static_cast<unsigned char>(byte(rng)), static_cast<unsigned char>(byte(rng))};
}

std::string randomBytes(std::mt19937& rng, std::size_t size) {
    std::uniform_int_distribution<int> byte(0, 255);
    std::string out(size, '\0');
    for (char& c : out)
        c = static_cast<char>(byte(rng));
    return out;
}

std::string closeBody(std::uint16_t code, std::string_view reason) {
    std::string body;
    body.push_back(static_cast<char>(code >> 8));
    body.push_back(static_cast<char>(code & 0xff));
    body += reason;
    return body;
}

std::vector<Message> parseInChunks(FrameParser& parser, std::string_view bytes, std::size_t chunk) {
    if (chunk == 0)
        chunk = bytes.size() + 1;
    for (std::size_t pos = 0; pos < bytes.size(); pos += chunk)
        parser.feed(bytes.substr(pos, chunk));
    return parser.takeMessages();
}

std::vector<Message> parseAll(Direction direction, std::string_view bytes, ParserOptions options) {
    FrameParser parser(direction, options);
    return parseInChunks(parser, bytes);
}

struct Deflater::State {
    z_stream stream{};
};

Deflater::Deflater(int windowBits, int level) : m_state(std::make_unique<State>()) {
    // zlib refuses windowBits 8 for raw deflate; senders built on it use 9 instead.
    if (deflateInit2(&m_state->stream, level, Z_DEFLATED, -windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
}

Deflater::~Deflater() {
    deflateEnd(&m_state->stream);
}

std::string Deflater::compressMessage(std::string_view message) {
    z_stream& stream = m_state->stream;
    std::string out(deflateBound(&stream, static_cast<uLong>(message.size())) + 64, '\0');
    // zlib's API takes non-const input pointers; it does not write through them.
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
    stream.avail_in = static_cast<uInt>(message.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream, Z_SYNC_FLUSH) != Z_OK || stream.avail_in != 0 || stream.avail_out == 0)
        throw std::runtime_error("deflate");
    out.resize(out.size() - stream.avail_out);
    // RFC 7692 §7.2.1: remove the 4 octets of the empty stored block the flush ended with.
    if (out.size() < 4 || out.substr(out.size() - 4) != std::string("\x00\x00\xff\xff", 4))
        throw std::runtime_error("sync flush tail missing");
    out.resize(out.size() - 4);
    return out;
}

void Deflater::reset() {
    deflateReset(&m_state->stream);
}

} // namespace flowscope::http::websocket::test
