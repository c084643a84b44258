#pragma once
// What the test origin answers, as data (no I/O): the connection code in test_origin.cpp
// writes the pieces. Routes:
//   /hello          "hello from origin\n"
//   /echo           the request body; X-Request-Header-Count, X-Request-Body-Size
//   /headers        the request headers as received, "Name: value\n" in wire order
//   /chunked        a chunked body in several writes (kChunkedPieces)
//   /bytes?n=N      N pattern bytes (body_pattern.hpp) with Content-Length, streamed
//   /gzip           kGzipJson, gzip-encoded, Content-Encoding: gzip
//   /status/NNN     that status
//   /close          closes the connection without answering
//   /ws             a WebSocket echo (origin_websocket.hpp)
// Anything else is a 404.

#include "support/origin_content.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::test {

struct OriginReply {
    std::vector<std::string> pieces; // written one after another (separate writes)
    std::uint64_t patternBytes = 0;  // then this many pattern bytes, generated while writing
    bool closeWithoutAnswer = false;
    bool keepAlive = true;
};

// The route name counted by the origin: the path without its query ("/bytes").
std::string routeOf(std::string_view target);

OriginReply answer(const boost::beast::http::request<boost::beast::http::string_body>& request);

} // namespace flowscope::test
