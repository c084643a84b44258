// The header list encoding: readable JSON for UTF-8, exact bytes for everything else.
#include "store/flow_store.hpp"
#include "store/header_json.hpp"
#include "store_test_support.hpp"

#include <nlohmann/json.hpp>

namespace flowscope::store::test {
namespace {

std::string encode(const HeaderList& headers) {
    std::string out;
    encodeHeaders(headers, out);
    return out;
}

TEST(HeaderJsonTest, WritesPairsInWireOrder) {
    HeaderList headers{{"Host", "a.test"}, {"X-Dup", "1"}, {"x-dup", "2"}, {"Quote", "say \"hi\" \\ \t\n"}};
    std::string json = encode(headers);
    EXPECT_EQ(json.substr(0, 32), R"([["Host","a.test"],["X-Dup","1"])");
    EXPECT_TRUE(nlohmann::json::accept(json));
    EXPECT_EQ(decodeHeaders(json), headers);
    EXPECT_EQ(encode({}), "[]");
    EXPECT_TRUE(decodeHeaders("[]").empty());
}

TEST(HeaderJsonTest, PlainAndEscapedFieldsSideBySide) {
    // Printable ASCII goes in as it is; a tab, a quote, a backslash or DEL take the
    // escaping path. Both must give the same JSON a strict parser reads back exactly.
    HeaderList headers{{"Accept", "text/html,*/*;q=0.8"}, {"X-Tab", "a\tb"},     {"X-Quote", "\"q\""},
                       {"X-Slash", "a\\b"},              {"X-Del", "a\x7f"},      {"X-Space", " lead and trail "}};
    const std::string json = encode(headers);
    EXPECT_EQ(json, R"([["Accept","text/html,*/*;q=0.8"],["X-Tab","a\u0009b"],["X-Quote","\"q\""],)"
                    R"(["X-Slash","a\\b"],["X-Del","a)"
                    "\x7f"
                    R"("],["X-Space"," lead and trail "]])");
    EXPECT_TRUE(nlohmann::json::accept(json));
    EXPECT_EQ(decodeHeaders(json), headers);
}

TEST(HeaderJsonTest, KeepsUnicodeReadable) {
    HeaderList headers{{"X-Name", "J\xC3\xBCrgen \xE2\x9C\x93 \xF0\x9F\x98\x80"}};
    std::string json = encode(headers);
    EXPECT_EQ(json, "[[\"X-Name\",\"J\xC3\xBCrgen \xE2\x9C\x93 \xF0\x9F\x98\x80\"]]");
    EXPECT_EQ(decodeHeaders(json), headers);
}

TEST(HeaderJsonTest, KeepsBytesThatAreNotUtf8) {
    HeaderList headers{{"X-Latin1", "caf\xE9"},         // ISO-8859-1 obs-text
                       {"X-Overlong", "\xC0\xAF"},      // overlong '/'
                       {"X-Surrogate", "\xED\xA0\x80"}, // UTF-16 surrogate
                       {"X-Cut", "\xE2\x9C"},           // truncated sequence
                       {std::string("X-Nul\0", 6), std::string("a\0b", 3)},
                       {"X-Fine", "ok"}};
    std::string json = encode(headers);
    EXPECT_TRUE(nlohmann::json::accept(json)) << json;
    EXPECT_NE(json.find(R"(["X-Latin1","café","latin1"])"), std::string::npos) << json;
    EXPECT_NE(json.find(R"(["X-Fine","ok"])"), std::string::npos) << json;
    EXPECT_EQ(decodeHeaders(json), headers);
}

TEST(HeaderJsonTest, RoundTripsRandomBytes) {
    for (unsigned seed = 0; seed < 300; ++seed) {
        HeaderList headers{{randomBytes(seed % 13, seed), randomBytes(seed % 61, seed + 1000)}};
        std::string json = encode(headers);
        ASSERT_TRUE(nlohmann::json::accept(json)) << "seed " << seed;
        ASSERT_EQ(decodeHeaders(json), headers) << "seed " << seed;
    }
}

TEST(HeaderJsonTest, RejectsMalformedText) {
    for (const char* bad : {"", "{}", "[1]", "[[\"a\"]]", "[[\"a\",1]]", "[[\"a\",\"b\",\"rot13\"]]", "[",
                            "[[\"a\",\"\xC5\x81\",\"latin1\"]]"}) {
        EXPECT_THROW(decodeHeaders(bad), StoreError) << bad;
    }
}

} // namespace
} // namespace flowscope::store::test
