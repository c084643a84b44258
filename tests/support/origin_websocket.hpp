#pragma once
// The test origin's /ws route: accepts a WebSocket upgrade (RFC 6455) on a connection whose
// request has been read, then echoes every message (text or binary, same type) until the
// peer closes. permessage-deflate (RFC 7692) is accepted when the client offers it.
//
// A text message starting with '!' is a command instead, so tests can make the server
// act on its own (kOriginWs* below); the server then sends exactly what the command says.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>

namespace flowscope::test {

using UpgradeRequest = boost::beast::http::request<boost::beast::http::string_body>;

// "!close <code> <reason>": the server starts the closing handshake with that status.
inline constexpr std::string_view kOriginWsClose = "!close ";
// "!ping <payload>": the server sends a Ping with that payload, then echoes the command.
inline constexpr std::string_view kOriginWsPing = "!ping ";
// "!fragment <n> <text>": the server sends <text> as one text message in <n> frames.
inline constexpr std::string_view kOriginWsFragment = "!fragment ";

bool isWebSocketUpgrade(const UpgradeRequest& request);

boost::asio::awaitable<void> echoWebSocket(boost::beast::tcp_stream stream, UpgradeRequest request);
boost::asio::awaitable<void> echoWebSocket(boost::asio::ssl::stream<boost::beast::tcp_stream> stream,
                                           UpgradeRequest request);

} // namespace flowscope::test
