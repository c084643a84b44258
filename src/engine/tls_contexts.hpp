#pragma once
// The two TLS faces of interception. Client-facing: a server context that presents a leaf
// minted for the name the client asked for. Upstream-facing: a client context that
// verifies the real server like a browser would. Both require TLS 1.2+ at OpenSSL's
// default security level; nothing is downgraded silently.

#include "engine/flow_errors.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::ca {
class CertificateAuthority;
}

namespace flowscope::engine {

// Thread safety: the contexts are created once and then only read by OpenSSL, which
// allows concurrent SSL objects on one SSL_CTX.
class MitmServerContext {
public:
    explicit MitmServerContext(ca::CertificateAuthority& authority);
    boost::asio::ssl::context& context() { return m_context; }

    // Call on each new server-side SSL before the handshake: the host used when the
    // client sends no SNI (the CONNECT host).
    static void setFallbackHost(SSL* ssl, std::string host);
    // The name the leaf was minted for (SNI or fallback), after the handshake.
    static std::string servedHost(SSL* ssl);
    // Releases the per-connection data attached by setFallbackHost.
    static void releaseConnectionData(SSL* ssl);

private:
    boost::asio::ssl::context m_context;
};

class UpstreamClientContext {
public:
    // Throws std::runtime_error naming a CA file that cannot be loaded.
    explicit UpstreamClientContext(const std::vector<std::filesystem::path>& extraCaFiles);
    boost::asio::ssl::context& context() { return m_context; }

    // Per connection, before the handshake: SNI (DNS names only, RFC 6066 §3) and the
    // name or IP the certificate must match; `verify` false only for hosts the user
    // allowed explicitly.
    static void prepare(SSL* ssl, std::string_view serverName, bool verify);

private:
    boost::asio::ssl::context m_context;
};

// Maps a failed upstream handshake to a flow error naming the cause.
FlowError classifyUpstreamTlsFailure(SSL* ssl, const boost::system::error_code& error, std::string_view hostPort);

// After a failed client-side handshake: did the client send an alert about our
// certificate (untrusted CA, pinning)? Returns a message naming the likely cause, or an
// empty string when the failure was something else.
std::string describeClientRejection(const boost::system::error_code& error);

// "TLSv1.3", "ECDHE..." and the peer certificate names, for FlowTls.
std::string tlsVersionOf(SSL* ssl);
std::string cipherOf(SSL* ssl);
std::string peerSubjectOf(SSL* ssl);
std::string peerIssuerOf(SSL* ssl);
std::string alpnOf(SSL* ssl);

} // namespace flowscope::engine
