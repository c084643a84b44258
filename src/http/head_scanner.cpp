#include "http/head_scanner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace flowscope::http {
namespace {

bool isFieldValueChar(unsigned char c) noexcept {
    // field-vchar / SP / HTAB, obs-text allowed (RFC 9110 §5.5)
    return c == '\t' || c == ' ' || (c >= 0x21 && c != 0x7F);
}

bool isTargetChar(unsigned char c) noexcept {
    return c > 0x20 && c < 0x7F; // visible ASCII, no whitespace
}

bool isHttpVersion(std::string_view text) noexcept {
    return text == "HTTP/1.1" || text == "HTTP/1.0";
}

// A table rather than comparisons: every byte of every field name goes through here.
constexpr std::array<bool, 256> kTokenChars = [] {
    std::array<bool, 256> token{};
    for (int c = '0'; c <= '9'; ++c)
        token[c] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        token[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c)
        token[c] = true;
    for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
        token[static_cast<unsigned char>(c)] = true;
    return token;
}();

} // namespace

bool isTokenChar(unsigned char c) noexcept {
    return kTokenChars[c];
}

void HeadScanner::reset() {
    m_lineStart = 0;
    m_checked = 0;
    m_skipped = 0;
    m_fields = 0;
    m_sawStartLine = false;
    m_headLength = 0;
    m_error.clear();
}

HeadScanner::State HeadScanner::fail(std::string message) {
    m_error = std::move(message);
    return State::Invalid;
}

bool HeadScanner::reject(std::string message) {
    m_error = std::move(message);
    return false;
}

HeadScanner::State HeadScanner::scan(std::string_view buffer) {
    while (true) {
        // Bytes of the current line before m_checked were already searched for the line end
        // and for NUL / bare CR: a line trickled in one byte at a time costs O(n) overall.
        const std::size_t from = std::max(m_lineStart, m_checked);
        const std::size_t lf = buffer.find('\n', from);
        const std::size_t lineEnd = lf == std::string_view::npos ? buffer.size() : lf;
        // Bytes that can never be valid are refused as soon as they arrive, not after
        // the client has finished sending 64 KiB.
        std::size_t i = from;
        for (; i < lineEnd; ++i) {
            const char c = buffer[i];
            if (c == '\0')
                return fail("NUL byte in message head");
            if (c == '\r' && i + 1 < buffer.size() && buffer[i + 1] != '\n')
                return fail("bare CR in message head (RFC 9112 §2.2)");
        }
        if (lf == std::string_view::npos) {
            // A CR as the very last byte is judged when the next byte arrives.
            m_checked = (i > from && buffer[i - 1] == '\r') ? i - 1 : i;
            if (buffer.size() - m_skipped > m_limits.maxHeadBytes)
                return fail(fmt::format("message head exceeds {} bytes", m_limits.maxHeadBytes));
            return State::NeedMore;
        }
        if (lf == m_lineStart || buffer[lf - 1] != '\r')
            return fail("bare LF line ending in message head (RFC 9112 §2.2)");
        const std::string_view line = buffer.substr(m_lineStart, lf - 1 - m_lineStart);
        m_lineStart = lf + 1;
        m_checked = m_lineStart;
        if (m_lineStart - m_skipped > m_limits.maxHeadBytes)
            return fail(fmt::format("message head exceeds {} bytes", m_limits.maxHeadBytes));

        if (!m_sawStartLine) {
            if (line.empty() && m_isRequest && m_skipped < 8) {
                m_skipped = m_lineStart; // tolerated empty line before the request line
                continue;
            }
            if (!checkStartLine(line))
                return State::Invalid;
            m_sawStartLine = true;
            continue;
        }
        if (line.empty()) {
            m_headLength = m_lineStart;
            return State::Complete;
        }
        if (!checkFieldLine(line))
            return State::Invalid;
        if (++m_fields > m_limits.maxFields)
            return fail(fmt::format("more than {} header fields", m_limits.maxFields));
    }
}

bool HeadScanner::checkStartLine(std::string_view line) {
    if (m_isRequest) {
        // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
        const auto firstSpace = line.find(' ');
        if (firstSpace == 0 || firstSpace == std::string_view::npos)
            return reject("malformed request line");
        for (std::size_t i = 0; i < firstSpace; ++i) {
            if (!isTokenChar(static_cast<unsigned char>(line[i])))
                return reject("invalid character in request method");
        }
        const auto secondSpace = line.find(' ', firstSpace + 1);
        if (secondSpace == std::string_view::npos || secondSpace == firstSpace + 1)
            return reject("malformed request line");
        for (std::size_t i = firstSpace + 1; i < secondSpace; ++i) {
            if (!isTargetChar(static_cast<unsigned char>(line[i])))
                return reject("invalid character in request target");
        }
        if (!isHttpVersion(line.substr(secondSpace + 1)))
            return reject("unsupported or malformed HTTP version");
        return true;
    }
    // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4); some
    // servers omit the SP after the code, which is harmless and accepted.
    if (line.size() < 12 || !isHttpVersion(line.substr(0, 8)) || line[8] != ' ')
        return reject("malformed status line");
    for (std::size_t i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return reject("malformed status code");
    }
    if (line[9] == '0')
        return reject("status code below 100 (RFC 9110 §15)");
    if (line.size() > 12 && line[12] != ' ')
        return reject("malformed status line");
    for (std::size_t i = 13; i < line.size(); ++i) {
        if (!isFieldValueChar(static_cast<unsigned char>(line[i])))
            return reject("invalid character in reason phrase");
    }
    return true;
}

bool HeadScanner::checkFieldLine(std::string_view line) {
    if (line.front() == ' ' || line.front() == '\t')
        return reject("obsolete line folding in header (RFC 9112 §5.2)");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
        return reject("header line without a colon");
    if (colon == 0)
        return reject("empty header field name");
    for (std::size_t i = 0; i < colon; ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c == ' ' || c == '\t')
            return reject("whitespace in or after header field name (RFC 9112 §5.1)");
        if (!isTokenChar(c))
            return reject("invalid character in header field name");
    }
    for (std::size_t i = colon + 1; i < line.size(); ++i) {
        if (!isFieldValueChar(static_cast<unsigned char>(line[i])))
            return reject("invalid character in header field value");
    }
    return true;
}

} // namespace flowscope::http
