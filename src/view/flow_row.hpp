#pragma once
// FlowRow: what a flow list knows about one flow without touching the store. Cheap to
// make (a FlowTable builds it on the fly from its compact record), cheap to pass by
// value, and enough to evaluate any filter and to fill any list column.

#include "store/flow.hpp"
#include "view/content_family.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace flowscope::view {

// The views point into the FlowTable that made the row and stay valid while that table
// lives (appends never move stored text); rows built by hand point wherever their
// author likes.
struct FlowRow {
    std::int64_t id = 0;
    std::int64_t startedAtUs = 0;
    std::int64_t durationUs = 0; // 0 for a flow that has not ended
    std::string_view method;
    std::string_view scheme;
    std::string_view host;
    std::string_view path;
    // The absolute URL is urlHead + urlTail: normally the origin ("https://host:8443")
    // and the path, so a million rows share a few thousand origins instead of a million
    // copies of them. url() joins the two for display.
    std::string_view urlHead;
    std::string_view urlTail;
    int status = 0; // 0 when no response was received
    store::FlowKind kind = store::FlowKind::Http;
    ContentFamily contentFamily = ContentFamily::Other;
    std::uint64_t requestSize = 0;  // request body bytes on the wire
    std::uint64_t responseSize = 0; // response body bytes on the wire
    std::string_view errorKind;     // "" when the exchange completed

    bool hasError() const { return !errorKind.empty(); }
    std::string url() const { return std::string(urlHead) + std::string(urlTail); }
};

} // namespace flowscope::view
