#pragma once
// The in-memory LRU of leaves, with single-flight creation per host (internal header).

#include "ca/openssl_util.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace flowscope::ca {

// Thread safety: every member may be called from any thread. The mutex guards only the
// maps; `create` runs outside it, so minting for different hosts proceeds in parallel,
// while callers asking for a host already being created wait for that one result
// (single flight: eight connections to a new host cost one signature).
class LeafCache {
public:
    using Creator = std::function<std::shared_ptr<X509>()>;

    // ~2048 hosts is a long browsing session; a leaf is ~1 KiB, so the cache stays small.
    explicit LeafCache(std::size_t capacity = 2048);

    // The cached leaf for `key` while it has more than a day to live, else the result of
    // `create` (also handed to concurrent callers for the same key). An exception from
    // `create` reaches every waiting caller and nothing is cached.
    std::shared_ptr<X509> getOrCreate(const std::string& key, Clock::time_point now, const Creator& create);

    // Forgets every cached leaf. A creation already under way finishes for its callers but
    // is not cached.
    void clear();

    std::size_t size() const;

private:
    struct Entry {
        std::string key;
        std::shared_ptr<X509> cert;
        Clock::time_point staleAt;
    };
    using Lru = std::list<Entry>; // most recently used first

    void insertLocked(const std::string& key, std::shared_ptr<X509> cert, Clock::time_point staleAt);

    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    Lru m_lru;
    std::unordered_map<std::string, Lru::iterator> m_index;
    std::unordered_map<std::string, std::shared_future<std::shared_ptr<X509>>> m_inFlight;
    std::uint64_t m_generation = 0; // bumped by clear(), so stale creations are not cached
};

} // namespace flowscope::ca
