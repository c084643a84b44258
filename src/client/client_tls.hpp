#pragma once
// The TLS client side of a resend (internal: Asio/OpenSSL types). Trusts exactly one root,
// the Flowscope CA, because the peer inside the CONNECT tunnel is always our own proxy
// presenting a leaf it minted; the system store is deliberately not loaded.

#include <boost/asio/ssl/context.hpp>
#include <openssl/types.h>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::client {

// A client context trusting only `caPem`, TLS 1.2 minimum, ALPN http/1.1; or the reason the
// PEM could not be used.
struct ClientTlsContext {
    std::optional<boost::asio::ssl::context> context;
    std::string error;
};
ClientTlsContext makeClientTlsContext(const std::string& caPem);

// SNI for a DNS name (never for an IP literal, RFC 6066 §3) and the name or address the
// certificate must carry.
void prepareClientSsl(SSL* ssl, const std::string& host);

// "certificate verify failed: unable to get local issuer certificate" when verification was
// the cause, else the transport error text.
std::string describeHandshakeFailure(SSL* ssl, std::string_view transportError);

} // namespace flowscope::client
