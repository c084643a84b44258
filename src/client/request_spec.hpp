#pragma once
// What "Edit and Resend" hands to the RequestSender, and what comes back. Plain data, no
// Asio, no Qt: the desktop app fills a RequestSpec from its dialog, the CLI could from
// flags.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace flowscope::client {

// Headers in wire order with their original case; the same type as store::HeaderList, so
// a captured flow's headers copy straight in.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct RequestSpec {
    std::string method = "GET";
    std::string url;    // absolute http:// or https:// (ws/wss are sent as http/https)
    HeaderList headers; // sent in this order; see request_headers.hpp for what is adjusted
    std::string body;
};

struct SendResult {
    std::string error; // empty on success: one readable line naming the step that failed

    int status = 0;
    std::string reason;
    HeaderList headers;         // response headers in wire order
    std::string body;           // as received (still Content-Encoded), up to the sender's cap
    std::uint64_t bodySize = 0; // every body byte received, kept or not
    bool bodyTruncated = false;
    std::chrono::milliseconds elapsed{0};

    bool ok() const { return error.empty(); }
};

} // namespace flowscope::client
