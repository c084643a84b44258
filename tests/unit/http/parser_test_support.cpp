#include "parser_test_support.hpp"

namespace flowscope::http::test {

template <bool IsRequest>
ParseOutcome parseMessagePieces(MessageParser<IsRequest>& parser, const std::vector<std::string_view>& pieces) {
    ParseOutcome outcome;
    CollectingSink sink;
    std::string buffer;
    bool headDone = false;
    for (const auto piece : pieces) {
        buffer.append(piece);
        if (!headDone) {
            const HeadResult head = parser.parseHead(buffer);
            if (head.state == HeadResult::State::Invalid) {
                outcome.stage = Stage::Head;
                outcome.error = parser.error();
                return outcome;
            }
            if (head.state == HeadResult::State::NeedMore)
                continue;
            headDone = true;
            outcome.headBytes = head.consumed;
            outcome.consumed = head.consumed;
            buffer.erase(0, head.consumed);
        }
        if (!parser.done() && !buffer.empty()) {
            const BodyResult body = parser.parseBody(buffer, sink);
            outcome.consumed += body.consumed;
            buffer.erase(0, body.consumed);
            if (body.invalid) {
                outcome.stage = Stage::Body;
                outcome.error = parser.error();
                outcome.body = sink.data();
                return outcome;
            }
        }
        if (parser.done())
            break;
    }
    outcome.body = sink.data();
    outcome.stage = headDone && parser.done() ? Stage::Done : Stage::NeedMore;
    return outcome;
}

template <bool IsRequest> ParseOutcome parseMessage(MessageParser<IsRequest>& parser, std::string_view wire) {
    return parseMessagePieces(parser, {wire});
}

template ParseOutcome parseMessage(MessageParser<true>&, std::string_view);
template ParseOutcome parseMessage(MessageParser<false>&, std::string_view);
template ParseOutcome parseMessagePieces(MessageParser<true>&, const std::vector<std::string_view>&);
template ParseOutcome parseMessagePieces(MessageParser<false>&, const std::vector<std::string_view>&);

std::vector<std::string_view> splitEvery(std::string_view wire, std::size_t size) {
    std::vector<std::string_view> pieces;
    for (std::size_t at = 0; at < wire.size(); at += size)
        pieces.push_back(wire.substr(at, size));
    return pieces;
}

ParseOutcome parseRequest(std::string_view wire, HeadLimits limits) {
    RequestParser parser(limits);
    return parseMessage(parser, wire);
}

ParseOutcome parseResponse(std::string_view wire, bool skipBody) {
    ResponseParser parser;
    if (skipBody)
        parser.skipBody();
    return parseMessage(parser, wire);
}

const char* stageName(Stage stage) {
    switch (stage) {
    case Stage::Head:
        return "invalid head";
    case Stage::Body:
        return "invalid body";
    case Stage::Done:
        return "done";
    case Stage::NeedMore:
        return "need more";
    }
    return "?";
}

} // namespace flowscope::http::test
