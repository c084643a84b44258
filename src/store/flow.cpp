#include "store/flow.hpp"

namespace flowscope::store {

// These strings are stored in flows.kind (and checked by its CHECK constraint): never
// change one without a migration.
const char* toString(FlowKind kind) {
    switch (kind) {
    case FlowKind::Http:
        return "http";
    case FlowKind::Tunnel:
        return "tunnel";
    case FlowKind::WebSocket:
        return "websocket";
    }
    return "http";
}

FlowKind flowKindFromString(std::string_view text) {
    if (text == "tunnel") {
        return FlowKind::Tunnel;
    }
    if (text == "websocket") {
        return FlowKind::WebSocket;
    }
    return FlowKind::Http;
}

} // namespace flowscope::store
