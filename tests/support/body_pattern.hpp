#pragma once
// The deterministic byte pattern the test origin serves on /bytes?n=N, and a checksum tests
// compute without holding the body: a 100 MB download is checked against the formula, not
// against a copy.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace flowscope::test {

inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;

// Byte `index` of the pattern; not periodic over small spans, so a lost or repeated
// chunk changes the checksum.
char patternByte(std::uint64_t index);
void fillPattern(std::uint64_t offset, char* out, std::size_t size);
std::string patternBytes(std::uint64_t offset, std::size_t size);

// FNV-1a, 64 bit; `seed` continues an earlier hash.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t seed = kFnvOffset);
std::uint64_t patternChecksum(std::uint64_t size);
std::uint64_t fileChecksum(const std::filesystem::path& file); // throws when unreadable

} // namespace flowscope::test
