#pragma once
// One accepted client connection, from first byte to close: plain proxy requests,
// CONNECT with the intercept-or-tunnel decision, the TLS handshake with our leaf.

#include "engine/byte_stream.hpp"
#include "engine/engine_context.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>

namespace flowscope::engine {

// Registered for the session's lifetime so a shutdown can reach it: `closeIfIdle`
// closes a connection waiting for its next request, `closeNow` any connection. Both are
// posted to the session's strand by the caller.
struct SessionControl {
    boost::asio::any_io_executor strand;
    std::function<void()> closeIfIdle;
    std::function<void()> closeNow;
};

using SessionRegistrar = std::function<std::function<void()>(SessionControl)>; // returns the unregister call

boost::asio::awaitable<void> runClientSession(EngineContext& context, tcp::socket socket,
                                              const SessionRegistrar& registrar);

} // namespace flowscope::engine
