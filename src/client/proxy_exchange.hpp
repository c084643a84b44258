#pragma once
// One request through the proxy as a coroutine (internal: Asio types). RequestSender runs
// it on its thread; everything here happens on that thread.

#include "client/request_sender.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>

namespace flowscope::client {

// Lets the sender cancel an exchange from outside the coroutine (same thread).
struct ExchangeControl {
    boost::beast::tcp_stream* stream = nullptr; // the open connection, if any
    bool cancelled = false;

    void cancel() {
        cancelled = true;
        if (stream != nullptr)
            stream->close(); // fails the pending operation and every later one
    }
};

struct ExchangeSetup {
    const SenderConfig& config;
    boost::asio::ssl::context* tls = nullptr; // null when the CA PEM was unusable
    const std::string& tlsError;              // why `tls` is null
};

// Never throws for network or protocol failures: they end up in SendResult::error.
boost::asio::awaitable<SendResult> runExchange(ExchangeSetup setup, RequestSpec spec, ExchangeControl& control);

} // namespace flowscope::client
