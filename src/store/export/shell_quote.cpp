#include "store/export/shell_quote.hpp"

#include "store/export/text_codec.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

namespace flowscope::store::exporting {
namespace {

// Decodes the code point at `i` of known-valid UTF-8 and advances `i`.
std::uint32_t nextCodePoint(std::string_view text, std::size_t& i) noexcept {
    const auto c = static_cast<unsigned char>(text[i]);
    int trailing = 0;
    std::uint32_t cp = c;
    if (c >= 0xF0) {
        trailing = 3;
        cp = c & 0x07;
    } else if (c >= 0xE0) {
        trailing = 2;
        cp = c & 0x0F;
    } else if (c >= 0xC0) {
        trailing = 1;
        cp = c & 0x1F;
    }
    for (int k = 1; k <= trailing; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
    }
    i += static_cast<std::size_t>(trailing) + 1;
    return cp;
}

// Tab counts as a control character: pasted into an interactive bash, zsh or cmd it
// triggers completion instead of being typed (the shell tests caught bash eating one).
bool isInvisibleOrControl(std::uint32_t cp, bool allowNewline) noexcept {
    if (cp == '\n' && allowNewline) {
        return false;
    }
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

// Characters no shell treats specially in a bare word (a conservative common subset).
bool isBareWord(std::string_view arg, std::string_view extra) noexcept {
    if (arg.empty()) {
        return false;
    }
    for (const char c : arg) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == '/' || c == ':' || extra.find(c) != std::string_view::npos;
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string hexCodePoint(std::uint32_t cp) {
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%X", static_cast<unsigned>(cp));
    return buffer.data();
}

} // namespace

bool isDisplaySafe(std::string_view text, bool allowNewline) noexcept {
    if (!isUtf8(text)) {
        return false;
    }
    for (std::size_t i = 0; i < text.size();) {
        if (isInvisibleOrControl(nextCodePoint(text, i), allowNewline)) {
            return false;
        }
    }
    return true;
}

std::string posixPrintfFormat(std::string_view bytes) {
    std::string out = "'";
    out.reserve(bytes.size() + 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char ch = bytes[i];
        const auto c = static_cast<unsigned char>(ch);
        // A format starting with '-' is read as an option (bash: "printf: --: invalid
        // option"), so a leading '-' is escaped too.
        const bool leadingDash = i == 0 && c == '-';
        if (c == '%') {
            out += "%%";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c >= 0x20 && c < 0x7F && c != '\'' && !leadingDash) {
            out += ch;
        } else { // always three digits, so a digit that follows cannot join the escape
            std::array<char, 8> escape{};
            std::snprintf(escape.data(), escape.size(), "\\%03o", static_cast<unsigned>(c));
            out += escape.data();
        }
    }
    out += '\'';
    return out;
}

std::string posixQuote(std::string_view arg) {
    if (isBareWord(arg, "@%+=,")) {
        return std::string(arg);
    }
    if (!isDisplaySafe(arg, true) && (arg.empty() || arg.back() != '\n')) {
        return "\"$(printf " + posixPrintfFormat(arg) + ")\"";
    }
    std::string out = "'";
    out.reserve(arg.size() + 2);
    for (const char c : arg) {
        if (c == '\'') {
            out += "'\\''"; // close, an escaped quote, reopen
        } else {
            out += c;
        }
    }
    out += '\'';
    return out;
}

std::string cmdQuote(std::string_view arg) {
    if (isBareWord(arg, "@+=,")) {
        return std::string(arg);
    }
    // Layer 1, the C runtime: "..." where 2n backslashes + " mean n backslashes and the
    // end of the quotes, 2n+1 backslashes + " mean n backslashes and a literal quote;
    // backslashes anywhere else are literal.
    std::string runtime = "\"";
    std::size_t backslashes = 0;
    for (const char c : arg) {
        if (c == '\\') {
            ++backslashes;
            continue;
        }
        if (c == '"') {
            runtime.append(backslashes * 2 + 1, '\\');
        } else {
            runtime.append(backslashes, '\\');
        }
        backslashes = 0;
        runtime += c;
    }
    runtime.append(backslashes * 2, '\\'); // before the closing quote
    runtime += '"';

    // Layer 2, cmd.exe: caret-escape what cmd would act on.
    std::string out;
    out.reserve(runtime.size() * 2);
    bool afterPercent = false;
    for (const char c : runtime) {
        std::string emitted;
        if (c == '\n') {
            emitted = "^\n\n";
        } else if (c == '^' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')' || c == '"' ||
                   c == '!') {
            emitted = {'^', c};
        } else {
            emitted = {c};
        }
        if (afterPercent && emitted.front() != '^') {
            out += '^'; // "%^name": no variable can be called that, so nothing expands
        }
        out += emitted;
        afterPercent = c == '%';
    }
    return out;
}

std::string powerShellQuote(std::string_view arg) {
    if (isBareWord(arg, "+=")) {
        return std::string(arg);
    }
    const std::string text = isUtf8(arg) ? std::string(arg) : latin1ToUtf8(arg);
    if (isDisplaySafe(text, true)) {
        std::string out = "'";
        for (std::size_t i = 0; i < text.size();) {
            const std::size_t start = i;
            const std::uint32_t cp = nextCodePoint(text, i);
            const std::string_view encoded = std::string_view(text).substr(start, i - start);
            out += encoded;
            if (cp == '\'' || (cp >= 0x2018 && cp <= 0x201B)) {
                out += encoded; // doubled: one literal quote character
            }
        }
        out += '\'';
        return out;
    }
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const std::uint32_t cp = nextCodePoint(text, i);
        if (cp == '`' || cp == '$' || cp == '"' || (cp >= 0x201C && cp <= 0x201E)) {
            out += '`';
            out += std::string_view(text).substr(start, i - start);
        } else if (cp == 0) {
            out += "`0";
        } else if (isInvisibleOrControl(cp, false)) {
            out += "`u{" + hexCodePoint(cp) + "}";
        } else {
            out += std::string_view(text).substr(start, i - start);
        }
    }
    out += '"';
    return out;
}

} // namespace flowscope::store::exporting
