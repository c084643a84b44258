// The filter language: every term kind, negation, quoting, combinations, error messages
// with their columns, canonical text, and robustness on random input.
#include "view/filter_parser.hpp"

#include <gmock/gmock.h>
#include <random>

namespace flowscope::view {
namespace {

// The single term of `text`; fails the test when it does not parse to exactly one.
FilterTerm onlyTerm(std::string_view text) {
    ParsedFilter parsed = parseFilter(text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.error ? parsed.error->message : "");
    EXPECT_EQ(parsed.expression.terms.size(), 1u) << text;
    return parsed.expression.terms.empty() ? FilterTerm{} : parsed.expression.terms.front();
}

Predicate predicateOf(std::string_view text) {
    return onlyTerm(text).predicate;
}

FilterError errorOf(std::string_view text) {
    ParsedFilter parsed = parseFilter(text);
    EXPECT_FALSE(parsed.ok()) << text;
    EXPECT_TRUE(parsed.expression.empty()) << text;
    return parsed.error.value_or(FilterError{});
}

RangeMatch range(NumberField field, std::int64_t min, std::int64_t max) {
    return RangeMatch{field, min, max};
}

TEST(FilterParser, EmptyAndBlankTextMatchEverything) {
    EXPECT_TRUE(parseFilter("").ok());
    EXPECT_TRUE(parseFilter("").expression.empty());
    EXPECT_TRUE(parseFilter(" \t\n ").expression.empty());
}

TEST(FilterParser, PlainTextIsALowercasedUrlSubstring) {
    EXPECT_EQ(predicateOf("Api/V1"), Predicate(TextMatch{TextField::Url, "api/v1", false}));
    // Bare text never globs: `*` is searched for literally.
    EXPECT_EQ(predicateOf("a*b"), Predicate(TextMatch{TextField::Url, "a*b", false}));
    // A pasted URL stays text although it has a colon.
    EXPECT_EQ(predicateOf("https://Example.com/x"),
              Predicate(TextMatch{TextField::Url, "https://example.com/x", false}));
}

TEST(FilterParser, HostPathUrlAndErrorAreSubstringsOrGlobs) {
    EXPECT_EQ(predicateOf("host:Example.COM"), Predicate(TextMatch{TextField::Host, "example.com", false}));
    EXPECT_EQ(predicateOf("host:*.example.com"), Predicate(TextMatch{TextField::Host, "*.example.com", true}));
    EXPECT_EQ(predicateOf("host:api?.test"), Predicate(TextMatch{TextField::Host, "api?.test", true}));
    EXPECT_EQ(predicateOf("path:/Users"), Predicate(TextMatch{TextField::Path, "/users", false}));
    EXPECT_EQ(predicateOf("url:*/img/*.png"), Predicate(TextMatch{TextField::Url, "*/img/*.png", true}));
    EXPECT_EQ(predicateOf("error:upstream_timeout"),
              Predicate(TextMatch{TextField::ErrorKind, "upstream_timeout", false}));
    EXPECT_EQ(predicateOf("HOST:a"), Predicate(TextMatch{TextField::Host, "a", false})); // field names ignore case
}

TEST(FilterParser, MethodSchemeTypeKind) {
    EXPECT_EQ(predicateOf("method:post"), Predicate(MethodIs{"POST"}));
    EXPECT_EQ(predicateOf("scheme:HTTPS"), Predicate(SchemeIs{"https"}));
    EXPECT_EQ(predicateOf("type:json"), Predicate(TypeIs::of({ContentFamily::Json})));
    EXPECT_EQ(predicateOf("type:JS"), Predicate(TypeIs::of({ContentFamily::Js})));
    for (std::string_view name : {"json", "html", "js", "css", "image", "xml", "text", "font", "media", "other"}) {
        ParsedFilter parsed = parseFilter("type:" + std::string(name));
        ASSERT_TRUE(parsed.ok()) << name;
        const std::optional<ContentFamily> family = contentFamilyFromString(name);
        ASSERT_TRUE(family);
        EXPECT_EQ(std::get<TypeIs>(parsed.expression.terms[0].predicate), TypeIs::of({*family})) << name;
    }
    // A comma-separated list means any of them; a bad name is reported where it stands.
    EXPECT_EQ(predicateOf("type:js,CSS"), Predicate(TypeIs::of({ContentFamily::Js, ContentFamily::Css})));
    const ParsedFilter bad = parseFilter("type:js,cs");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error->column, 9);
    EXPECT_NE(bad.error->message.find("unknown type 'cs'"), std::string::npos) << bad.error->message;
    EXPECT_EQ(predicateOf("kind:http"), Predicate(KindIs{store::FlowKind::Http}));
    EXPECT_EQ(predicateOf("kind:tunnel"), Predicate(KindIs{store::FlowKind::Tunnel}));
    EXPECT_EQ(predicateOf("kind:websocket"), Predicate(KindIs{store::FlowKind::WebSocket}));
    EXPECT_EQ(predicateOf("kind:ws"), Predicate(KindIs{store::FlowKind::WebSocket}));
}

TEST(FilterParser, ErrorFlags) {
    EXPECT_EQ(predicateOf("error"), Predicate(HasError{}));
    EXPECT_EQ(predicateOf("ERROR"), Predicate(HasError{}));
    EXPECT_EQ(predicateOf("is:error"), Predicate(HasError{}));
    // Quoted, it is text to look for in URLs.
    EXPECT_EQ(predicateOf("\"error\""), Predicate(TextMatch{TextField::Url, "error", false}));
}

TEST(FilterParser, StatusForms) {
    const auto kMax = kRangeMax;
    EXPECT_EQ(predicateOf("status:404"), Predicate(range(NumberField::Status, 404, 404)));
    EXPECT_EQ(predicateOf("status:4xx"), Predicate(range(NumberField::Status, 400, 499)));
    EXPECT_EQ(predicateOf("status:5XX"), Predicate(range(NumberField::Status, 500, 599)));
    EXPECT_EQ(predicateOf("status:>=400"), Predicate(range(NumberField::Status, 400, kMax)));
    EXPECT_EQ(predicateOf("status:>400"), Predicate(range(NumberField::Status, 401, kMax)));
    EXPECT_EQ(predicateOf("status:=200"), Predicate(range(NumberField::Status, 200, 200)));
    // Comparisons downwards leave out "no response" (status 0); status:0 finds those.
    EXPECT_EQ(predicateOf("status:<400"), Predicate(range(NumberField::Status, 1, 399)));
    EXPECT_EQ(predicateOf("status:<=399"), Predicate(range(NumberField::Status, 1, 399)));
    EXPECT_EQ(predicateOf("status:0"), Predicate(range(NumberField::Status, 0, 0)));
    EXPECT_EQ(predicateOf("status:500-599"), Predicate(range(NumberField::Status, 500, 599)));
}

TEST(FilterParser, SizeUnitsArePowersOf1024) {
    const auto kMax = kRangeMax;
    EXPECT_EQ(predicateOf("size:>100k"), Predicate(range(NumberField::ResponseSize, 100 * 1024 + 1, kMax)));
    EXPECT_EQ(predicateOf("size:<1m"), Predicate(range(NumberField::ResponseSize, 0, 1024 * 1024 - 1)));
    EXPECT_EQ(predicateOf("size:10k-2m"), Predicate(range(NumberField::ResponseSize, 10 * 1024, 2 * 1024 * 1024)));
    EXPECT_EQ(predicateOf("size:>=1g"), Predicate(range(NumberField::ResponseSize, 1LL << 30, kMax)));
    EXPECT_EQ(predicateOf("size:512"), Predicate(range(NumberField::ResponseSize, 512, 512)));
    EXPECT_EQ(predicateOf("size:512b"), Predicate(range(NumberField::ResponseSize, 512, 512)));
    EXPECT_EQ(predicateOf("size:1.5KB"), Predicate(range(NumberField::ResponseSize, 1536, 1536)));
    EXPECT_EQ(predicateOf("size:2MiB"), Predicate(range(NumberField::ResponseSize, 2 << 20, 2 << 20)));
}

TEST(FilterParser, DurationUnits) {
    const auto kMax = kRangeMax;
    EXPECT_EQ(predicateOf("duration:>500ms"), Predicate(range(NumberField::Duration, 500'001, kMax)));
    EXPECT_EQ(predicateOf("duration:>2s"), Predicate(range(NumberField::Duration, 2'000'001, kMax)));
    EXPECT_EQ(predicateOf("duration:<=250us"), Predicate(range(NumberField::Duration, 0, 250)));
    EXPECT_EQ(predicateOf("duration:>=1.5s"), Predicate(range(NumberField::Duration, 1'500'000, kMax)));
    EXPECT_EQ(predicateOf("duration:100-200"), Predicate(range(NumberField::Duration, 100'000, 200'000))); // bare = ms
    EXPECT_EQ(predicateOf("duration:>1m"), Predicate(range(NumberField::Duration, 60'000'001, kMax)));
    EXPECT_EQ(predicateOf("duration:>=1h"), Predicate(range(NumberField::Duration, 3'600'000'000, kMax)));
}

TEST(FilterParser, NegationAndColumns) {
    FilterTerm term = onlyTerm("  -status:4xx");
    EXPECT_TRUE(term.negated);
    EXPECT_EQ(term.column, 3);
    EXPECT_TRUE(onlyTerm("-error").negated);
    EXPECT_TRUE(onlyTerm("-\"a b\"").negated);
    // "--x" negates the text "-x".
    EXPECT_EQ(onlyTerm("--x").predicate, Predicate(TextMatch{TextField::Url, "-x", false}));
    // Quoted, a leading '-' is text.
    FilterTerm literal = onlyTerm("\"-x\"");
    EXPECT_FALSE(literal.negated);
    EXPECT_EQ(literal.predicate, Predicate(TextMatch{TextField::Url, "-x", false}));
}

TEST(FilterParser, Quoting) {
    EXPECT_EQ(predicateOf("\"hello world\""), Predicate(TextMatch{TextField::Url, "hello world", false}));
    EXPECT_EQ(predicateOf("host:\"My Host\""), Predicate(TextMatch{TextField::Host, "my host", false}));
    EXPECT_EQ(predicateOf(R"("say \"hi\" \\ now")"), Predicate(TextMatch{TextField::Url, R"(say "hi" \ now)", false}));
    EXPECT_EQ(predicateOf(R"(a"b c"d)"), Predicate(TextMatch{TextField::Url, "ab cd", false}));
    // A quoted field is text, not a field.
    EXPECT_EQ(predicateOf("\"host:x\""), Predicate(TextMatch{TextField::Url, "host:x", false}));
    EXPECT_EQ(predicateOf("\"localhost:8080\""), Predicate(TextMatch{TextField::Url, "localhost:8080", false}));
    // An empty quoted value is allowed and matches everything.
    EXPECT_EQ(predicateOf("host:\"\""), Predicate(TextMatch{TextField::Host, "", false}));
    EXPECT_EQ(predicateOf("\"\""), Predicate(TextMatch{TextField::Url, "", false}));
    // Other backslashes stay.
    EXPECT_EQ(predicateOf(R"("a\nb")"), Predicate(TextMatch{TextField::Url, R"(a\nb)", false}));
}

TEST(FilterParser, CombinationsAreAndedInOrder) {
    ParsedFilter parsed = parseFilter("host:api  -status:2xx\ttype:json \"slow path\" size:>1m error");
    ASSERT_TRUE(parsed.ok());
    const auto& terms = parsed.expression.terms;
    ASSERT_EQ(terms.size(), 6u);
    EXPECT_EQ(terms[0].predicate, Predicate(TextMatch{TextField::Host, "api", false}));
    EXPECT_EQ(terms[0].column, 1);
    EXPECT_TRUE(terms[1].negated);
    EXPECT_EQ(terms[1].column, 11);
    EXPECT_EQ(terms[1].predicate, Predicate(range(NumberField::Status, 200, 299)));
    EXPECT_EQ(terms[2].predicate, Predicate(TypeIs::of({ContentFamily::Json})));
    EXPECT_EQ(terms[3].predicate, Predicate(TextMatch{TextField::Url, "slow path", false}));
    EXPECT_EQ(terms[4].predicate, Predicate(range(NumberField::ResponseSize, (1 << 20) + 1, kRangeMax)));
    EXPECT_EQ(terms[5].predicate, Predicate(HasError{}));
}

TEST(FilterParser, ErrorMessagesNameTheProblemAndColumn) {
    FilterError unknown = errorOf("sttus:404");
    EXPECT_THAT(unknown.message, ::testing::StartsWith("unknown field 'sttus' at 1"));
    EXPECT_EQ(unknown.column, 1);
    EXPECT_THAT(errorOf("host:a sttus:404").message, ::testing::StartsWith("unknown field 'sttus' at 8"));
    EXPECT_THAT(errorOf("host:a -sttus:404").message, ::testing::StartsWith("unknown field 'sttus' at 8"));
    EXPECT_THAT(
        errorOf("localhost:8080").message,
        ::testing::AllOf(::testing::StartsWith("unknown field 'localhost' at 1"), ::testing::HasSubstr("quotes")));

    FilterError status = errorOf("host:a status:4yx");
    EXPECT_EQ(status.message, "invalid status '4yx' at 15");
    EXPECT_EQ(status.column, 15);
    EXPECT_EQ(errorOf("status:1000").message, "invalid status '1000' at 8");
    EXPECT_EQ(errorOf("status:>").message, "invalid status '>' at 8");
    EXPECT_EQ(errorOf("status:>4-5").message, "invalid status '>4-5' at 8");
    EXPECT_EQ(errorOf("status:599-500").message, "invalid status '599-500' at 8 (empty range)");
    EXPECT_EQ(errorOf("status:<1").message, "invalid status '<1' at 8 (matches nothing)");
    EXPECT_THAT(errorOf("size:10q").message, ::testing::StartsWith("invalid size '10q' at 6 ("));
    EXPECT_THAT(errorOf("size:1.k").message, ::testing::StartsWith("invalid size '1.k' at 6"));
    EXPECT_THAT(errorOf("size:99999999999g").message, ::testing::StartsWith("invalid size '99999999999g' at 6"));
    EXPECT_THAT(errorOf("duration:>fast").message, ::testing::StartsWith("invalid duration '>fast' at 10"));
    EXPECT_THAT(errorOf("type:jsn").message, ::testing::StartsWith("unknown type 'jsn' at 6"));
    EXPECT_THAT(errorOf("kind:udp").message, ::testing::StartsWith("unknown kind 'udp' at 6"));
    EXPECT_THAT(errorOf("is:slow").message, ::testing::StartsWith("unknown value 'slow' for 'is:' at 4"));
    EXPECT_EQ(errorOf("method:\"GE T\"").message, "invalid method 'GE T' at 8");
    EXPECT_EQ(errorOf("scheme:ht/tp").message, "invalid scheme 'ht/tp' at 8");
    EXPECT_EQ(errorOf("host:").message, "missing value after 'host:' at 6");
    EXPECT_EQ(errorOf("a - b").message, "'-' without a term at 3");
    EXPECT_EQ(errorOf("a -").message, "'-' without a term at 3");

    FilterError quote = errorOf("host:a \"unterminated");
    EXPECT_EQ(quote.message, "unterminated quote at 8");
    EXPECT_EQ(quote.column, 8);
}

TEST(FilterParser, ColumnsCountCharactersNotBytes) {
    // "café" is five bytes, four characters.
    EXPECT_EQ(errorOf("café sttus:1").column, 6);
    EXPECT_EQ(errorOf("\xE2\x98\x95 status:x").message, "invalid status 'x' at 10");
}

TEST(FilterParser, CanonicalTextParsesBackToTheSameFilter) {
    for (std::string_view text :
         {"host:api -status:2xx type:json \"slow path\" size:>1m error", "status:<400 duration:100ms-2s kind:ws",
          "url:*.png -error:upstream_* scheme:https method:post path:\"/a\\\"b\"", "status:0 size:<=0 duration:>=0",
          "\"quote \\\" and \\\\ backslash\" -is:error", "status:0-399 size:5 duration:7us"}) {
        ParsedFilter first = parseFilter(text);
        ASSERT_TRUE(first.ok()) << text;
        std::string canonical = toString(first.expression);
        ParsedFilter second = parseFilter(canonical);
        ASSERT_TRUE(second.ok()) << canonical << ": " << second.error->message;
        EXPECT_TRUE(sameFilter(first.expression, second.expression)) << text << " -> " << canonical;
        EXPECT_EQ(toString(second.expression), canonical);
    }
}

TEST(FilterParser, SameFilterIgnoresColumns) {
    EXPECT_TRUE(sameFilter(parseFilter("host:a  status:404").expression, parseFilter(" host:a status:404").expression));
    EXPECT_FALSE(sameFilter(parseFilter("host:a").expression, parseFilter("-host:a").expression));
    EXPECT_FALSE(sameFilter(parseFilter("host:a").expression, parseFilter("host:a host:a").expression));
}

// Random bytes and random token soup: never a crash, a hang or an error without a
// column inside the text; whatever parses survives the canonical round trip.
TEST(FilterParser, RandomInputIsHandled) {
    std::mt19937 rng(20240611);
    const std::vector<std::string> pieces = {
        "host:", "status:", "size:", "duration:", "type:",   "kind:",   "is:",   "error", "-", "\"", "\\", ":",
        "*",     "?",       "4xx",   ">=",        "<",       "1k",      "-",     "json",  " ", "\t", "x",  "é",
        "\xff",  "500-599", "ms",    "\"a b\"",   "method:", "scheme:", "path:", "url:",  "0", ".",  "[",  "]"};
    for (int round = 0; round < 20'000; ++round) {
        std::string text;
        const int length = static_cast<int>(rng() % 12);
        for (int i = 0; i < length; ++i) {
            if (rng() % 4 == 0) {
                text += static_cast<char>(rng() & 0xFF);
            } else {
                text += pieces[rng() % pieces.size()];
            }
        }
        ParsedFilter parsed = parseFilter(text);
        if (!parsed.ok()) {
            EXPECT_GE(parsed.error->column, 1) << text;
            EXPECT_LE(parsed.error->column, static_cast<int>(text.size()) + 1) << text;
            EXPECT_FALSE(parsed.error->message.empty());
            continue;
        }
        std::string canonical = toString(parsed.expression);
        ParsedFilter again = parseFilter(canonical);
        ASSERT_TRUE(again.ok()) << "'" << text << "' -> '" << canonical << "'";
        EXPECT_TRUE(sameFilter(parsed.expression, again.expression)) << text;
    }
}

TEST(FilterParser, LongInputParsesInLinearTime) {
    std::string text;
    for (int i = 0; i < 100'000; ++i) {
        text += "host:a ";
    }
    text += "sttus:1";
    FilterError error = errorOf(text);
    EXPECT_EQ(error.column, 700'001);
}

} // namespace
} // namespace flowscope::view
