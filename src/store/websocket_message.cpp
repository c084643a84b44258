#include "store/websocket_message.hpp"

#include <fmt/format.h>

namespace flowscope::store {

// The direction and initiator strings are stored (flows.ws_closed_by) and shown; never
// change one without a migration.
std::string_view toString(MessageDirection direction) {
    return direction == MessageDirection::ClientToServer ? "client->server" : "server->client";
}

std::string_view toString(CloseInitiator initiator) {
    switch (initiator) {
    case CloseInitiator::Client:
        return "client";
    case CloseInitiator::Server:
        return "server";
    case CloseInitiator::None:
        break;
    }
    return "";
}

CloseInitiator closeInitiatorFromString(std::string_view text) {
    if (text == "client")
        return CloseInitiator::Client;
    if (text == "server")
        return CloseInitiator::Server;
    return CloseInitiator::None;
}

std::string opcodeName(int opcode) {
    switch (opcode) {
    case 0x0:
        return "continuation";
    case kOpcodeText:
        return "text";
    case kOpcodeBinary:
        return "binary";
    case kOpcodeClose:
        return "close";
    case kOpcodePing:
        return "ping";
    case kOpcodePong:
        return "pong";
    default:
        return fmt::format("0x{:x}", opcode);
    }
}

} // namespace flowscope::store
