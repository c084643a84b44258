// Request heads a proxy must refuse: anything another implementation could read
// differently (RFC 9112 §2.2, §3, §5, §6.1, §6.3; RFC 9110 §8.6). Every case here is
// detected by parseHead(), before a byte of the message is forwarded.

#include "parser_test_support.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <string>

namespace flowscope::http::test {
namespace {

using namespace std::string_literals; // "\0" inside literals needs the s suffix

struct HostileCase {
    const char* name;
    std::string wire;
};

void PrintTo(const HostileCase& c, std::ostream* os) {
    *os << c.name;
}

std::string withHost(const std::string& fields) {
    return "GET / HTTP/1.1\r\nHost: example.com\r\n" + fields + "\r\n";
}

std::string postWith(const std::string& fields) {
    return "POST /upload HTTP/1.1\r\nHost: example.com\r\n" + fields + "\r\n";
}

class HostileRequestHead : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileRequestHead, IsRefusedAtTheHead) {
    const HostileCase& c = GetParam();
    RequestParser parser;
    const HeadResult head = parser.parseHead(c.wire);
    EXPECT_EQ(head.state, HeadResult::State::Invalid) << c.name;
    EXPECT_EQ(head.consumed, 0u);
    EXPECT_FALSE(parser.error().empty()) << c.name;
}

TEST_P(HostileRequestHead, IsRefusedWhenTrickledByteByByte) {
    const HostileCase& c = GetParam();
    RequestParser parser;
    // Byte by byte for ordinary heads; the limit cases in 512-byte reads to keep the test quick.
    const ParseOutcome outcome = parseMessagePieces(parser, splitEvery(c.wire, c.wire.size() > 8192 ? 512 : 1));
    EXPECT_EQ(outcome.stage, Stage::Head) << c.name;
    EXPECT_FALSE(outcome.error.empty()) << c.name;
}

const HostileCase kStartLineCases[] = {
    {"SpaceInMethod", "GE T / HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"AtSignInMethod", "G@T / HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"EmptyMethod", " / HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"ControlCharInTarget", "GET /a\x01z HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"TabInTarget", "GET /a\tb HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"SpaceInTarget", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"DelInTarget", "GET /a\x7f HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"ObsTextInTarget", "GET /caf\xC3\xA9 HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"EmptyTarget", "GET  HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"DoubleSpace", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"Version12", "GET / HTTP/1.2\r\nHost: h\r\n\r\n"},
    {"Version20", "GET / HTTP/2.0\r\nHost: h\r\n\r\n"},
    {"Version09", "GET / HTTP/0.9\r\nHost: h\r\n\r\n"},
    {"LowerCaseVersion", "GET / http/1.1\r\nHost: h\r\n\r\n"},
    {"MissingVersion", "GET /\r\nHost: h\r\n\r\n"},
    {"TrailingSpaceAfterVersion", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n"},
    {"NulInRequestLine", "GET /\0x HTTP/1.1\r\nHost: h\r\n\r\n"s},
    {"LeadingSpaceBeforeMethod", " GET / HTTP/1.1\r\nHost: h\r\n\r\n"},
    {"BinaryGarbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"s},
};
INSTANTIATE_TEST_SUITE_P(StartLine, HostileRequestHead, ::testing::ValuesIn(kStartLineCases),
                         [](const auto& info) { return std::string(info.param.name); });

const HostileCase kFieldSyntaxCases[] = {
    {"SpaceBeforeColon", withHost("X-A : x\r\n")},
    {"HostWithSpaceBeforeColon", "GET / HTTP/1.1\r\nHost : example.com\r\n\r\n"},
    {"TabBeforeColon", withHost("X-A\t: x\r\n")},
    {"SpaceInsideName", withHost("X A: x\r\n")},
    {"EmptyName", withHost(": x\r\n")},
    {"NoColon", withHost("NoColonHere\r\n")},
    {"SeparatorInName", withHost("X(A): x\r\n")},
    {"QuoteInName", withHost("X\"A: x\r\n")},
    {"ObsTextInName", withHost("X\xC3\xA9: x\r\n")},
    {"ObsFoldWithSpace", withHost("X-A: first\r\n second\r\n")},
    {"ObsFoldWithTab", withHost("X-A: first\r\n\tsecond\r\n")},
    {"FirstFieldFolded", "GET / HTTP/1.1\r\n Host: example.com\r\n\r\n"},
    {"BareCrInValue", withHost("X-A: a\rb\r\n")},
    {"BareCrBeforeCrlf", withHost("X-A: a\r\r\n")},
    {"BareCrAsLineEnd", "GET / HTTP/1.1\rHost: h\r\n\r\n"},
    {"BareLfLineEnding", "GET / HTTP/1.1\nHost: h\n\n"},
    {"BareLfAfterField", withHost("X-A: a\n")},
    {"BareLfEmptyLine", "GET / HTTP/1.1\r\nHost: h\r\n\n"},
    {"NulInValue", withHost("X-A: a\0b\r\n"s)},
    {"NulInName", withHost("X-\0A: b\r\n"s)},
    {"DelInValue", withHost("X-A: a\x7f\r\n")},
    {"ControlCharInValue", withHost("X-A: \x01\r\n")},
    {"EscapeInValue", withHost("X-A: \x1b[31mred\r\n")},
    {"VerticalTabInValue", withHost("X-A: a\vb\r\n")},
    {"FormFeedInValue", withHost("X-A: a\fb\r\n")},
};
INSTANTIATE_TEST_SUITE_P(FieldSyntax, HostileRequestHead, ::testing::ValuesIn(kFieldSyntaxCases),
                         [](const auto& info) { return std::string(info.param.name); });

const HostileCase kFramingCases[] = {
    {"ContentLengthThenTransferEncoding", postWith("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")},
    {"TransferEncodingThenContentLength", postWith("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n")},
    {"GzipTransferEncodingWithContentLength", postWith("Transfer-Encoding: gzip\r\nContent-Length: 5\r\n")},
    {"ContentLengthWithGzipTransferEncoding", postWith("Content-Length: 5\r\nTransfer-Encoding: gzip\r\n")},
    {"GzipTransferEncodingAlone", postWith("Transfer-Encoding: gzip\r\n")},
    {"ChunkedNotLast", postWith("Transfer-Encoding: chunked, gzip\r\n")},
    {"ChunkedTwiceInOneField", postWith("Transfer-Encoding: chunked, chunked\r\n")},
    {"ChunkedTwiceInTwoFields", postWith("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n")},
    {"ChunkedThenGzipField", postWith("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n")},
    {"ChunkedLookalike", postWith("Transfer-Encoding: xchunked\r\n")},
    {"ChunkedWithParameter", postWith("Transfer-Encoding: chunked;q=1\r\n")},
    {"EmptyTransferEncoding", postWith("Transfer-Encoding: \r\n")},
    {"TransferEncodingInHttp10", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"},
    {"TwoDifferentContentLengths", postWith("Content-Length: 5\r\nContent-Length: 6\r\n")},
    {"DifferentContentLengthsInOneField", postWith("Content-Length: 5, 6\r\n")},
    {"NegativeContentLength", postWith("Content-Length: -1\r\n")},
    {"PlusSignContentLength", postWith("Content-Length: +5\r\n")},
    {"HexContentLength", postWith("Content-Length: 0x10\r\n")},
    {"SpaceInsideContentLength", postWith("Content-Length: 1 2\r\n")},
    {"OverflowingContentLength", postWith("Content-Length: 99999999999999999999\r\n")},
    {"EmptyContentLength", postWith("Content-Length: \r\n")},
    {"TrailingCommaContentLength", postWith("Content-Length: 5,\r\n")},
    {"AlphaContentLength", postWith("Content-Length: five\r\n")},
    {"DecimalPointContentLength", postWith("Content-Length: 5.0\r\n")},
};
INSTANTIATE_TEST_SUITE_P(Framing, HostileRequestHead, ::testing::ValuesIn(kFramingCases),
                         [](const auto& info) { return std::string(info.param.name); });

const HostileCase kHostCases[] = {
    {"TwoHostHeaders", "GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n"},
    {"TwoHostHeadersDifferentCase", "GET / HTTP/1.1\r\nhost: a.example\r\nHOST: a.example\r\n\r\n"},
    {"Http11WithoutHost", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"},
    {"Http11WithoutAnyField", "GET / HTTP/1.1\r\n\r\n"},
};
INSTANTIATE_TEST_SUITE_P(Host, HostileRequestHead, ::testing::ValuesIn(kHostCases),
                         [](const auto& info) { return std::string(info.param.name); });

std::string tooManyFields() {
    std::string wire = "GET / HTTP/1.1\r\nHost: h\r\n";
    for (int i = 1; i <= 1000; ++i)
        wire += "X-" + std::to_string(i) + ": v\r\n";
    return wire + "\r\n"; // 1001 fields
}
const HostileCase kLimitCases[] = {
    {"ThousandAndOneFields", tooManyFields()},
    {"HeadOver64KiB", withHost("X-Big: " + std::string(64 * 1024, 'a') + "\r\n")},
};
INSTANTIATE_TEST_SUITE_P(Limits, HostileRequestHead, ::testing::ValuesIn(kLimitCases),
                         [](const auto& info) { return std::string(info.param.name); });

// --- detection as the bytes arrive ----------------------------------------------------

TEST(HostileRequestHeadEarly, OversizedHeadIsRefusedWithoutItsLineEnd) {
    // A client that never sends CRLF must not make the proxy buffer without bound.
    RequestParser parser;
    std::string buffer = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: ";
    const std::size_t limit = HeadLimits{}.maxHeadBytes;
    HeadResult head;
    while (buffer.size() <= limit + 1) {
        buffer.append(1024, 'a');
        head = parser.parseHead(buffer);
        if (head.state != HeadResult::State::NeedMore)
            break;
    }
    EXPECT_EQ(head.state, HeadResult::State::Invalid);
    EXPECT_LE(buffer.size(), limit + 1024);
    EXPECT_EQ(buffer.find('\n', 30), std::string::npos); // no line end was needed
    EXPECT_FALSE(parser.error().empty());
}

TEST(HostileRequestHeadEarly, OversizedRequestLineIsRefusedWithoutItsLineEnd) {
    RequestParser parser;
    const std::string buffer = "GET /" + std::string(HeadLimits{}.maxHeadBytes, 'a');
    EXPECT_EQ(parser.parseHead(buffer).state, HeadResult::State::Invalid);
}

TEST(HostileRequestHeadEarly, ManySmallLinesOverTheLimitAreRefusedBeforeTheEnd) {
    std::string buffer = "GET / HTTP/1.1\r\nHost: h\r\n";
    const HeadLimits limits{4096, 100000};
    RequestParser parser(limits);
    while (buffer.size() < 5000)
        buffer += "X-Filler: 0123456789\r\n";
    EXPECT_EQ(parser.parseHead(buffer).state, HeadResult::State::Invalid);
}

TEST(HostileRequestHeadEarly, NulIsRefusedTheMomentItArrives) {
    RequestParser parser;
    EXPECT_EQ(parser.parseHead("GET / HTTP/1.1\r\nHost: h\r\nX-A: abc").state, HeadResult::State::NeedMore);
    EXPECT_EQ(parser.parseHead("GET / HTTP/1.1\r\nHost: h\r\nX-A: abc\0"s).state, HeadResult::State::Invalid);
}

TEST(HostileRequestHeadEarly, BareCrIsRefusedOnTheNextByte) {
    RequestParser parser;
    EXPECT_EQ(parser.parseHead("GET / HTTP/1.1\r\nHost: h\r\nX-A: abc\r").state, HeadResult::State::NeedMore);
    EXPECT_EQ(parser.parseHead("GET / HTTP/1.1\r\nHost: h\r\nX-A: abc\rd").state, HeadResult::State::Invalid);
}

TEST(HostileRequestHeadEarly, InvalidStateIsSticky) {
    RequestParser parser;
    ASSERT_EQ(parser.parseHead("GET / HTTP/1.1\r\nX A: b\r\n").state, HeadResult::State::Invalid);
    const std::string error = parser.error();
    EXPECT_EQ(parser.parseHead("GET / HTTP/1.1\r\nX A: b\r\nHost: h\r\n\r\n").state, HeadResult::State::Invalid);
    CollectingSink sink;
    const BodyResult body = parser.parseBody("abc", sink);
    EXPECT_TRUE(body.invalid);
    EXPECT_EQ(body.consumed, 0u);
    EXPECT_EQ(parser.error(), error);
    EXPECT_TRUE(sink.data().empty());
}

TEST(HostileRequestHeadEarly, SlowTrickleOfALongLineStaysLinear) {
    // Regression (fixed): HeadScanner::scan (head_scanner.cpp) restarts both buffer.find('\n', m_lineStart)
    // and the NUL/bare-CR loop at the start of the current, unfinished line on every call, so
    // a client trickling one long header line one byte per read costs O(n^2): ~2^31 byte
    // checks for a 64 KiB line, about 1 s of CPU per connection measured here (8 KiB: 10 ms,
    // 16 KiB: 46 ms, 32 KiB: 280 ms, 64 KiB: 950 ms). head_scanner.hpp promises O(n). A
    // linear scanner does this in a few milliseconds; the bound below is generous.
    RequestParser parser;
    std::string buffer = "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: ";
    const std::size_t target = HeadLimits{}.maxHeadBytes - 64;
    const auto start = std::chrono::steady_clock::now();
    while (buffer.size() < target) {
        buffer.push_back('a');
        ASSERT_EQ(parser.parseHead(buffer).state, HeadResult::State::NeedMore);
    }
    buffer += "\r\n\r\n";
    EXPECT_EQ(parser.parseHead(buffer).state, HeadResult::State::Complete) << parser.error();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::milliseconds(250))
        << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
}

// --- identical repeated Content-Length (RFC 9110 §8.6) --------------------------------

TEST(RepeatedContentLength, IdenticalValuesAreAcceptedAsOne) {
    // RFC 9110 §8.6 lets a recipient accept a list of identical values as that one value;
    // Beast does, and every hop agrees on the length, so nothing can be smuggled.
    for (const std::string fields : {"Content-Length: 5\r\nContent-Length: 5\r\n", "Content-Length: 5, 5\r\n",
                                     "Content-Length: 5,5\r\nContent-Length: 5\r\n"}) {
        RequestParser parser;
        const std::string wire = postWith(fields) + "hello";
        const ParseOutcome outcome = parseMessage(parser, wire);
        ASSERT_EQ(outcome.stage, Stage::Done) << fields << outcome.error;
        EXPECT_EQ(parser.contentLength(), 5u);
        EXPECT_EQ(outcome.body, "hello");
        EXPECT_EQ(outcome.consumed, wire.size());
    }
}

TEST(RepeatedContentLength, TheRepeatedFieldsAreForwardedAsReceived) {
    // Both fields stay in the head; a forwarder that collapses them must do so explicitly.
    RequestParser parser;
    ASSERT_EQ(parser.parseHead(postWith("Content-Length: 5\r\nContent-Length: 5\r\n")).state,
              HeadResult::State::Complete);
    EXPECT_EQ(parser.head().headers.countOf("Content-Length"), 2u);
}

} // namespace
} // namespace flowscope::http::test
