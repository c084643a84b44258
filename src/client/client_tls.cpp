#include "client/client_tls.hpp"

#include "http/url.hpp"

#include <boost/asio/buffer.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

namespace flowscope::client {
namespace {

// ALPN wire format: length-prefixed protocol names.
constexpr unsigned char kAlpnHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

} // namespace

ClientTlsContext makeClientTlsContext(const std::string& caPem) {
    ClientTlsContext out;
    if (caPem.empty()) {
        out.error = "no Flowscope CA certificate was given, so the proxy's certificate cannot be verified";
        return out;
    }
    out.context.emplace(boost::asio::ssl::context::tls_client);
    boost::system::error_code error;
    out.context->add_certificate_authority(boost::asio::buffer(caPem), error);
    if (error) {
        out.context.reset();
        ERR_clear_error();
        out.error = "the Flowscope CA certificate is not a readable PEM certificate (" + error.message() + ")";
        return out;
    }
    SSL_CTX* context = out.context->native_handle();
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_alpn_protos(context, kAlpnHttp11, sizeof kAlpnHttp11);
    return out;
}

void prepareClientSsl(SSL* ssl, const std::string& host) {
    if (http::isIpLiteral(host)) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
        return;
    }
    // SSL_set_tlsext_host_name is a macro with an old-style cast; this is its body.
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str()));
    SSL_set1_host(ssl, host.c_str());
}

std::string describeHandshakeFailure(SSL* ssl, std::string_view transportError) {
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK)
        return std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
    return std::string(transportError);
}

} // namespace flowscope::client
