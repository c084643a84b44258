#pragma once
// Wires a client::RequestSender into the resend dialog.

#include "resend/resend_request.hpp"

#include <memory>

namespace flowscope::client {
class RequestSender;
}

namespace flowscope::ui {

// A ResendFunction that sends with `sender`; each dialog holding the function keeps the
// sender alive, so the app may replace its sender (a new proxy port) while dialogs are
// open. `done` runs on the sender's thread, which the dialog expects.
ResendFunction resendWith(std::shared_ptr<client::RequestSender> sender);

} // namespace flowscope::ui
