#include "http/first_bytes.hpp"

namespace flowscope::http {

TunnelProtocol classifyFirstBytes(std::string_view bytes) noexcept {
    if (bytes.empty())
        return TunnelProtocol::NeedMore;
    const auto byteAt = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    if (byteAt(0) == 0x16) {
        // record header: type(1) version(2) length(2), then handshake type (1 = ClientHello)
        if (bytes.size() < 6)
            return bytes.size() >= 2 && byteAt(1) != 0x03 ? TunnelProtocol::Other : TunnelProtocol::NeedMore;
        return byteAt(1) == 0x03 && byteAt(5) == 0x01 ? TunnelProtocol::TlsClientHello : TunnelProtocol::Other;
    }
    constexpr std::size_t longestMethod = 16;
    for (std::size_t i = 0; i < bytes.size() && i <= longestMethod; ++i) {
        const char c = bytes[i];
        if (c == ' ')
            return i > 0 ? TunnelProtocol::Http : TunnelProtocol::Other;
        if (c < 'A' || c > 'Z')
            return TunnelProtocol::Other;
    }
    return bytes.size() > longestMethod ? TunnelProtocol::Other : TunnelProtocol::NeedMore;
}

} // namespace flowscope::http
