#pragma once
// Flows as the engine records them, for the detail view tests.

#include "store/flow.hpp"

namespace flowscope::ui::test {

// An intercepted HTTPS POST with a query, cookies, a gzip JSON response, Set-Cookie, TLS
// details and every timing phase.
store::Flow httpsFlow();
// A plain-http GET answered 204, on a pooled connection (no dns/connect/tls phases).
store::Flow plainFlow();
// An http GET whose upstream refused the connection: no response, error recorded.
store::Flow failedFlow();
// A CONNECT relayed without decryption.
store::Flow tunnelFlow();

} // namespace flowscope::ui::test
