#include "support/body_pattern.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace flowscope::test {

char patternByte(std::uint64_t index) {
    const std::uint64_t mixed = index * 31u + (index >> 10) + (index >> 20) * 7u;
    return static_cast<char>(static_cast<unsigned char>(mixed & 0xFFu));
}

void fillPattern(std::uint64_t offset, char* out, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i)
        out[i] = patternByte(offset + i);
}

std::string patternBytes(std::uint64_t offset, std::size_t size) {
    std::string bytes(size, '\0');
    fillPattern(offset, bytes.data(), size);
    return bytes;
}

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t seed) {
    std::uint64_t hash = seed;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

std::uint64_t patternChecksum(std::uint64_t size) {
    std::vector<char> chunk(1 << 16);
    std::uint64_t hash = kFnvOffset;
    for (std::uint64_t offset = 0; offset < size;) {
        const std::size_t piece = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), size - offset));
        fillPattern(offset, chunk.data(), piece);
        hash = fnv1a(std::string_view(chunk.data(), piece), hash);
        offset += piece;
    }
    return hash;
}

std::uint64_t fileChecksum(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + file.string());
    std::vector<char> chunk(1 << 16);
    std::uint64_t hash = kFnvOffset;
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        hash = fnv1a(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())), hash);
    }
    return hash;
}

} // namespace flowscope::test
