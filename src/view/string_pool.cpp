#include "view/string_pool.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace flowscope::view {

std::string_view StringArena::add(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    if (text.size() > m_left) {
        // A string bigger than a quarter block gets a block of its own, so one long URL
        // does not waste the rest of the current block.
        if (text.size() > kBlockSize / 4) {
            auto block = std::make_unique_for_overwrite<char[]>(text.size());
            std::memcpy(block.get(), text.data(), text.size());
            std::string_view stored(block.get(), text.size());
            m_blocks.push_back(std::move(block));
            m_reserved += text.size();
            return stored;
        }
        // Not zero-filled: every byte handed out is written first.
        m_blocks.push_back(std::make_unique_for_overwrite<char[]>(kBlockSize));
        m_next = m_blocks.back().get();
        m_left = kBlockSize;
        m_reserved += kBlockSize;
    }
    std::memcpy(m_next, text.data(), text.size());
    std::string_view stored(m_next, text.size());
    m_next += text.size();
    m_left -= text.size();
    return stored;
}

StringInterner::StringInterner() {
    m_texts.emplace_back();
    m_ids.emplace(std::string_view(), 0);
}

std::uint32_t StringInterner::intern(std::string_view text) {
    if (auto found = m_ids.find(text); found != m_ids.end()) {
        return found->second;
    }
    std::string_view stored = m_arena.add(text);
    auto id = static_cast<std::uint32_t>(m_texts.size());
    m_texts.push_back(stored);
    m_ids.emplace(stored, id);
    return id;
}

std::vector<std::uint32_t> StringInterner::ranks() const {
    std::vector<std::uint32_t> byText(m_texts.size());
    std::iota(byText.begin(), byText.end(), 0u);
    std::sort(byText.begin(), byText.end(), [this](std::uint32_t a, std::uint32_t b) {
        return m_texts[a] < m_texts[b]; // char_traits<char>::compare is memcmp: bytewise
    });
    std::vector<std::uint32_t> rank(m_texts.size());
    for (std::uint32_t i = 0; i < byText.size(); ++i) {
        rank[byText[i]] = i;
    }
    return rank;
}

std::size_t StringInterner::bytesReserved() const {
    // The hash map's nodes: a pointer, the key and value, and the cached hash; plus buckets.
    constexpr std::size_t kNodeBytes =
        sizeof(void*) + sizeof(std::string_view) + sizeof(std::uint32_t) + sizeof(std::size_t);
    return m_arena.bytesReserved() + m_texts.capacity() * sizeof(std::string_view) + m_ids.size() * kNodeBytes +
           m_ids.bucket_count() * sizeof(void*);
}

} // namespace flowscope::view
