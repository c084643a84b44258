#pragma once
// Finds the end of an HTTP/1.1 message head and checks its syntax strictly, before any
// byte of it is trusted or forwarded (RFC 9112 §2-5). Beast's parser is lenient in places
// that matter to a proxy (obsolete line folding, bare LF, whitespace before the colon);
// anything a downstream server could read differently from us is refused here.

#include <cstddef>
#include <string>
#include <string_view>

namespace flowscope::http {

struct HeadLimits {
    std::size_t maxHeadBytes = 64 * 1024; // start line + fields + final CRLF
    std::size_t maxFields = 1000;
};

// Incremental: feed the whole buffered head each time more bytes arrive; lines already
// checked are not scanned again (a client trickling one byte per packet costs O(n)).
class HeadScanner {
public:
    enum class State { NeedMore, Complete, Invalid };

    HeadScanner(bool isRequest, HeadLimits limits) : m_isRequest(isRequest), m_limits(limits) {}

    // `buffer` starts at the first byte of the message and keeps its earlier contents
    // between calls. Leading empty lines (CRLF) before a request line are allowed and
    // counted in headLength() (RFC 9112 §2.2).
    State scan(std::string_view buffer);

    std::size_t headLength() const { return m_headLength; } // valid when Complete
    std::size_t leadingEmptyLines() const { return m_skipped; }
    const std::string& error() const { return m_error; }    // valid when Invalid
    void reset();

private:
    State fail(std::string message);
    bool reject(std::string message); // records the error, returns false
    bool checkStartLine(std::string_view line);
    bool checkFieldLine(std::string_view line);

    bool m_isRequest;
    HeadLimits m_limits;
    std::size_t m_lineStart = 0; // first byte of the line not yet complete
    std::size_t m_checked = 0;   // bytes before this are known free of NUL, bare CR and LF
    std::size_t m_skipped = 0;   // bytes of leading empty lines
    std::size_t m_fields = 0;
    bool m_sawStartLine = false;
    std::size_t m_headLength = 0;
    std::string m_error;
};

bool isTokenChar(unsigned char c) noexcept; // RFC 9110 §5.6.2 tchar

} // namespace flowscope::http
