#include "ca/leaf_cache.hpp"

namespace flowscope::ca {

namespace {

// A leaf served from memory must outlive the handshake and the connection's first hours.
constexpr std::chrono::days kMinMemoryLeafLifetime{1};

} // namespace

LeafCache::LeafCache(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}

std::shared_ptr<X509> LeafCache::getOrCreate(const std::string& key, Clock::time_point now, const Creator& create) {
    std::unique_lock lock(m_mutex);
    if (auto found = m_index.find(key); found != m_index.end()) {
        if (now < found->second->staleAt) {
            m_lru.splice(m_lru.begin(), m_lru, found->second);
            return found->second->cert;
        }
        m_lru.erase(found->second);
        m_index.erase(found);
    }
    if (auto pending = m_inFlight.find(key); pending != m_inFlight.end()) {
        std::shared_future<std::shared_ptr<X509>> result = pending->second;
        lock.unlock();
        return result.get();
    }

    std::promise<std::shared_ptr<X509>> promise;
    m_inFlight.emplace(key, promise.get_future().share());
    const std::uint64_t generation = m_generation;
    lock.unlock();

    std::shared_ptr<X509> cert;
    Clock::time_point staleAt;
    try {
        cert = create();
        staleAt = toTimePoint(X509_get0_notAfter(cert.get())) - kMinMemoryLeafLifetime;
    } catch (...) {
        lock.lock();
        m_inFlight.erase(key);
        lock.unlock();
        promise.set_exception(std::current_exception());
        throw;
    }

    lock.lock();
    m_inFlight.erase(key);
    if (generation == m_generation) {
        insertLocked(key, cert, staleAt);
    }
    lock.unlock();
    promise.set_value(cert);
    return cert;
}

void LeafCache::insertLocked(const std::string& key, std::shared_ptr<X509> cert, Clock::time_point staleAt) {
    if (auto found = m_index.find(key); found != m_index.end()) {
        m_lru.erase(found->second);
        m_index.erase(found);
    }
    m_lru.push_front(Entry{key, std::move(cert), staleAt});
    m_index[key] = m_lru.begin();
    while (m_lru.size() > m_capacity) {
        m_index.erase(m_lru.back().key);
        m_lru.pop_back();
    }
}

void LeafCache::clear() {
    std::lock_guard lock(m_mutex);
    m_lru.clear();
    m_index.clear();
    ++m_generation;
}

std::size_t LeafCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_lru.size();
}

} // namespace flowscope::ca
