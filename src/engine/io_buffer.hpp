#pragma once
// A byte buffer with a read and a write position: reads land at the end, parsers consume
// from the front. Memory is reused across messages; it only grows while a message head
// is incomplete (bounded by the head limit), never with body size.

#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

namespace flowscope::engine {

class IoBuffer {
public:
    explicit IoBuffer(std::size_t initial = 16 * 1024) : m_storage(initial) {}

    std::string_view readable() const { return {m_storage.data() + m_begin, m_end - m_begin}; }
    std::size_t size() const { return m_end - m_begin; }
    std::size_t capacity() const { return m_storage.size(); }
    bool empty() const { return m_end == m_begin; }

    void consume(std::size_t n) {
        m_begin += n;
        if (m_begin >= m_end)
            m_begin = m_end = 0;
    }

    // Room for at least `minSpace` bytes at the end (compacting first, growing if needed).
    char* prepare(std::size_t minSpace, std::size_t& available) {
        if (m_storage.size() - m_end < minSpace) {
            if (m_begin > 0) {
                std::memmove(m_storage.data(), m_storage.data() + m_begin, m_end - m_begin);
                m_end -= m_begin;
                m_begin = 0;
            }
            if (m_storage.size() - m_end < minSpace)
                m_storage.resize(m_end + minSpace);
        }
        available = m_storage.size() - m_end;
        return m_storage.data() + m_end;
    }
    void commit(std::size_t n) { m_end += n; }

    void append(std::string_view bytes) {
        std::size_t available = 0;
        char* at = prepare(bytes.size(), available);
        std::memcpy(at, bytes.data(), bytes.size());
        commit(bytes.size());
    }
    void clear() { m_begin = m_end = 0; }
    // Frees the storage of an empty buffer (the next prepare() allocates again): for a
    // connection that goes idle for a while, e.g. into the upstream pool, where a buffer
    // grown to a body's 64 KiB reads would otherwise sit unused.
    void releaseStorage() {
        if (empty()) {
            std::vector<char>().swap(m_storage);
            m_begin = m_end = 0;
        }
    }

private:
    std::vector<char> m_storage;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
};

} // namespace flowscope::engine
