#pragma once
// Quoting one argument for a shell so the program receives exactly these bytes, for the
// three shells "copy as cURL" targets. Each function documents the parser rules it
// relies on; the tests run the POSIX output through sh, dash and bash.

#include <string>
#include <string_view>

namespace flowscope::store::exporting {

// True when `text` is UTF-8 a person can read and paste safely: no control characters
// (newline allowed when `allowNewline`; not even tab, which interactive shells take for
// completion), no DEL or C1 controls, and none of
// the invisible or direction-changing characters (U+200B..U+200F, U+2028..U+202E,
// U+2060..U+2069, U+FEFF) that make a command look different from what it runs
// ("Trojan Source", CVE-2021-42574).
bool isDisplaySafe(std::string_view text, bool allowNewline) noexcept;

// POSIX sh (XCU 2.2): a bare word when only unremarkable characters; else single quotes,
// inside which nothing is special (not $, `, \ or !: bash does no history expansion in
// single quotes), a ' written as '\''. Text that is not display-safe becomes
// "$(printf '...')" with every unusual byte as a \ooo escape; it must not end in '\n'
// (command substitution strips trailing newlines), which header and URL bytes never do.
std::string posixQuote(std::string_view arg);

// The single-quoted printf format that prints exactly `bytes` (XCU printf: \ooo octal
// escapes and %% are the only special sequences); works for NUL bytes too. A leading '-'
// is escaped so printf cannot take the format for an option.
std::string posixPrintfFormat(std::string_view bytes);

// cmd.exe then the MSVC C runtime's argv parser (the rules of CommandLineToArgvW).
// The argument is wrapped in ^"...^": with the caret, cmd never enters its quoted state,
// so every cmd metacharacter is caret-escaped and reaches the program literally; the C
// runtime then sees "..." with \" for quotes and backslashes doubled only before a quote.
// A '%' is followed by '^' so no %VAR% can expand (interactive cmd leaves an undefined
// variable as it is, and the caret is then removed). A newline becomes ^ LF LF: the
// caret escapes the line break and the empty line that follows supplies a literal LF.
std::string cmdQuote(std::string_view arg);

// PowerShell (about_Quoting_Rules): single quotes, where only the quote characters are
// special: ' and its typographic forms U+2018..U+201B, each doubled. Text that is not
// display-safe goes in double quotes with backtick escapes (`$, `", `` and `u{XXXX},
// PowerShell 6+). Bytes that are not UTF-8 are read as Latin-1 (PowerShell strings are
// UTF-16 and cannot hold raw bytes).
std::string powerShellQuote(std::string_view arg);

} // namespace flowscope::store::exporting
