#pragma once
// Request and response heads as the proxy sees and forwards them.

#include "http/headers.hpp"

#include <string>

namespace flowscope::http {

struct RequestHead {
    std::string method;
    std::string target; // as received: origin-, absolute-, authority- or asterisk-form
    int version = 11;   // 10 or 11
    Headers headers;
};

struct ResponseHead {
    int status = 0;
    std::string reason;
    int version = 11;
    Headers headers;
};

// "HTTP/1.1"
std::string_view versionString(int version) noexcept;

// Appends the serialised head (start line, fields, empty line) to `out`.
void appendHead(std::string& out, const RequestHead& head);
void appendHead(std::string& out, const ResponseHead& head);

// The conventional reason phrase for a status, "" when unknown.
std::string_view defaultReason(int status) noexcept;

} // namespace flowscope::http
