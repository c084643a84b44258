#include "engine/header_rewrite.hpp"

#include <string>
#include <vector>

namespace flowscope::engine {

void removeHopByHopFields(http::Headers& headers, bool keepUpgrade) {
    std::vector<std::string> named;
    for (const auto& field : headers) {
        if (http::equalsIgnoreCase(field.name, "Connection")) {
            http::forEachListElement(field.value, [&](std::string_view token) { named.emplace_back(token); });
        }
    }
    for (const auto& name : named) {
        if (keepUpgrade && http::equalsIgnoreCase(name, "Upgrade"))
            continue;
        // Never let a client strip framing or routing fields through Connection.
        if (http::equalsIgnoreCase(name, "Host") || http::equalsIgnoreCase(name, "Content-Length") ||
            http::equalsIgnoreCase(name, "Transfer-Encoding"))
            continue;
        headers.remove(name);
    }
    headers.remove("Connection");
    headers.remove("Proxy-Connection");
    headers.remove("Keep-Alive");
    headers.remove("TE");
    headers.remove("Trailer");
    headers.remove("Proxy-Authorization");
    if (keepUpgrade)
        headers.add("Connection", "Upgrade");
    else
        headers.remove("Upgrade");
}

store::HeaderList toHeaderList(const http::Headers& headers) {
    store::HeaderList list;
    list.reserve(headers.size());
    for (const auto& field : headers)
        list.emplace_back(field.name, field.value);
    return list;
}

std::string contentTypeOf(const http::Headers& headers) {
    const auto value = headers.get("Content-Type");
    return value ? std::string(*value) : std::string();
}

} // namespace flowscope::engine
