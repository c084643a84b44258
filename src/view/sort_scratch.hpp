#pragma once
// Memory a sort reuses between calls. On a million rows, fresh buffers cost more in page
// faults than the sort itself (measured on the 2-core VM: filling 16 MB fresh took
// 50-90 ms, reused about 1 ms), so a FlowView keeps one.

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>

namespace flowscope::view {

// Thread safety: none; one sort at a time.
class SortScratch {
public:
    static constexpr std::size_t kLargestItem = 24; // flow_sort.cpp's PathItem

    // `count` uninitialised items of T in the first or the second buffer; earlier spans
    // from the same buffer become invalid.
    template <typename T> std::span<T> first(std::size_t count) { return take<T>(m_first, count); }
    template <typename T> std::span<T> second(std::size_t count) { return take<T>(m_second, count); }

    std::size_t bytes() const { return m_first.size + m_second.size; }

private:
    struct Buffer {
        std::unique_ptr<std::byte[]> bytes;
        std::size_t size = 0;
    };

    template <typename T> static std::span<T> take(Buffer& buffer, std::size_t count) {
        // An array of std::byte provides storage and implicitly creates objects of
        // implicit-lifetime types in it (C++20 [intro.object]), which trivially copyable
        // aggregates are; new[] aligns for any fundamental type.
        static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= alignof(std::max_align_t));
        const std::size_t needed = count * sizeof(T);
        if (needed > buffer.size) {
            // Sized for the largest item any sort uses, so switching from an integer sort
            // to a path sort reuses the pages already touched. Untouched pages cost nothing.
            const std::size_t size = count * std::max(sizeof(T), kLargestItem);
            buffer.bytes = std::make_unique_for_overwrite<std::byte[]>(size);
            buffer.size = size;
        }
        return {reinterpret_cast<T*>(buffer.bytes.get()), count};
    }

    Buffer m_first;
    Buffer m_second;
};

} // namespace flowscope::view
