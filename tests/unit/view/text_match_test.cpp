// Text comparisons and content type families (their SQL twins are checked against a real
// store in filter_equivalence_test.cpp).
#include "view/content_family.hpp"
#include "view/text_match.hpp"

#include <gtest/gtest.h>

namespace flowscope::view {
namespace {

TEST(TextMatch, ContainsFoldsAsciiCaseOnly) {
    EXPECT_TRUE(containsLowered("https://API.example.com/x", "api.ex"));
    EXPECT_TRUE(containsLowered("abc", ""));
    EXPECT_FALSE(containsLowered("ab", "abc"));
    EXPECT_FALSE(containsLowered("CAFÉ", "café")); // É is not ASCII: SQLite's lower() leaves it too
    EXPECT_TRUE(containsIgnoringCase("X-Trace", "TRACE"));
    EXPECT_TRUE(containsLowered("100%_done", "%_d")); // no LIKE wildcards
}

TEST(TextMatch, ContainsAcrossTheSeamOfTwoParts) {
    EXPECT_TRUE(containsLowered("https://api.example.com", "/items/1", "com/it"));
    EXPECT_TRUE(containsLowered("https://api.example.com", "/items/1", "https"));
    EXPECT_TRUE(containsLowered("https://api.example.com", "/items/1", "items"));
    EXPECT_TRUE(containsLowered("ab", "cd", "abcd"));
    EXPECT_TRUE(containsLowered("", "cd", "c"));
    EXPECT_TRUE(containsLowered("ab", "", "b"));
    EXPECT_FALSE(containsLowered("ab", "cd", "abce"));
    EXPECT_FALSE(containsLowered("ab", "cd", "xabcd"));
    EXPECT_FALSE(containsLowered("a", "b", "ba"));
}

TEST(TextMatch, GlobHasOnlyStarAndQuestionMark) {
    EXPECT_TRUE(globMatchesLowered("api.example.com", "*.example.com"));
    EXPECT_FALSE(globMatchesLowered("example.com", "*.example.com"));
    EXPECT_TRUE(globMatchesLowered("API.Example.COM", "*.example.com"));
    EXPECT_TRUE(globMatchesLowered("api1.test", "api?.test"));
    EXPECT_FALSE(globMatchesLowered("api12.test", "api?.test"));
    EXPECT_TRUE(globMatchesLowered("anything", "*"));
    EXPECT_TRUE(globMatchesLowered("", "*"));
    EXPECT_FALSE(globMatchesLowered("", "?"));
    EXPECT_TRUE(globMatchesLowered("x[1].test", "x[1]*"));
    EXPECT_TRUE(globMatchesLowered("aXbXc", "a*b*c"));
    EXPECT_FALSE(globMatchesLowered("aXbXd", "a*b*c"));
    // `?` is one character, as SQLite reads UTF-8: "é" is two bytes.
    EXPECT_TRUE(globMatchesLowered("caf\xC3\xA9", "caf?"));
    EXPECT_FALSE(globMatchesLowered("caf\xC3\xA9", "caf??"));
    EXPECT_EQ(sqlGlobPattern("x[1]*"), "x[[]1]*");
}

TEST(TextMatch, PathologicalGlobIsFast) {
    std::string text(20'000, 'a');
    std::string pattern;
    for (int i = 0; i < 50; ++i) {
        pattern += "*a";
    }
    pattern += "b";
    EXPECT_FALSE(globMatchesLowered(text, pattern));
}

TEST(ContentFamily, ClassifiesMediaTypes) {
    struct Case {
        std::string_view contentType;
        ContentFamily family;
    };
    for (const Case& c : std::initializer_list<Case>{
             {"application/json", ContentFamily::Json},
             {"application/problem+json; charset=utf-8", ContentFamily::Json},
             {" Application/JSON ", ContentFamily::Json},
             {"text/html; charset=UTF-8", ContentFamily::Html},
             {"application/xhtml+xml", ContentFamily::Html},
             {"text/javascript", ContentFamily::Js},
             {"application/x-javascript", ContentFamily::Js},
             {"application/ecmascript", ContentFamily::Js},
             {"text/css", ContentFamily::Css},
             {"image/png", ContentFamily::Image},
             {"image/svg+xml", ContentFamily::Image},
             {"application/xml", ContentFamily::Xml},
             {"application/atom+xml", ContentFamily::Xml},
             {"font/woff2", ContentFamily::Font},
             {"application/vnd.ms-fontobject", ContentFamily::Font},
             {"video/mp4", ContentFamily::Media},
             {"audio/mpeg", ContentFamily::Media},
             {"text/plain", ContentFamily::Text},
             {"text/csv", ContentFamily::Text},
             {"application/octet-stream", ContentFamily::Other},
             {"", ContentFamily::Other},
             {";", ContentFamily::Other},
             {"multipart/form-data; boundary=json", ContentFamily::Other}, // parameters do not count
         }) {
        EXPECT_EQ(classifyContentType(c.contentType), c.family) << c.contentType;
    }
}

TEST(ContentFamily, NamesRoundTrip) {
    for (int i = 0; i < kContentFamilyCount; ++i) {
        auto family = static_cast<ContentFamily>(i);
        EXPECT_EQ(contentFamilyFromString(toString(family)), family);
    }
    EXPECT_FALSE(contentFamilyFromString("JSON")); // the parser lowercases first
}

} // namespace
} // namespace flowscope::view
