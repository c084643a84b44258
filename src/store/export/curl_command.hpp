#pragma once
// "Copy as cURL": a command that repeats a captured request. Pure text; running it is
// the user's business.
//
// What the command carries: the method (-X only when curl would not pick it by itself;
// --head for HEAD, since -X HEAD makes curl wait for a body), the URL (--globoff when it
// holds [ ] { } which curl would expand), every request header in wire order, except
//   - Content-Length: curl computes it, and a stale one breaks a truncated body;
//   - Host, when it names the URL's own authority (curl sends exactly that);
//   - Accept-Encoding: replaced by --compressed, so curl asks only for codings it can
//     decode and prints the body decoded;
//   - HTTP/2 pseudo-headers (":authority", from imported browser HARs);
// and the body (--data-binary; --data-raw when it starts with '@', which --data-binary
// would read as a file name). An empty header value is sent with curl's "Name;" form.
//
// Bodies that are not readable text (binary, NUL bytes, CR, tab, control characters):
//   Posix       printf '<octal escapes>' | curl ... --data-binary @-   (exact bytes)
//   PowerShell  written to a temporary file from base64 first            (exact bytes)
//   WindowsCmd  a REM note asks to save the body as body.bin; --data-binary @body.bin
// (Line feeds alone are fine on every shell; see cmdQuote for how cmd gets them.)
// A truncated capture is sent as captured, with a note saying so.

#include "store/flow.hpp"

#include <string>

namespace flowscope::store {

enum class CurlShell {
    Posix,      // sh, bash, zsh, dash
    WindowsCmd, // cmd.exe, interactive (not a .bat file: there '%' needs doubling)
    PowerShell, // PowerShell 7.3+ (Windows PowerShell 5.1 strips '"' inside arguments)
};

struct CurlOptions {
    CurlShell shell = CurlShell::Posix;
    bool multiline = false; // one option per line, joined with the shell's continuation
};

// Notes (truncated body, binary body on cmd) come first as comment lines. A tunnel flow
// has no HTTP request to repeat; its command is a comment saying so.
std::string toCurlCommand(const Flow& flow, const CurlOptions& options = {});

} // namespace flowscope::store
