#pragma once
// A stable LSD radix sort on 64-bit keys (internal to the view's sorting), for any
// trivially copyable item with a `key` member.

#include "view/cancel_token.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>

namespace flowscope::view::detail {

struct KeyedIndex {
    std::uint64_t key;
    std::uint32_t index;
};

// Sorts by key, keeping the given order among equal keys. Byte positions where every
// key agrees are skipped, so keys that vary in a few low bytes (statuses, sizes, a day
// of timestamps) take a few passes. `scratch` holds at least as many items. Returns
// false, leaving `items` in an unspecified order, when cancelled.
template <typename Item> bool radixSortByKey(std::span<Item> items, std::span<Item> scratch, CancelToken cancel) {
    const std::size_t n = items.size();
    if (n < 2) {
        return true;
    }
    // Below a few hundred items the eight histograms cost more than they save.
    if (n < 256) {
        std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.key < b.key; });
        return true;
    }
    std::array<std::array<std::uint32_t, 256>, 8> counts{};
    for (const Item& item : items) {
        for (unsigned byte = 0; byte < 8; ++byte) {
            ++counts[byte][(item.key >> (8 * byte)) & 0xFF];
        }
    }
    Item* source = items.data();
    Item* target = scratch.data();
    const std::uint64_t anyKey = items.front().key;
    for (unsigned byte = 0; byte < 8; ++byte) {
        std::array<std::uint32_t, 256>& count = counts[byte];
        if (count[(anyKey >> (8 * byte)) & 0xFF] == n) {
            continue; // every key has the same byte here
        }
        if (cancel.cancelled()) {
            return false;
        }
        std::uint32_t offset = 0;
        for (std::uint32_t& bucket : count) {
            std::uint32_t size = bucket;
            bucket = offset;
            offset += size;
        }
        for (std::size_t i = 0; i < n; ++i) {
            target[count[(source[i].key >> (8 * byte)) & 0xFF]++] = source[i];
        }
        std::swap(source, target);
    }
    if (source != items.data()) {
        std::memcpy(items.data(), source, n * sizeof(Item));
    }
    return true;
}

} // namespace flowscope::view::detail
