#include "http/message.hpp"

#include <charconv>

namespace flowscope::http {
namespace {
void appendFields(std::string& out, const Headers& headers) {
    for (const auto& field : headers) {
        out.append(field.name);
        out.append(": ");
        out.append(field.value);
        out.append("\r\n");
    }
    out.append("\r\n");
}
} // namespace

std::string_view versionString(int version) noexcept {
    return version == 10 ? "HTTP/1.0" : "HTTP/1.1";
}

void appendHead(std::string& out, const RequestHead& head) {
    out.append(head.method);
    out.push_back(' ');
    out.append(head.target);
    out.push_back(' ');
    out.append(versionString(head.version));
    out.append("\r\n");
    appendFields(out, head.headers);
}

void appendHead(std::string& out, const ResponseHead& head) {
    out.append(versionString(head.version));
    char digits[8];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, head.status);
    out.push_back(' ');
    out.append(digits, ec == std::errc{} ? end : digits);
    out.push_back(' ');
    out.append(head.reason);
    out.append("\r\n");
    appendFields(out, head.headers);
}

std::string_view defaultReason(int status) noexcept {
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
    }
}

} // namespace flowscope::http
