#pragma once
// Drives RequestParser/ResponseParser the way the engine does: grow a buffer, call
// parseHead() until Complete, then hand parseBody() whatever is buffered and drop what it
// consumed. Splitting helpers feed the same bytes in different pieces so framing bugs that
// depend on where a read ends show up.

#include "http/message_parser.hpp"

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flowscope::http {

// Readable GoogleTest output for the parser's enums (found by ADL).
inline void PrintTo(HeadResult::State state, std::ostream* os) {
    switch (state) {
    case HeadResult::State::NeedMore:
        *os << "NeedMore";
        return;
    case HeadResult::State::Complete:
        *os << "Complete";
        return;
    case HeadResult::State::Invalid:
        *os << "Invalid";
        return;
    }
}

inline void PrintTo(BodyFraming framing, std::ostream* os) {
    switch (framing) {
    case BodyFraming::None:
        *os << "None";
        return;
    case BodyFraming::ContentLength:
        *os << "ContentLength";
        return;
    case BodyFraming::Chunked:
        *os << "Chunked";
        return;
    case BodyFraming::UntilEof:
        *os << "UntilEof";
        return;
    }
}

} // namespace flowscope::http

namespace flowscope::http::test {

// Collects body data; counts the calls so tests can check it streamed in pieces.
class CollectingSink final : public BodySink {
public:
    void onBodyData(std::string_view data) override {
        m_data.append(data);
        ++m_calls;
    }
    const std::string& data() const { return m_data; }
    std::size_t calls() const { return m_calls; }

private:
    std::string m_data;
    std::size_t m_calls = 0;
};

enum class Stage { Head, Body, Done, NeedMore };

struct ParseOutcome {
    Stage stage = Stage::NeedMore; // where it stopped: Head/Body = invalid there
    std::string error;
    std::string body;
    std::size_t headBytes = 0;
    std::size_t consumed = 0; // head + body bytes
};

// One message from `wire` in a single piece (head, then body); stops at the end of the
// message, so bytes of a following message are left unconsumed.
template <bool IsRequest> ParseOutcome parseMessage(MessageParser<IsRequest>& parser, std::string_view wire);

// Same, but the bytes arrive in `pieces` (concatenated they form the wire). The caller-side
// buffer keeps unconsumed bytes across arrivals, as the engine's IoBuffer does.
template <bool IsRequest>
ParseOutcome parseMessagePieces(MessageParser<IsRequest>& parser, const std::vector<std::string_view>& pieces);

// `wire` split into pieces of `size` bytes.
std::vector<std::string_view> splitEvery(std::string_view wire, std::size_t size);

// Convenience: a fresh parser per call.
ParseOutcome parseRequest(std::string_view wire, HeadLimits limits = {});
ParseOutcome parseResponse(std::string_view wire, bool skipBody = false);

const char* stageName(Stage stage);
inline void PrintTo(Stage stage, std::ostream* os) {
    *os << stageName(stage);
}

} // namespace flowscope::http::test
