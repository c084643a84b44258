#pragma once
// What a proxy must change in a head before forwarding it (RFC 9110 §7.6.1): hop-by-hop
// fields go, the rest passes in order and case.

#include "http/headers.hpp"
#include "store/flow.hpp"

namespace flowscope::engine {

// Removes Connection and every field it names, Proxy-Connection, Keep-Alive, TE, Trailer,
// Proxy-Authorization (it was for us) and Upgrade — unless `keepUpgrade`, for a protocol
// upgrade (WebSocket), where "Connection: upgrade" and Upgrade are forwarded.
void removeHopByHopFields(http::Headers& headers, bool keepUpgrade);

store::HeaderList toHeaderList(const http::Headers& headers);
std::string contentTypeOf(const http::Headers& headers);

} // namespace flowscope::engine
