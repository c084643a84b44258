#pragma once
// The responses the proxy itself writes: a short HTML page naming the host and the
// reason, so a user looking at a browser tab knows what went wrong and where.

#include <string>
#include <string_view>

namespace flowscope::engine {

// A complete HTTP/1.1 response with "Connection: close" and an X-Flowscope-Error header
// carrying the error kind (machine-readable for scripts and tests).
std::string buildErrorResponse(int status, std::string_view errorKind, std::string_view message);

std::string escapeHtml(std::string_view text);

} // namespace flowscope::engine
