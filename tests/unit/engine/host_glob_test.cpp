// hostMatchesGlob: the pattern language behind "don't decrypt" lists.

#include "engine/host_glob.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <string>

namespace flowscope::engine {
namespace {

struct GlobCase {
    const char* host;
    const char* pattern;
    bool matches;
};

class HostGlobTable : public ::testing::TestWithParam<GlobCase> {};

TEST_P(HostGlobTable, MatchesAsDocumented) {
    const GlobCase& c = GetParam();
    EXPECT_EQ(hostMatchesGlob(c.host, c.pattern), c.matches) << "host=" << c.host << " pattern=" << c.pattern;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HostGlobTable,
    ::testing::Values(
        // "*.example.com": any subdomain depth, never the apex
        GlobCase{"a.example.com", "*.example.com", true}, GlobCase{"a.b.example.com", "*.example.com", true},
        GlobCase{"example.com", "*.example.com", false}, GlobCase{"badexample.com", "*.example.com", false},
        GlobCase{"a.example.com.evil.net", "*.example.com", false}, GlobCase{"example.com", "example.com", true},
        GlobCase{"www.example.com", "example.com", false}, GlobCase{"example.co", "example.com", false},
        GlobCase{"example.comm", "example.com", false},
        // case-insensitive on both sides
        GlobCase{"API.Example.COM", "*.example.com", true}, GlobCase{"api.example.com", "*.EXAMPLE.com", true},
        // '?' is exactly one character
        GlobCase{"a1.example.com", "a?.example.com", true}, GlobCase{"a.example.com", "a?.example.com", false},
        GlobCase{"a12.example.com", "a?.example.com", false},
        // '*' alone matches everything, including the empty host
        GlobCase{"anything.at.all", "*", true}, GlobCase{"", "*", true}, GlobCase{"", "", true},
        GlobCase{"a", "", false}, GlobCase{"", "a", false}, GlobCase{"", "?", false},
        // stars in the middle and at the end, several of them
        GlobCase{"api.eu.example.com", "api.*.example.com", true},
        GlobCase{"api.example.com", "api.*.example.com", false}, GlobCase{"login.microsoftonline.com", "login.*", true},
        GlobCase{"a-b-c", "*-*-*", true}, GlobCase{"a-b", "*-*-*", false}, GlobCase{"aaa", "a**a", true},
        GlobCase{"10.0.0.1", "10.0.0.*", true}, GlobCase{"10.0.0.10", "10.0.0.?", false}));

TEST(HostGlob, PathologicalPatternFinishesFast) {
    // A naive recursive matcher is exponential on "a*a*a*a*b" against a run of 'a's; the
    // single-backtrack matcher is O(host * pattern).
    const std::string host(20000, 'a');
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(hostMatchesGlob(host, "a*a*a*a*b"));
    EXPECT_FALSE(hostMatchesGlob(host, "*a*a*a*a*a*a*a*a*a*a*b"));
    EXPECT_TRUE(hostMatchesGlob(host, "a*a*a*a*a"));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::seconds(1));
}

} // namespace
} // namespace flowscope::engine
