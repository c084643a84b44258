#pragma once
// Sans-io HTTP/1.1 message parser: bytes in, a head and body pieces out. The head is
// checked by HeadScanner, then parsed by Beast's basic_parser (framing, chunked coding);
// a few smuggling rules Beast leaves open are enforced on top (RFC 9112 §6).
//
// Usage per message: parseHead() on the buffered bytes until Complete; then parseBody()
// with whatever follows, until done(); then reset() for the next message.

#include "http/head_scanner.hpp"
#include "http/message.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace flowscope::http {

// Receives decoded body data (chunk framing removed), in order. The view is only valid
// during the call.
class BodySink {
public:
    virtual void onBodyData(std::string_view data) = 0;

protected:
    ~BodySink() = default;
};

enum class BodyFraming {
    None,          // no body (or skipped: HEAD response, 1xx/204/304)
    ContentLength, // exactly contentLength() bytes
    Chunked,       // chunked transfer coding
    UntilEof,      // response delimited by the connection closing (RFC 9112 §6.3 rule 8)
};

struct HeadResult {
    enum class State { NeedMore, Complete, Invalid } state = State::NeedMore;
    std::size_t consumed = 0; // bytes of the head, when Complete
};

struct BodyResult {
    std::size_t consumed = 0;
    bool invalid = false;
};

template <bool IsRequest> class MessageParser {
public:
    using Head = std::conditional_t<IsRequest, RequestHead, ResponseHead>;

    explicit MessageParser(HeadLimits limits = {});
    ~MessageParser();
    MessageParser(const MessageParser&) = delete;
    MessageParser& operator=(const MessageParser&) = delete;

    // Responses to HEAD (and to CONNECT 2xx) have no body whatever their headers say;
    // call before parseHead().
    void skipBody();

    HeadResult parseHead(std::string_view buffered);
    BodyResult parseBody(std::string_view bytes, BodySink& sink);
    // For UntilEof bodies: the peer closed; completes the message. False (with error())
    // when the message was cut short.
    bool finishOnEof(BodySink& sink);

    bool headDone() const;
    bool done() const;
    const std::string& error() const;

    Head& head();
    const Head& head() const;
    BodyFraming framing() const;
    std::uint64_t contentLength() const; // when framing() == ContentLength
    bool keepAlive() const;              // per the version and Connection header
    bool upgrade() const;                // Connection: upgrade + Upgrade present

    void reset();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

extern template class MessageParser<true>;
extern template class MessageParser<false>;
using RequestParser = MessageParser<true>;
using ResponseParser = MessageParser<false>;

} // namespace flowscope::http
