#pragma once
// The malformed requests the proxy must refuse with a 400 before any byte reaches an
// origin (RFC 9112 framing rules; DESIGN.md "Security posture"). `{URL}` and `{HOST}` in
// the templates are replaced by the origin's /echo URL and host:port at run time.

#include <ostream>
#include <string>
#include <vector>

namespace flowscope::test {

struct HostileCase {
    std::string name; // a gtest-safe identifier
    std::string bytes;
};

// GoogleTest prints parameters in test names (and CTest shows them): the name, not the bytes.
inline void PrintTo(const HostileCase& hostile, std::ostream* out) { *out << hostile.name; }

std::vector<HostileCase> hostileCases();
std::string fillTemplate(std::string text, const std::string& url, const std::string& host);

} // namespace flowscope::test
