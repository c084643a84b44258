#pragma once
// The test origin's /ws route: accepts a WebSocket upgrade (RFC 6455) on a connection whose
// request has been read, then echoes every message (text or binary) until the peer closes.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace flowscope::test {

using UpgradeRequest = boost::beast::http::request<boost::beast::http::string_body>;

bool isWebSocketUpgrade(const UpgradeRequest& request);

boost::asio::awaitable<void> echoWebSocket(boost::beast::tcp_stream stream, UpgradeRequest request);
boost::asio::awaitable<void> echoWebSocket(boost::asio::ssl::stream<boost::beast::tcp_stream> stream,
                                           UpgradeRequest request);

} // namespace flowscope::test
