#include "support/websocket_frames.hpp"

namespace flowscope::test {

std::string clientFrame(WsOpcode opcode, std::string_view payload) {
    std::string frame;
    frame += static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));
    const std::uint64_t size = payload.size();
    if (size < 126) {
        frame += static_cast<char>(0x80 | size);
    } else if (size <= 0xFFFF) {
        frame += static_cast<char>(0x80 | 126);
        frame += static_cast<char>((size >> 8) & 0xFF);
        frame += static_cast<char>(size & 0xFF);
    } else {
        frame += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += static_cast<char>((size >> shift) & 0xFF);
    }
    const unsigned char mask[4] = {0x3A, 0x9C, 0x51, 0xE7}; // fixed: the tests need no secrecy
    frame.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        frame += static_cast<char>(static_cast<unsigned char>(payload[i]) ^ mask[i % 4]);
    return frame;
}

std::optional<WsFrame> parseServerFrame(std::string_view data) {
    if (data.size() < 2)
        return std::nullopt;
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(data[i]); };
    std::size_t offset = 2;
    std::uint64_t size = byte(1) & 0x7F;
    if (size == 126 || size == 127) {
        const std::size_t extra = size == 126 ? 2 : 8;
        if (data.size() < offset + extra)
            return std::nullopt;
        size = 0;
        for (std::size_t i = 0; i < extra; ++i)
            size = (size << 8) | byte(offset + i);
        offset += extra;
    }
    if ((byte(1) & 0x80) != 0 || data.size() < offset + size)
        return std::nullopt; // servers never mask; or the payload is not all here yet
    WsFrame frame;
    frame.opcode = static_cast<WsOpcode>(byte(0) & 0x0F);
    frame.fin = (byte(0) & 0x80) != 0;
    frame.payload = std::string(data.substr(offset, static_cast<std::size_t>(size)));
    frame.frameSize = offset + static_cast<std::size_t>(size);
    return frame;
}

} // namespace flowscope::test
