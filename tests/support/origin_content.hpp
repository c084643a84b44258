#pragma once
// What the test origin's fixed routes send, for tests to compare against (no Beast here,
// so test files stay cheap to compile).

#include <array>
#include <string>
#include <string_view>

namespace flowscope::test {

inline constexpr std::string_view kHelloBody = "hello from origin\n";
inline constexpr std::array<std::string_view, 4> kChunkedPieces{"first chunk\n", "second, longer chunk\n", "3\n",
                                                                "last chunk\n"};
inline constexpr std::string_view kGzipJson = R"({"message":"hello from gzip","items":[1,2,3],"ok":true})";

std::string chunkedBody(); // kChunkedPieces joined
std::string gzipCompress(std::string_view data);

} // namespace flowscope::test
