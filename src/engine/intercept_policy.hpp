#pragma once
// The one place that decides, per CONNECT, whether to decrypt (DESIGN.md data flow §3).
// Per-process toggles and pinning-based pass-through plug in here later.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flowscope::engine {

enum class InterceptDecision { Intercept, Tunnel };

struct InterceptRequest {
    std::string_view host; // CONNECT host, lower-case
    std::uint16_t port = 0;
};

// Thread safety: decide(), noteClientRejected() and rejectionsFor() may be called from
// any engine thread; the pattern list is fixed at construction.
class InterceptPolicy {
public:
    explicit InterceptPolicy(std::vector<std::string> noDecryptGlobs);

    InterceptDecision decide(const InterceptRequest& request) const;

    // A client aborted the TLS handshake with our certificate for this host: the CA is not
    // trusted there, or the app pins. Remembered so the UI can suggest "don't decrypt".
    void noteClientRejected(std::string_view host);
    std::uint32_t rejectionsFor(std::string_view host) const;

private:
    std::vector<std::string> m_noDecrypt;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, std::uint32_t> m_rejections;
};

} // namespace flowscope::engine
