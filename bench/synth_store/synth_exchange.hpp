#pragma once
// Internal to the synthetic store: what one HTTP exchange will be (method, target, status,
// bodies), decided from its host's role, and the header lists that go with it.

#include "store/flow.hpp"
#include "synth_bodies.hpp"
#include "synth_catalog.hpp"
#include "synth_rng.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::bench {

struct ExchangePlan {
    std::string_view method;
    std::string path;
    int status = 200;
    std::optional<BodyFamily> requestBody;
    std::optional<BodyFamily> responseBody;   // none for 204, 304, most redirects, HEAD
    std::optional<LargeFamily> largeResponse; // instead of responseBody: a big asset
    std::string_view fetchDest = "empty";     // Sec-Fetch-Dest of a browser request
    std::string_view redirectTo;              // Location path of a 3xx
    bool conditional = false;                 // sent If-None-Match (and got 304 or 200)
};

ExchangePlan planExchange(SynthRng& rng, const SynthHost& host);

// The bodies of a planned exchange as they will be recorded.
struct ChosenBody {
    const PooledBody* pooled = nullptr; // from the pool, or
    std::optional<LargeFamily> large;   // a large asset of `size` bytes
    std::string_view contentType;
    std::uint64_t size = 0; // bytes on the wire (after content coding)
    bool gzip = false;
};

struct HeaderContext {
    const SynthHost& host;
    const SynthClient& client;
    const ExchangePlan& plan;
    const ChosenBody& request;
    const ChosenBody& response;
    std::int64_t startedAtUs;
    bool chunked; // response sent with Transfer-Encoding: chunked
};

store::HeaderList requestHeaders(SynthRng& rng, const HeaderContext& context);
store::HeaderList responseHeaders(SynthRng& rng, const HeaderContext& context);

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7, IMF-fixdate).
std::string httpDate(std::int64_t unixSeconds);
std::string_view reasonPhrase(int status);
// Bytes of the head on the wire: start line, fields, empty line.
std::uint64_t headBytes(std::size_t startLineBytes, const store::HeaderList& headers);

} // namespace flowscope::bench
