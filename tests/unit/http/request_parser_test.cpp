// RequestParser on well-formed input: what the head looks like, how bodies are framed and
// delivered however the bytes are split, pipelining, connection semantics.

#include "parser_test_support.hpp"

#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

namespace flowscope::http::test {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields fieldsOf(const Headers& headers) {
    Fields out;
    for (const auto& field : headers)
        out.emplace_back(field.name, field.value);
    return out;
}

TEST(RequestParser, SimpleGet) {
    const std::string wire = "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n";
    RequestParser parser;
    const HeadResult head = parser.parseHead(wire);
    ASSERT_EQ(head.state, HeadResult::State::Complete) << parser.error();
    EXPECT_EQ(head.consumed, wire.size());
    EXPECT_TRUE(parser.headDone());
    EXPECT_TRUE(parser.done());
    EXPECT_EQ(parser.head().method, "GET");
    EXPECT_EQ(parser.head().target, "/index.html?q=1");
    EXPECT_EQ(parser.head().version, 11);
    EXPECT_EQ(fieldsOf(parser.head().headers), (Fields{{"Host", "example.com"}}));
    EXPECT_EQ(parser.framing(), BodyFraming::None);
    EXPECT_TRUE(parser.keepAlive());
    EXPECT_FALSE(parser.upgrade());
    EXPECT_TRUE(parser.error().empty());
}

TEST(RequestParser, HeadArrivingByteByByteCompletesOnlyAtTheLastByte) {
    const std::string wire = "GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n";
    RequestParser parser;
    for (std::size_t n = 1; n < wire.size(); ++n) {
        const HeadResult head = parser.parseHead(std::string_view(wire).substr(0, n));
        ASSERT_EQ(head.state, HeadResult::State::NeedMore) << "after " << n << " bytes: " << parser.error();
    }
    const HeadResult head = parser.parseHead(wire);
    ASSERT_EQ(head.state, HeadResult::State::Complete) << parser.error();
    EXPECT_EQ(head.consumed, wire.size());
    EXPECT_EQ(parser.head().headers.get("Accept"), "*/*");
}

TEST(RequestParser, HeadersKeepWireOrderOriginalCaseAndDuplicates) {
    const std::string wire = "GET / HTTP/1.1\r\n"
                             "host: example.com\r\n"
                             "X-UPPER: A\r\n"
                             "x-lower: b\r\n"
                             "Cookie: one=1\r\n"
                             "Accept: */*\r\n"
                             "Cookie: two=2\r\n"
                             "X-Padded:   spaced  value \t\r\n"
                             "X-Empty:\r\n"
                             "X-Utf8: caf\xC3\xA9\r\n"
                             "\r\n";
    RequestParser parser;
    ASSERT_EQ(parser.parseHead(wire).state, HeadResult::State::Complete) << parser.error();
    // Leading and trailing OWS is not part of the value (RFC 9112 §5); obs-text is kept.
    EXPECT_EQ(fieldsOf(parser.head().headers), (Fields{{"host", "example.com"},
                                                       {"X-UPPER", "A"},
                                                       {"x-lower", "b"},
                                                       {"Cookie", "one=1"},
                                                       {"Accept", "*/*"},
                                                       {"Cookie", "two=2"},
                                                       {"X-Padded", "spaced  value"},
                                                       {"X-Empty", ""},
                                                       {"X-Utf8", "caf\xC3\xA9"}}));
    EXPECT_EQ(parser.head().headers.get("HOST"), "example.com");
}

TEST(RequestParser, RequestTargetForms) {
    struct Case {
        std::string wire;
        std::string method;
        std::string target;
    };
    const std::vector<Case> cases = {
        {"GET http://Example.com:8080/a/b?c=d#frag HTTP/1.1\r\nHost: example.com:8080\r\n\r\n", "GET",
         "http://Example.com:8080/a/b?c=d#frag"},
        {"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", "CONNECT", "example.com:443"},
        {"CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n", "CONNECT", "[::1]:8443"},
        {"OPTIONS * HTTP/1.1\r\nHost: example.com\r\n\r\n", "OPTIONS", "*"},
        {"PURGE /cache HTTP/1.1\r\nHost: example.com\r\n\r\n", "PURGE", "/cache"}, // unknown methods are tokens
    };
    for (const auto& c : cases) {
        RequestParser parser;
        ASSERT_EQ(parser.parseHead(c.wire).state, HeadResult::State::Complete) << c.wire << parser.error();
        EXPECT_EQ(parser.head().method, c.method);
        EXPECT_EQ(parser.head().target, c.target);
    }
}

TEST(RequestParser, ContentLengthBodyFedOneByteAtATime) {
    const std::string body = "abcdefghijklmnopqrstuvwxyz";
    const std::string head = "POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 26\r\n\r\n";
    RequestParser parser;
    ASSERT_EQ(parser.parseHead(head).state, HeadResult::State::Complete) << parser.error();
    EXPECT_EQ(parser.framing(), BodyFraming::ContentLength);
    EXPECT_EQ(parser.contentLength(), 26u);
    EXPECT_FALSE(parser.done());
    CollectingSink sink;
    std::size_t consumed = 0;
    for (const char c : body) {
        const BodyResult result = parser.parseBody(std::string_view(&c, 1), sink);
        ASSERT_FALSE(result.invalid) << parser.error();
        consumed += result.consumed;
    }
    EXPECT_TRUE(parser.done());
    EXPECT_EQ(consumed, body.size());
    EXPECT_EQ(sink.data(), body);
    EXPECT_EQ(sink.calls(), body.size()); // streamed, not buffered until complete
}

TEST(RequestParser, ContentLengthBodySplitAtEveryBoundary) {
    const std::string wire = "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world";
    for (std::size_t cut = 1; cut < wire.size(); ++cut) {
        RequestParser parser;
        const std::string_view view(wire);
        const ParseOutcome outcome = parseMessagePieces(parser, {view.substr(0, cut), view.substr(cut)});
        ASSERT_EQ(outcome.stage, Stage::Done) << "cut " << cut << ": " << outcome.error;
        EXPECT_EQ(outcome.body, "hello world") << "cut " << cut;
        EXPECT_EQ(outcome.consumed, wire.size()) << "cut " << cut;
    }
}

TEST(RequestParser, ContentLengthBodyStopsAtItsLength) {
    RequestParser parser;
    const std::string wire = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET";
    const ParseOutcome outcome = parseMessage(parser, wire);
    ASSERT_EQ(outcome.stage, Stage::Done) << outcome.error;
    EXPECT_EQ(outcome.body, "abc");
    EXPECT_EQ(outcome.consumed, wire.size() - 3);
}

// Chunk extensions (token and quoted-string values) and trailer fields (RFC 9112 §7.1).
const std::string kChunkedHead = "POST /chunks HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n";
const std::string kChunkedBody = "4;ext=1\r\nWiki\r\n"
                                 "6;name=\"quoted;value\";flag\r\npedia \r\n"
                                 "E\r\nin \r\n\r\nchunks.\r\n"
                                 "0;last\r\nExpires: Wed, 21 Oct 2015 07:28:00 GMT\r\nX-Trailer: yes\r\n\r\n";
const std::string kChunkedDecoded = "Wikipedia in \r\n\r\nchunks.";

TEST(RequestParser, ChunkedBodyWithExtensionsAndTrailers) {
    RequestParser parser;
    const ParseOutcome outcome = parseMessage(parser, kChunkedHead + kChunkedBody);
    ASSERT_EQ(outcome.stage, Stage::Done) << outcome.error;
    EXPECT_EQ(outcome.body, kChunkedDecoded);
    EXPECT_EQ(outcome.consumed, kChunkedHead.size() + kChunkedBody.size());
    EXPECT_EQ(parser.framing(), BodyFraming::None); // done: nothing left to frame
    // Trailer fields are not merged into the head (they are not forwarded).
    EXPECT_FALSE(parser.head().headers.contains("X-Trailer"));
    EXPECT_FALSE(parser.head().headers.contains("Expires"));
}

TEST(RequestParser, ChunkedFramingReportedAfterHead) {
    RequestParser parser;
    ASSERT_EQ(parser.parseHead(kChunkedHead).state, HeadResult::State::Complete) << parser.error();
    EXPECT_EQ(parser.framing(), BodyFraming::Chunked);
    EXPECT_FALSE(parser.done());
}

TEST(RequestParser, ChunkedBodyFedOneByteAtATime) {
    RequestParser parser;
    const std::string wire = kChunkedHead + kChunkedBody;
    const ParseOutcome outcome = parseMessagePieces(parser, splitEvery(wire, 1));
    ASSERT_EQ(outcome.stage, Stage::Done) << outcome.error;
    EXPECT_EQ(outcome.body, kChunkedDecoded);
    EXPECT_EQ(outcome.consumed, wire.size());
}

TEST(RequestParser, ChunkedBodySplitAtEveryBoundary) {
    const std::string wire = kChunkedHead + kChunkedBody;
    const std::string_view view(wire);
    for (std::size_t cut = 1; cut < wire.size(); ++cut) {
        RequestParser parser;
        const ParseOutcome outcome = parseMessagePieces(parser, {view.substr(0, cut), view.substr(cut)});
        ASSERT_EQ(outcome.stage, Stage::Done) << "cut " << cut << ": " << outcome.error;
        EXPECT_EQ(outcome.body, kChunkedDecoded) << "cut " << cut;
        EXPECT_EQ(outcome.consumed, wire.size()) << "cut " << cut;
    }
}

TEST(RequestParser, ChunkedBodyInThreePiecesAtEveryPairOfBoundaries) {
    const std::string_view view(kChunkedBody);
    for (std::size_t a = 1; a < view.size(); ++a) {
        for (std::size_t b = a + 1; b < view.size(); ++b) {
            CollectingSink sink;
            RequestParser fresh;
            ASSERT_EQ(fresh.parseHead(kChunkedHead).state, HeadResult::State::Complete);
            std::string buffer;
            for (const auto piece : {view.substr(0, a), view.substr(a, b - a), view.substr(b)}) {
                buffer.append(piece);
                const BodyResult result = fresh.parseBody(buffer, sink);
                ASSERT_FALSE(result.invalid) << a << "," << b << ": " << fresh.error();
                buffer.erase(0, result.consumed);
            }
            ASSERT_TRUE(fresh.done()) << a << "," << b;
            EXPECT_TRUE(buffer.empty()) << a << "," << b;
            EXPECT_EQ(sink.data(), kChunkedDecoded) << a << "," << b;
        }
    }
}

TEST(RequestParser, ChunkedBodyStopsBeforeThePipelinedNextRequest) {
    RequestParser parser;
    const std::string next = "GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n";
    const ParseOutcome outcome = parseMessage(parser, kChunkedHead + kChunkedBody + next);
    ASSERT_EQ(outcome.stage, Stage::Done) << outcome.error;
    EXPECT_EQ(outcome.consumed, kChunkedHead.size() + kChunkedBody.size());
}

TEST(RequestParser, PipelinedRequestsInOneBuffer) {
    const std::string first = "POST /a HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello";
    const std::string second = "GET /b HTTP/1.1\r\nHost: example.com\r\n\r\n";
    const std::string third = "DELETE /c HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\n\r\n";
    const std::string all = first + second + third;
    std::string_view rest(all);
    RequestParser parser;

    const HeadResult head1 = parser.parseHead(rest);
    ASSERT_EQ(head1.state, HeadResult::State::Complete) << parser.error();
    EXPECT_EQ(head1.consumed, first.size() - 5);
    rest.remove_prefix(head1.consumed);
    CollectingSink sink;
    const BodyResult body1 = parser.parseBody(rest, sink);
    ASSERT_FALSE(body1.invalid) << parser.error();
    EXPECT_EQ(body1.consumed, 5u);
    EXPECT_TRUE(parser.done());
    EXPECT_EQ(sink.data(), "hello");
    rest.remove_prefix(body1.consumed);

    parser.reset();
    const HeadResult head2 = parser.parseHead(rest);
    ASSERT_EQ(head2.state, HeadResult::State::Complete) << parser.error();
    EXPECT_EQ(head2.consumed, second.size());
    EXPECT_EQ(parser.head().method, "GET");
    EXPECT_EQ(parser.head().target, "/b");
    EXPECT_TRUE(parser.done());
    rest.remove_prefix(head2.consumed);

    parser.reset();
    const HeadResult head3 = parser.parseHead(rest);
    ASSERT_EQ(head3.state, HeadResult::State::Complete) << parser.error();
    EXPECT_EQ(head3.consumed, third.size());
    EXPECT_EQ(parser.head().method, "DELETE");
    EXPECT_EQ(parser.head().headers.size(), 2u); // nothing left over from earlier messages
    EXPECT_TRUE(parser.done());
}

TEST(RequestParser, ResetClearsAnInvalidState) {
    RequestParser parser;
    ASSERT_EQ(parser.parseHead("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n").state, HeadResult::State::Invalid);
    EXPECT_FALSE(parser.error().empty());
    // Sticky until reset: a second call does not reinterpret the buffer.
    EXPECT_EQ(parser.parseHead("GET / HTTP/1.1\r\nHost: x\r\n\r\n").state, HeadResult::State::Invalid);
    parser.reset();
    EXPECT_TRUE(parser.error().empty());
    EXPECT_EQ(parser.parseHead("GET / HTTP/1.1\r\nHost: x\r\n\r\n").state, HeadResult::State::Complete);
}

TEST(RequestParser, LeadingEmptyLinesBeforeTheRequestLineAreTolerated) {
    for (const std::string prefix : {"\r\n", "\r\n\r\n", "\r\n\r\n\r\n\r\n"}) {
        const std::string wire = prefix + "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
        RequestParser parser;
        const HeadResult head = parser.parseHead(wire);
        ASSERT_EQ(head.state, HeadResult::State::Complete) << prefix.size() << ": " << parser.error();
        EXPECT_EQ(head.consumed, wire.size()); // the skipped CRLFs are consumed too (RFC 9112 §2.2)
        EXPECT_EQ(parser.head().method, "GET");
    }
}

TEST(RequestParser, AnEndlessRunOfEmptyLinesIsRefused) {
    std::string wire;
    for (int i = 0; i < 100; ++i)
        wire += "\r\n";
    wire += "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
    EXPECT_EQ(parseRequest(wire).stage, Stage::Head);
}

TEST(RequestParser, Http10ConnectionSemantics) {
    struct Case {
        std::string wire;
        bool keepAlive;
    };
    const std::vector<Case> cases = {
        {"GET / HTTP/1.0\r\n\r\n", false}, // HTTP/1.0 needs no Host
        {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
        {"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n", true},
        {"GET / HTTP/1.1\r\nHost: h\r\n\r\n", true},
        {"GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", false},
        {"GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, CLOSE\r\n\r\n", false},
    };
    for (const auto& c : cases) {
        RequestParser parser;
        ASSERT_EQ(parser.parseHead(c.wire).state, HeadResult::State::Complete) << c.wire << parser.error();
        EXPECT_EQ(parser.keepAlive(), c.keepAlive) << c.wire;
    }
    RequestParser parser;
    ASSERT_EQ(parser.parseHead("GET / HTTP/1.0\r\n\r\n").state, HeadResult::State::Complete);
    EXPECT_EQ(parser.head().version, 10);
}

TEST(RequestParser, WebSocketUpgrade) {
    RequestParser parser;
    ASSERT_EQ(parser
                  .parseHead("GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\n"
                             "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                  .state,
              HeadResult::State::Complete)
        << parser.error();
    EXPECT_TRUE(parser.upgrade());
    EXPECT_TRUE(parser.done());

    RequestParser withoutConnection;
    ASSERT_EQ(withoutConnection.parseHead("GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n").state,
              HeadResult::State::Complete);
    EXPECT_FALSE(withoutConnection.upgrade());
}

TEST(RequestParser, ConnectionUpgradeWithoutAnUpgradeFieldIsNoUpgrade) {
    // Regression (fixed): message_parser.hpp documents upgrade() as "Connection: upgrade + Upgrade present",
    // but MessageParser::upgrade() (message_parser.cpp) returns Beast's basic_parser::upgrade(),
    // which only checks the Connection token (flagConnectionUpgrade); Beast records the
    // Upgrade field in flagUpgrade but never tests it. So this request reports upgrade() ==
    // true, and HttpRelay then forwards it with "Connection: Upgrade" (keepUpgrade).
    RequestParser parser;
    ASSERT_EQ(parser.parseHead("GET /chat HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\n\r\n").state,
              HeadResult::State::Complete);
    EXPECT_FALSE(parser.upgrade());
}

TEST(RequestParser, RequestsWithoutBodyFraming) {
    // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3 rule 7).
    for (const std::string wire :
         {"POST / HTTP/1.1\r\nHost: h\r\n\r\n", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
          "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 00\r\n\r\n"}) {
        RequestParser parser;
        ASSERT_EQ(parser.parseHead(wire).state, HeadResult::State::Complete) << wire << parser.error();
        EXPECT_TRUE(parser.done()) << wire;
        EXPECT_EQ(parser.framing(), BodyFraming::None) << wire;
    }
}

TEST(RequestParser, TransferCodingsEndingInChunkedAreAccepted) {
    for (const std::string te : {"chunked", "CHUNKED", "gzip, chunked", "gzip,chunked", "\tchunked "}) {
        const std::string wire = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n";
        const ParseOutcome outcome = parseRequest(wire);
        EXPECT_EQ(outcome.stage, Stage::Done) << te << ": " << outcome.error;
        EXPECT_EQ(outcome.consumed, wire.size()) << te;
    }
    // Split across two fields: "gzip" then "chunked" is the list "gzip, chunked" (RFC 9110 §5.3).
    const std::string wire = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: "
                             "chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    const ParseOutcome outcome = parseRequest(wire);
    EXPECT_EQ(outcome.stage, Stage::Done) << outcome.error;
    EXPECT_EQ(outcome.body, "abc");
}

TEST(RequestParser, HeadAtExactlyTheSizeLimitIsAccepted) {
    const std::string start = "GET / HTTP/1.1\r\nHost: h\r\nX-Fill: ";
    const std::size_t limit = HeadLimits{}.maxHeadBytes;
    const std::string wire = start + std::string(limit - start.size() - 4, 'a') + "\r\n\r\n";
    ASSERT_EQ(wire.size(), limit);
    EXPECT_EQ(parseRequest(wire).stage, Stage::Done);
    EXPECT_EQ(parseRequest(wire.substr(0, 16) + "a" + wire.substr(16)).stage, Stage::Head);
}

TEST(RequestParser, ExactlyMaxFieldsIsAccepted) {
    std::string wire = "GET / HTTP/1.1\r\nHost: h\r\n";
    for (int i = 1; i < 1000; ++i)
        wire += "X-" + std::to_string(i) + ": v\r\n";
    wire += "\r\n";
    RequestParser parser;
    ASSERT_EQ(parser.parseHead(wire).state, HeadResult::State::Complete) << parser.error();
    EXPECT_EQ(parser.head().headers.size(), 1000u);
}

TEST(RequestParser, CustomLimitsApply) {
    const HeadLimits tight{64, 2};
    EXPECT_EQ(parseRequest("GET / HTTP/1.1\r\nHost: h\r\nA: b\r\n\r\n", tight).stage, Stage::Done);
    EXPECT_EQ(parseRequest("GET / HTTP/1.1\r\nHost: h\r\nA: b\r\nC: d\r\n\r\n", tight).stage, Stage::Head);
    EXPECT_EQ(parseRequest("GET / HTTP/1.1\r\nHost: h\r\nA: " + std::string(60, 'x') + "\r\n\r\n", tight).stage,
              Stage::Head);
}

} // namespace
} // namespace flowscope::http::test
