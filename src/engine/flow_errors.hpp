#pragma once
// Stable error kinds stored on flows (store column error_kind), shown to users and
// filtered on. Never rename one: stored sessions keep them.

#include <string>
#include <string_view>

namespace flowscope::engine {

namespace error_kind {
inline constexpr std::string_view kBadRequest = "bad_request";               // client sent invalid HTTP
inline constexpr std::string_view kClientTimeout = "client_timeout";         // head not complete in time
inline constexpr std::string_view kDnsFailure = "dns_failure";
inline constexpr std::string_view kConnectRefused = "connect_refused";
inline constexpr std::string_view kConnectFailed = "connect_failed";         // unreachable, other errno
inline constexpr std::string_view kConnectTimeout = "connect_timeout";
inline constexpr std::string_view kUpstreamCertExpired = "upstream_cert_expired";
inline constexpr std::string_view kUpstreamCertHostname = "upstream_cert_hostname_mismatch";
inline constexpr std::string_view kUpstreamCertSelfSigned = "upstream_cert_self_signed";
inline constexpr std::string_view kUpstreamCertUntrusted = "upstream_cert_untrusted";
inline constexpr std::string_view kUpstreamCertInvalid = "upstream_cert_invalid";
inline constexpr std::string_view kUpstreamTlsFailed = "upstream_tls_failed";
inline constexpr std::string_view kUpstreamTimeout = "upstream_timeout";     // accepted, never answered
inline constexpr std::string_view kUpstreamReset = "upstream_reset";         // reset or closed mid-exchange
inline constexpr std::string_view kUpstreamBadResponse = "upstream_bad_response";
inline constexpr std::string_view kClientTlsRejected = "client_tls_rejected"; // CA not trusted or pinning
inline constexpr std::string_view kClientTlsFailed = "client_tls_failed";
inline constexpr std::string_view kClientAborted = "client_aborted";         // client left mid-exchange
// A WebSocket peer broke RFC 6455 framing; the bytes were still relayed (flows.ws_protocol_error).
inline constexpr std::string_view kWebSocketProtocol = "websocket_protocol_error";
} // namespace error_kind

// An upstream failure as the client will see it: status 502 or 504 and a reason.
struct FlowError {
    std::string_view kind;
    std::string message; // one line, names the host: "upstream.test:443: certificate has expired"
    int status = 502;

    explicit operator bool() const { return !kind.empty(); }
};

} // namespace flowscope::engine
