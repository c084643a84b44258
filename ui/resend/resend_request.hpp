#pragma once
// Turning a captured flow into an editable request and back into what is sent, without
// widgets: the dialog is a thin shell over these.

#include "client/request_spec.hpp"
#include "store/flow.hpp"

#include <QString>
#include <functional>

namespace flowscope::ui {

// Hands a request to whatever sends it (the app wires client::RequestSender with the live
// proxy address and CA) and calls `done` exactly once, on any thread.
using ResendFunction =
    std::function<void(client::RequestSpec spec, std::function<void(client::SendResult result)> done)>;

struct EditableRequest {
    client::RequestSpec spec; // the flow's request; managed fields (hop-by-hop, Content-Length) left out
    // False when the body cannot round-trip through a text editor (not UTF-8, NUL bytes, a
    // Content-Encoding): it is then sent exactly as captured and shown read-only.
    bool bodyIsText = true;
    QString bodyNote; // why the body is read-only or incomplete, empty when neither
};

EditableRequest editableRequest(const store::Flow& flow);

// The URL's Host value ("h.test:8080"), empty when the URL is not valid.
std::string hostHeaderOf(const std::string& url);

// The request that goes to the sender: `edited` with the Host field following an edited URL
// when it still named the original URL's host (a Host the user changed by hand is theirs),
// then client::effectiveHeaders() (hop-by-hop removed, Content-Length for the body).
client::RequestSpec finalRequest(client::RequestSpec edited, const std::string& originalUrl);

} // namespace flowscope::ui
