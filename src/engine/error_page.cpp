#include "engine/error_page.hpp"

#include "http/message.hpp"

#include <fmt/format.h>

namespace flowscope::engine {

std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c; break;
        }
    }
    return out;
}

std::string buildErrorResponse(int status, std::string_view errorKind, std::string_view message) {
    const std::string_view reason = http::defaultReason(status);
    const std::string body = fmt::format(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{0} {1}</title></head>\n"
        "<body style=\"font-family:sans-serif;margin:2em\"><h1>{0} {1}</h1>\n<p>{2}</p>\n"
        "<p style=\"color:#666\">Reported by Flowscope ({3}).</p></body></html>\n",
        status, reason, escapeHtml(message), escapeHtml(errorKind));
    // Header values cannot carry CR/LF; the kind is a fixed identifier.
    return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n"
                       "Connection: close\r\nCache-Control: no-store\r\nX-Flowscope-Error: {}\r\n\r\n{}",
                       status, reason, body.size(), errorKind, body);
}

} // namespace flowscope::engine
