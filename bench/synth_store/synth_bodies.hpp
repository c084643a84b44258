#pragma once
// The bodies synthetic flows carry: a pool built once (JSON documents, HTML pages, scripts,
// stylesheets, real PNG images, SVG icons, request payloads), each with a gzip variant, so
// a million flows cost one copy of a pooled string each instead of building content.

#include "synth_rng.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::bench {

enum class BodyFamily : std::uint8_t {
    Json,        // API responses
    ProblemJson, // API errors (RFC 9457 problem details and plain error objects)
    Html,
    Js,
    Css,
    Png,
    Gif, // tracking pixels
    Svg,
    Text,        // robots.txt, "OK"
    JsonRequest, // API request payloads
    FormRequest, // application/x-www-form-urlencoded (OAuth token requests)
    EventBatch,  // analytics and error-report beacons
    Count,
};

// Formats only ever seen large: their captured bytes are a prefix (truncated flows).
enum class LargeFamily : std::uint8_t { Jpeg, Webp, Font, Video, Bundle, Count };

struct PooledBody {
    std::string plain;
    std::string gzip; // the same bytes with Content-Encoding: gzip
    std::string_view contentType;
    std::string etag; // quoted strong ETag of `plain`
};

class BodyPool {
public:
    // `largePrefixBytes`: how much of a large body is captured (the simulated max_body_size).
    explicit BodyPool(std::size_t largePrefixBytes);

    const PooledBody& pick(SynthRng& rng, BodyFamily family) const;
    std::string_view largeContentType(LargeFamily family) const;
    // The first `size` bytes (at most largePrefixBytes) of a large body of this family:
    // a genuine file signature followed by filler.
    std::string_view largePrefix(LargeFamily family, std::size_t size) const;

private:
    std::array<std::vector<PooledBody>, static_cast<std::size_t>(BodyFamily::Count)> m_pools;
    std::array<std::string, static_cast<std::size_t>(LargeFamily::Count)> m_large;
};

} // namespace flowscope::bench
