#pragma once
// Names shared by the HAR writer and reader: the custom fields Flowscope adds (HAR 1.2
// allows custom fields anywhere if they start with an underscore) and the table of Flow
// text members that may carry non-UTF-8 bytes. README.md in this folder describes the
// whole mapping.

#include "store/flow.hpp"

#include <array>
#include <string_view>

namespace flowscope::store::exporting {

inline constexpr std::string_view kHarVersion = "1.2";
inline constexpr std::string_view kFlowscopeKey = "_flowscope"; // per-entry object
inline constexpr int kFlowscopeFormat = 1;                      // _flowscope.format

// On postData/content: the text holds body bytes still content-encoded with this coding
// (the Content-Encoding header value), base64 encoded. HAR expects decoded text there;
// a reader that does not know this field shows compressed bytes, ours restores them.
inline constexpr std::string_view kContentEncodingKey = "_contentEncoding";
// On content/postData when HarOptions::decodeContent produced the text: the wire bytes.
inline constexpr std::string_view kWireBytesKey = "_wireBase64";
// On a header object whose name or value is not UTF-8: both are written as Latin-1 code
// points (each byte U+0000..U+00FF), as the store's own header JSON does.
inline constexpr std::string_view kLatin1Key = "_latin1";

// Flow text members addressed by name in _flowscope.latin1 (the list of members whose
// bytes were not UTF-8 and were written as Latin-1 code points wherever they appear).
struct FlowTextField {
    std::string_view name;
    std::string Flow::*member;
};
struct TlsTextField { // named "tls.<name>" in _flowscope.latin1
    std::string_view name;
    std::string FlowTls::*member;
};

inline constexpr std::array<FlowTextField, 12> kFlowTextFields{{
    {"clientAddress", &Flow::clientAddress},
    {"scheme", &Flow::scheme},
    {"method", &Flow::method},
    {"url", &Flow::url},
    {"host", &Flow::host},
    {"path", &Flow::path},
    {"httpVersion", &Flow::httpVersion},
    {"reason", &Flow::reason},
    {"requestContentType", &Flow::requestContentType},
    {"responseContentType", &Flow::responseContentType},
    {"errorKind", &Flow::errorKind},
    {"errorMessage", &Flow::errorMessage},
}};

inline constexpr std::array<TlsTextField, 7> kTlsTextFields{{
    {"sni", &FlowTls::sni},
    {"clientAlpn", &FlowTls::clientAlpn},
    {"clientVersion", &FlowTls::clientVersion},
    {"upstreamVersion", &FlowTls::upstreamVersion},
    {"upstreamCipher", &FlowTls::upstreamCipher},
    {"upstreamCertSubject", &FlowTls::upstreamCertSubject},
    {"upstreamCertIssuer", &FlowTls::upstreamCertIssuer},
}};

} // namespace flowscope::store::exporting
