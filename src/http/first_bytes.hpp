#pragma once
// Classifies the first bytes a client sends inside a CONNECT tunnel, so the proxy can
// intercept TLS, parse plain HTTP, or relay anything else untouched.

#include <string_view>

namespace flowscope::http {

enum class TunnelProtocol { NeedMore, TlsClientHello, Http, Other };

// TLS: a handshake record (0x16), version major 3, first message ClientHello (RFC 8446
// §5.1, §4). HTTP: a method token of capitals followed by SP.
TunnelProtocol classifyFirstBytes(std::string_view bytes) noexcept;

} // namespace flowscope::http
