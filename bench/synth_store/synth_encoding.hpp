#pragma once
// Byte formats the synthetic bodies need, made with zlib: gzip content coding (RFC 1952)
// and small but real PNG images (PNG spec, ISO/IEC 15948), so body viewers and content
// decoding see the genuine article.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace flowscope::bench {

// gzip at level 6 with a zero MTIME, so the same input gives the same bytes.
std::string gzipBytes(std::string_view data);

// An 8-bit RGBA PNG of width x height; `pixel(x, y)` returns 0xRRGGBBAA.
std::string pngImage(std::uint32_t width, std::uint32_t height,
                     const std::function<std::uint32_t(std::uint32_t, std::uint32_t)>& pixel);

// The classic 43-byte transparent 1x1 GIF of tracking pixels.
std::string_view transparentGif();

// A short stable hash (FNV-1a 64) for ETags.
std::uint64_t fnv1a(std::string_view data);

} // namespace flowscope::bench
