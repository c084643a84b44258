#include "engine/tls_contexts.hpp"

#include "ca/certificate_authority.hpp"
#include "http/url.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

namespace flowscope::engine {
namespace {

constexpr unsigned char kAlpnHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

struct ServerConnectionData {
    std::string fallbackHost;
    std::string servedHost;
};

void freeConnectionData(void*, void* pointer, CRYPTO_EX_DATA*, int, long, void*) {
    delete static_cast<ServerConnectionData*>(pointer);
}

int connectionDataIndex() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, freeConnectionData);
    return index;
}

ServerConnectionData* connectionData(SSL* ssl) {
    return static_cast<ServerConnectionData*>(SSL_get_ex_data(ssl, connectionDataIndex()));
}

// Called by OpenSSL when it needs our certificate, after the ClientHello (so SNI is known).
int presentLeafForRequestedName(SSL* ssl, void* arg) {
    auto* authority = static_cast<ca::CertificateAuthority*>(arg);
    ServerConnectionData* data = connectionData(ssl);
    const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    std::string host = (sni != nullptr && *sni != '\0') ? std::string(sni) : std::string();
    if (host.empty() && data != nullptr)
        host = data->fallbackHost;
    if (host.empty())
        return 0;
    try {
        const ca::LeafCertificate leaf = authority->leafFor(host);
        if (SSL_use_certificate(ssl, leaf.cert.get()) != 1 || SSL_use_PrivateKey(ssl, leaf.key.get()) != 1)
            return 0;
    } catch (const std::exception&) {
        return 0; // a name we cannot mint for (invalid SNI): the handshake fails
    }
    if (data != nullptr)
        data->servedHost = std::move(host);
    return 1;
}

int selectHttp11(SSL*, const unsigned char** out, unsigned char* outLength, const unsigned char* in,
                 unsigned int inLength, void*) {
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outLength, kAlpnHttp11, sizeof kAlpnHttp11, in, inLength) ==
        OPENSSL_NPN_NEGOTIATED) {
        *out = selected;
        return SSL_TLSEXT_ERR_OK;
    }
    // The client offered only protocols we do not speak yet (h2 only): continue without
    // ALPN rather than failing, as RFC 7301 §3.2 allows.
    return SSL_TLSEXT_ERR_NOACK;
}

void requireModernTls(SSL_CTX* context) {
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_options(context, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    // An idle connection (a browser's spare keep-alive, a pooled upstream) gives back its
    // ~34 KiB of record buffers: 500 connections to new hosts held ~95 MB without it.
    SSL_CTX_set_mode(context, SSL_MODE_RELEASE_BUFFERS);
}

std::string nameToString(X509_NAME* name) {
    if (name == nullptr)
        return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

int reasonOf(int packedError) {
    return static_cast<int>(static_cast<unsigned long>(packedError) & ERR_REASON_MASK);
}

} // namespace

MitmServerContext::MitmServerContext(ca::CertificateAuthority& authority)
    : m_context(boost::asio::ssl::context::tls_server) {
    SSL_CTX* context = m_context.native_handle();
    requireModernTls(context);
    SSL_CTX_set_options(context, SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_cert_cb(context, presentLeafForRequestedName, &authority);
    SSL_CTX_set_alpn_select_cb(context, selectHttp11, nullptr);
    // Resumption makes a client's second connection one cheap handshake.
    static constexpr unsigned char kSessionContext[] = "flowscope";
    SSL_CTX_set_session_id_context(context, kSessionContext, sizeof kSessionContext - 1);
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_SERVER);
    connectionDataIndex();
}

void MitmServerContext::setFallbackHost(SSL* ssl, std::string host) {
    auto data = std::make_unique<ServerConnectionData>();
    data->fallbackHost = std::move(host);
    if (SSL_set_ex_data(ssl, connectionDataIndex(), data.get()) == 1)
        data.release(); // freed by freeConnectionData when the SSL is freed
}

std::string MitmServerContext::servedHost(SSL* ssl) {
    const ServerConnectionData* data = connectionData(ssl);
    return data != nullptr ? data->servedHost : std::string();
}

void MitmServerContext::releaseConnectionData(SSL* ssl) {
    delete connectionData(ssl);
    SSL_set_ex_data(ssl, connectionDataIndex(), nullptr);
}

UpstreamClientContext::UpstreamClientContext(const std::vector<std::filesystem::path>& extraCaFiles)
    : m_context(boost::asio::ssl::context::tls_client) {
    SSL_CTX* context = m_context.native_handle();
    requireModernTls(context);
    if (SSL_CTX_set_default_verify_paths(context) != 1)
        throw std::runtime_error("cannot load the system trust store");
    for (const auto& file : extraCaFiles) {
        if (SSL_CTX_load_verify_locations(context, file.string().c_str(), nullptr) != 1) {
            ERR_clear_error();
            throw std::runtime_error(fmt::format("cannot load upstream CA file {}: not a readable PEM certificate",
                                                 file.string()));
        }
    }
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_alpn_protos(context, kAlpnHttp11, sizeof kAlpnHttp11);
}

void UpstreamClientContext::prepare(SSL* ssl, std::string_view serverName, bool verify) {
    const std::string name(serverName);
    if (http::isIpLiteral(name)) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
    } else {
        // SSL_set_tlsext_host_name is a macro with an old-style cast; this is its body.
        SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(name.c_str()));
        SSL_set1_host(ssl, name.c_str());
    }
    if (!verify)
        SSL_set_verify(ssl, SSL_VERIFY_NONE, nullptr);
}

FlowError classifyUpstreamTlsFailure(SSL* ssl, const boost::system::error_code& error, std::string_view hostPort) {
    const long verify = ssl != nullptr ? SSL_get_verify_result(ssl) : X509_V_OK;
    if (verify == X509_V_OK) {
        return FlowError{error_kind::kUpstreamTlsFailed,
                         fmt::format("TLS handshake with {} failed: {}", hostPort, error.message()), 502};
    }
    std::string_view kind = error_kind::kUpstreamCertInvalid;
    std::string_view what;
    switch (verify) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        kind = error_kind::kUpstreamCertExpired;
        what = "has expired";
        break;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        what = "is not yet valid";
        break;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        kind = error_kind::kUpstreamCertHostname;
        what = "does not match the host name";
        break;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        kind = error_kind::kUpstreamCertSelfSigned;
        what = "is self-signed";
        break;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
        kind = error_kind::kUpstreamCertUntrusted;
        what = "is not issued by a trusted CA";
        break;
    default:
        what = "is invalid";
        break;
    }
    return FlowError{kind,
                     fmt::format("{}: upstream certificate {} ({}); trust its CA with --upstream-ca or allow the "
                                 "host with --insecure-host",
                                 hostPort, what, X509_verify_cert_error_string(verify)),
                     502};
}

std::string describeClientRejection(const boost::system::error_code& error) {
    if (error.category() != boost::asio::error::get_ssl_category())
        return {};
    switch (reasonOf(error.value())) {
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
        return "the client does not trust the Flowscope CA (TLS alert: unknown CA)";
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
        return "the client rejected the certificate (TLS alert: bad certificate): the Flowscope CA is not "
               "trusted there, or the app pins its certificates";
    case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
        return "the client rejected the certificate (TLS alert: certificate unknown): the Flowscope CA is not "
               "trusted there, or the app pins its certificates";
    case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
    case SSL_R_TLSV1_ALERT_ACCESS_DENIED:
        return fmt::format("the client rejected the certificate ({})", error.message());
    default:
        return {};
    }
}

std::string tlsVersionOf(SSL* ssl) { return SSL_get_version(ssl); }

std::string cipherOf(SSL* ssl) {
    const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl);
    return cipher != nullptr ? SSL_CIPHER_get_name(cipher) : "";
}

std::string peerSubjectOf(SSL* ssl) {
    X509* cert = SSL_get0_peer_certificate(ssl);
    return cert != nullptr ? nameToString(X509_get_subject_name(cert)) : std::string();
}

std::string peerIssuerOf(SSL* ssl) {
    X509* cert = SSL_get0_peer_certificate(ssl);
    return cert != nullptr ? nameToString(X509_get_issuer_name(cert)) : std::string();
}

std::string alpnOf(SSL* ssl) {
    const unsigned char* data = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl, &data, &length);
    return std::string(reinterpret_cast<const char*>(data), length);
}

} // namespace flowscope::engine
