#include "view/filter_lexer.hpp"

#include <fmt/format.h>

namespace flowscope::view::detail {
namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isFieldChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    LexedFilter run() {
        LexedFilter result;
        while (true) {
            while (m_pos < m_text.size() && isSpace(m_text[m_pos])) {
                ++m_pos;
            }
            if (m_pos == m_text.size()) {
                return result;
            }
            FilterToken token;
            if (!readToken(token)) {
                result.tokens.clear();
                result.error = m_error;
                return result;
            }
            result.tokens.push_back(std::move(token));
        }
    }

private:
    bool fail(std::size_t offset, std::string_view what) {
        int at = column(offset);
        m_error = FilterError{fmt::format("{} at {}", what, at), at};
        return false;
    }

    bool readToken(FilterToken& token) {
        token.column = column(m_pos);
        if (m_text[m_pos] == '-') {
            if (m_pos + 1 == m_text.size() || isSpace(m_text[m_pos + 1])) {
                return fail(m_pos, "'-' without a term");
            }
            token.negated = true;
            ++m_pos;
        }
        readField(token);
        token.valueColumn = column(m_pos);
        while (m_pos < m_text.size() && !isSpace(m_text[m_pos])) {
            if (m_text[m_pos] == '"') {
                token.quoted = true;
                if (!readQuoted(token.value)) {
                    return false;
                }
            } else {
                token.value += m_text[m_pos++];
            }
        }
        return true;
    }

    // `name:` counts as a field only when unquoted and not followed by "//", so a pasted
    // URL ("https://example.com/x") stays plain text.
    void readField(FilterToken& token) {
        std::size_t end = m_pos;
        while (end < m_text.size() && isFieldChar(m_text[end])) {
            ++end;
        }
        if (end == m_pos || end == m_text.size() || m_text[end] != ':' || m_text.substr(end + 1, 2) == "//") {
            return;
        }
        token.hasField = true;
        token.field = m_text.substr(m_pos, end - m_pos);
        m_pos = end + 1;
    }

    bool readQuoted(std::string& value) {
        const std::size_t open = m_pos++;
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (c == '\\' && m_pos + 1 < m_text.size() && (m_text[m_pos + 1] == '"' || m_text[m_pos + 1] == '\\')) {
                value += m_text[m_pos + 1];
                m_pos += 2;
            } else if (c == '"') {
                ++m_pos;
                return true;
            } else {
                value += c;
                ++m_pos;
            }
        }
        return fail(open, "unterminated quote");
    }

    // Columns are asked for in increasing offsets; counting on from the last answer keeps
    // lexing linear even for a pasted megabyte.
    int column(std::size_t offset) {
        if (offset < m_countedOffset) {
            m_countedOffset = 0;
            m_countedColumn = 1;
        }
        m_countedColumn += columnAt(m_text.substr(m_countedOffset), offset - m_countedOffset) - 1;
        m_countedOffset = offset;
        return m_countedColumn;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_countedOffset = 0;
    int m_countedColumn = 1;
    FilterError m_error;
};

} // namespace

int columnAt(std::string_view text, std::size_t offset) {
    int column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return column;
}

LexedFilter lexFilter(std::string_view text) {
    return Lexer(text).run();
}

} // namespace flowscope::view::detail
