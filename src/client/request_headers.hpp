#pragma once
// What the sender changes in a RequestSpec's headers before they go on the wire, as pure
// functions, so the resend dialog can apply (and show) exactly what the sender will send.

#include "client/request_spec.hpp"

#include <string>
#include <string_view>

namespace flowscope::client {

// Why `spec` cannot be sent, one line ("invalid URL: ..."), or empty when it can. Checks the
// method is a token, the URL is absolute http(s) without userinfo, header names are tokens
// and values hold no CR, LF or NUL (Beast 1.81 writes fields unchecked, so a value with
// CRLF would smuggle extra fields through the proxy).
std::string validateRequest(const RequestSpec& spec);

// The header list sent for `spec` (whose URL must be valid), in wire order:
//  - hop-by-hop fields go (RFC 9110 §7.6.1): Connection and the fields it names,
//    Proxy-Connection, Keep-Alive, TE, Trailer, Upgrade, Proxy-Authorization; and
//    Transfer-Encoding, because the body is known up front and sent whole;
//  - Content-Length is the body's size, replacing the first one in place (later ones go);
//    with an empty body it is "0" for POST, PUT and PATCH and absent otherwise
//    (RFC 9110 §8.6: not sent when the method does not anticipate content);
//  - Host is added first (RFC 9110 §7.2) from the URL when missing. A Host the user wrote
//    is kept even when it differs from the URL: that is how virtual hosts are tested.
// Applying it twice gives the same list.
HeaderList effectiveHeaders(const RequestSpec& spec);

// True for the fields effectiveHeaders() drops or recomputes (case-insensitive).
bool isManagedHeader(std::string_view name);

} // namespace flowscope::client
