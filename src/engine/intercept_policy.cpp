#include "engine/intercept_policy.hpp"

#include "engine/host_glob.hpp"

namespace flowscope::engine {

InterceptPolicy::InterceptPolicy(std::vector<std::string> noDecryptGlobs) : m_noDecrypt(std::move(noDecryptGlobs)) {}

InterceptDecision InterceptPolicy::decide(const InterceptRequest& request) const {
    for (const auto& pattern : m_noDecrypt) {
        if (hostMatchesGlob(request.host, pattern))
            return InterceptDecision::Tunnel;
    }
    return InterceptDecision::Intercept;
}

void InterceptPolicy::noteClientRejected(std::string_view host) {
    std::lock_guard lock(m_mutex);
    ++m_rejections[std::string(host)];
}

std::uint32_t InterceptPolicy::rejectionsFor(std::string_view host) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_rejections.find(std::string(host));
    return it == m_rejections.end() ? 0 : it->second;
}

} // namespace flowscope::engine
