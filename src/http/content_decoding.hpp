#pragma once
// Undoing Content-Encoding for display (RFC 9110 §8.4): gzip, x-gzip, deflate, br, zstd,
// in reverse order of application. Output is capped so a decompression bomb in a
// captured body cannot exhaust memory.

#include <cstddef>
#include <string>
#include <string_view>

namespace flowscope::http {

struct DecodeResult {
    bool ok = false;
    std::string data;  // decoded bytes (partial output is kept when !ok)
    std::string error; // "brotli: corrupt stream", "unsupported content coding 'foo'"
    bool truncated = false; // output reached the cap
};

inline constexpr std::size_t kDefaultDecodeLimit = 256u * 1024u * 1024u;

// `contentEncoding` is the header value ("gzip", "deflate, br", "identity" or empty).
DecodeResult decodeContent(std::string_view body, std::string_view contentEncoding,
                           std::size_t outputLimit = kDefaultDecodeLimit);

// One coding: "gzip" | "x-gzip" | "deflate" | "br" | "zstd" | "identity".
DecodeResult decodeOne(std::string_view body, std::string_view coding, std::size_t outputLimit);

} // namespace flowscope::http
