#include "http/message_parser.hpp"

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <fmt/format.h>

#include <optional>

namespace flowscope::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

std::string describeParseError(const beast::error_code& ec) {
    if (ec == bhttp::error::bad_method)
        return "invalid request method";
    if (ec == bhttp::error::bad_target)
        return "invalid request target";
    if (ec == bhttp::error::bad_version)
        return "invalid HTTP version";
    if (ec == bhttp::error::bad_field)
        return "invalid header field name";
    if (ec == bhttp::error::bad_value)
        return "invalid header field value";
    if (ec == bhttp::error::bad_content_length)
        return "invalid Content-Length, or Content-Length with Transfer-Encoding (RFC 9112 §6.1)";
    if (ec == bhttp::error::multiple_content_length)
        return "conflicting Content-Length values (RFC 9112 §6.3)";
    if (ec == bhttp::error::bad_transfer_encoding)
        return "invalid Transfer-Encoding, or Transfer-Encoding with Content-Length (RFC 9112 §6.1)";
    if (ec == bhttp::error::bad_chunk)
        return "invalid chunk size or chunk framing (RFC 9112 §7.1)";
    if (ec == bhttp::error::bad_chunk_extension)
        return "invalid chunk extension";
    if (ec == bhttp::error::header_limit)
        return "message head too large";
    if (ec == bhttp::error::bad_line_ending)
        return "invalid line ending";
    if (ec == bhttp::error::bad_obs_fold)
        return "obsolete line folding";
    if (ec == bhttp::error::partial_message)
        return "message cut short by the peer closing the connection";
    return ec.message();
}

// Beast's parser with a head collected in wire order and body bytes passed to a sink.
template <bool IsRequest> class WireParser final : public bhttp::basic_parser<IsRequest> {
public:
    using Head = typename MessageParser<IsRequest>::Head;

    Head head;
    BodySink* sink = nullptr;
    std::string extraError;
    std::size_t transferEncodingFields = 0;
    std::size_t contentLengthFields = 0;
    std::size_t hostFields = 0;
    bool finalCodingChunked = false;
    bool chunkedSeenTwice = false;
    bool headerComplete = false;

private:
    void on_request_impl(bhttp::verb, beast::string_view method, beast::string_view target, int version,
                         beast::error_code&) override {
        if constexpr (IsRequest) {
            head.method.assign(method);
            head.target.assign(target);
            head.version = version;
        }
    }

    void on_response_impl(int code, beast::string_view reason, int version, beast::error_code&) override {
        if constexpr (!IsRequest) {
            head.status = code;
            head.reason.assign(reason);
            head.version = version;
        }
    }

    void on_field_impl(bhttp::field name, beast::string_view nameText, beast::string_view value,
                       beast::error_code&) override {
        if (headerComplete)
            return; // trailer fields of a chunked body: not part of the head, not forwarded
        if (name == bhttp::field::transfer_encoding) {
            ++transferEncodingFields;
            bool last = false;
            forEachListElement(value, [&](std::string_view coding) {
                last = equalsIgnoreCase(coding, "chunked");
                if (last && finalCodingChunked)
                    chunkedSeenTwice = true;
                finalCodingChunked = finalCodingChunked || last;
            });
            finalCodingChunked = last && !chunkedSeenTwice;
        } else if (name == bhttp::field::content_length) {
            ++contentLengthFields;
        } else if (name == bhttp::field::host) {
            ++hostFields;
        }
        head.headers.add(nameText, value);
    }

    void on_header_impl(beast::error_code& ec) override {
        headerComplete = true;
        // Refuse every framing a server behind us could read differently (RFC 9112 §6.1,
        // §6.3): Beast alone accepts "Transfer-Encoding: gzip" next to Content-Length and
        // a repeated "chunked".
        if (transferEncodingFields > 0) {
            if (contentLengthFields > 0)
                return fail(ec, "both Content-Length and Transfer-Encoding present (RFC 9112 §6.1)");
            if (head.version == 10)
                return fail(ec, "Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1)");
            if (chunkedSeenTwice)
                return fail(ec, "chunked transfer coding applied twice (RFC 9112 §6.1)");
            if (IsRequest && !finalCodingChunked)
                return fail(ec, "Transfer-Encoding in a request must end with chunked (RFC 9112 §6.3)");
        }
        if constexpr (IsRequest) {
            if (hostFields > 1)
                return fail(ec, "more than one Host header (RFC 9112 §3.2)");
            if (hostFields == 0 && head.version == 11)
                return fail(ec, "HTTP/1.1 request without a Host header (RFC 9112 §3.2)");
        }
    }

    void fail(beast::error_code& ec, std::string message) {
        extraError = std::move(message);
        ec = bhttp::error::bad_value;
    }

    void on_body_init_impl(const boost::optional<std::uint64_t>&, beast::error_code&) override {}

    std::size_t on_body_impl(beast::string_view body, beast::error_code&) override {
        if (sink != nullptr)
            sink->onBodyData(body);
        return body.size();
    }

    void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}

    std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, beast::error_code&) override {
        if (sink != nullptr)
            sink->onBodyData(body);
        return body.size();
    }

    void on_finish_impl(beast::error_code&) override {}
};

} // namespace

template <bool IsRequest> struct MessageParser<IsRequest>::Impl {
    static constexpr std::size_t kUsualFieldCount = 16;

    explicit Impl(HeadLimits l) : limits(l), scanner(IsRequest, l) { parser.emplace(); configure(); }

    void configure() {
        parser->eager(true);
        parser->header_limit(static_cast<std::uint32_t>(limits.maxHeadBytes + 1024));
        parser->body_limit(boost::none); // bodies stream through; memory is bounded by the caller
        // Most heads have 5-20 fields: one allocation instead of a doubling series (4-5
        // reallocations per head, each moving the fields already parsed).
        parser->head.headers.reserve(kUsualFieldCount);
        if (skip)
            parser->skip(true);
    }

    HeadLimits limits;
    HeadScanner scanner;
    std::optional<WireParser<IsRequest>> parser;
    bool skip = false;
    bool invalid = false;
    std::string error;
};

template <bool IsRequest> MessageParser<IsRequest>::MessageParser(HeadLimits limits)
    : m_impl(std::make_unique<Impl>(limits)) {}

template <bool IsRequest> MessageParser<IsRequest>::~MessageParser() = default;

template <bool IsRequest> void MessageParser<IsRequest>::skipBody() {
    m_impl->skip = true;
    m_impl->parser->skip(true);
}

template <bool IsRequest> HeadResult MessageParser<IsRequest>::parseHead(std::string_view buffered) {
    Impl& impl = *m_impl;
    if (impl.invalid)
        return {HeadResult::State::Invalid, 0};
    switch (impl.scanner.scan(buffered)) {
    case HeadScanner::State::NeedMore:
        return {HeadResult::State::NeedMore, 0};
    case HeadScanner::State::Invalid:
        impl.invalid = true;
        impl.error = impl.scanner.error();
        return {HeadResult::State::Invalid, 0};
    case HeadScanner::State::Complete:
        break;
    }
    const std::size_t skipped = impl.scanner.leadingEmptyLines();
    const std::size_t headLength = impl.scanner.headLength();
    // Only the head is given to Beast here, so no body byte is consumed before the caller
    // has decided where the body goes.
    beast::error_code ec;
    impl.parser->eager(false);
    std::string_view head = buffered.substr(skipped, headLength - skipped);
    std::string patched;
    if constexpr (!IsRequest) {
        // "HTTP/1.1 200" without the SP before an empty reason is accepted by the scanner
        // (servers send it); Beast insists on the SP, so it gets one.
        if (head.size() > 14 && head[12] == '\r') {
            patched.reserve(head.size() + 1);
            patched.append(head.substr(0, 12)).append(" ").append(head.substr(12));
            head = patched;
        }
    }
    const std::size_t used = impl.parser->put(boost::asio::const_buffer(head.data(), head.size()), ec);
    impl.parser->eager(true);
    if (ec == bhttp::error::need_more && impl.parser->is_header_done())
        ec = {};
    if (ec || used != head.size() || !impl.parser->is_header_done()) {
        impl.invalid = true;
        impl.error = !impl.parser->extraError.empty() ? impl.parser->extraError
                     : ec                             ? describeParseError(ec)
                                                      : std::string("malformed message head");
        return {HeadResult::State::Invalid, 0};
    }
    return {HeadResult::State::Complete, headLength};
}

template <bool IsRequest> BodyResult MessageParser<IsRequest>::parseBody(std::string_view bytes, BodySink& sink) {
    Impl& impl = *m_impl;
    if (impl.invalid)
        return {0, true};
    std::size_t total = 0;
    impl.parser->sink = &sink;
    // Beast stops after each chunk header or piece; loop until it needs more bytes.
    while (!impl.parser->is_done() && total < bytes.size()) {
        beast::error_code ec;
        const std::string_view rest = bytes.substr(total);
        const std::size_t used = impl.parser->put(boost::asio::const_buffer(rest.data(), rest.size()), ec);
        total += used;
        if (ec == bhttp::error::need_more)
            break;
        if (ec) {
            impl.invalid = true;
            impl.error = describeParseError(ec);
            impl.parser->sink = nullptr;
            return {total, true};
        }
        if (used == 0)
            break;
    }
    impl.parser->sink = nullptr;
    return {total, false};
}

template <bool IsRequest> bool MessageParser<IsRequest>::finishOnEof(BodySink& sink) {
    Impl& impl = *m_impl;
    if (!impl.parser->is_header_done()) {
        impl.invalid = true;
        impl.error = "connection closed before the end of the message head";
        return false;
    }
    impl.parser->sink = &sink;
    beast::error_code ec;
    impl.parser->put_eof(ec);
    impl.parser->sink = nullptr;
    if (ec) {
        impl.invalid = true;
        impl.error = describeParseError(ec);
        return false;
    }
    return true;
}

template <bool IsRequest> bool MessageParser<IsRequest>::headDone() const {
    return m_impl->parser->is_header_done();
}
template <bool IsRequest> bool MessageParser<IsRequest>::done() const { return m_impl->parser->is_done(); }
template <bool IsRequest> const std::string& MessageParser<IsRequest>::error() const { return m_impl->error; }
template <bool IsRequest> auto MessageParser<IsRequest>::head() -> Head& { return m_impl->parser->head; }
template <bool IsRequest> auto MessageParser<IsRequest>::head() const -> const Head& { return m_impl->parser->head; }

template <bool IsRequest> BodyFraming MessageParser<IsRequest>::framing() const {
    const auto& parser = *m_impl->parser;
    if (parser.is_done())
        return BodyFraming::None; // no body at all (or skipped)
    if (parser.chunked())
        return BodyFraming::Chunked;
    if (parser.content_length())
        return *parser.content_length() == 0 ? BodyFraming::None : BodyFraming::ContentLength;
    return parser.need_eof() ? BodyFraming::UntilEof : BodyFraming::None;
}

template <bool IsRequest> std::uint64_t MessageParser<IsRequest>::contentLength() const {
    return m_impl->parser->content_length().value_or(0);
}
template <bool IsRequest> bool MessageParser<IsRequest>::keepAlive() const { return m_impl->parser->keep_alive(); }
template <bool IsRequest> bool MessageParser<IsRequest>::upgrade() const {
    // Beast only looks at the Connection token; an upgrade also needs the Upgrade field.
    return m_impl->parser->upgrade() && m_impl->parser->head.headers.contains("Upgrade");
}

template <bool IsRequest> void MessageParser<IsRequest>::reset() {
    Impl& impl = *m_impl;
    impl.parser.emplace(); // Beast parsers are single-use; the optional avoids a heap allocation
    impl.skip = false;
    impl.configure();
    impl.scanner.reset();
    impl.invalid = false;
    impl.error.clear();
}

template class MessageParser<true>;
template class MessageParser<false>;

} // namespace flowscope::http
