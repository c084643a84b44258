#include "store/export/curl_command.hpp"

#include "store/export/shell_quote.hpp"
#include "store/export/text_codec.hpp"
#include "store/export/url_parts.hpp"

#include <vector>

namespace flowscope::store {
namespace {

using namespace exporting;

// The command as a list of items, each an option with its (already quoted) value, so
// multi-line output never separates the two.
class CommandItems {
public:
    explicit CommandItems(CurlShell shell) : m_shell(shell) {}
    void literal(std::string text) { m_items.push_back(std::move(text)); }
    void value(std::string_view text) { m_items.push_back(quoteFor(text)); }
    void option(std::string_view name, std::string_view value) {
        m_items.push_back(std::string(name) + " " + quoteFor(value));
    }
    void optionLiteral(std::string_view name, std::string_view value) {
        m_items.push_back(std::string(name) + " " + std::string(value));
    }
    const std::vector<std::string>& items() const { return m_items; }

private:
    std::string quoteFor(std::string_view text) const;

    CurlShell m_shell;
    std::vector<std::string> m_items;
};

std::string CommandItems::quoteFor(std::string_view value) const {
    switch (m_shell) {
    case CurlShell::WindowsCmd:
        return cmdQuote(value);
    case CurlShell::PowerShell:
        return powerShellQuote(value);
    case CurlShell::Posix:
        break;
    }
    return posixQuote(value);
}

std::string commentLine(CurlShell shell, std::string_view text) {
    return (shell == CurlShell::WindowsCmd ? "REM " : "# ") + std::string(text) + "\n";
}

// True when `hostValue` names the URL's own authority (default ports compared as such).
bool isUrlAuthority(const std::optional<UrlParts>& url, std::string_view hostValue) {
    if (!url) {
        return false;
    }
    const auto host = splitUrl(url->scheme + "://" + std::string(trimWhitespace(hostValue)) + "/");
    const std::uint16_t defaultPort = defaultPortFor(url->scheme);
    return host && host->host == url->host && host->port.value_or(defaultPort) == url->port.value_or(defaultPort);
}

// Which method option curl needs: data implies POST, nothing implies GET.
void addMethod(CommandItems& command, const std::string& method, bool hasBody) {
    if (method == "HEAD" && !hasBody) {
        command.literal("--head");
    } else if (!((method == "GET" && !hasBody) || (method == "POST" && hasBody) || method.empty())) {
        command.option("-X", method);
    }
}

void addHeaders(CommandItems& command, const Flow& flow, const std::optional<UrlParts>& url, bool& compressed) {
    for (const auto& [name, value] : flow.requestHeaders) {
        if (name.empty() || name.front() == ':' || name.front() == '@' || equalsIgnoreCase(name, "content-length")) {
            continue; // pseudo-headers; '@' would make curl read a file
        }
        if (equalsIgnoreCase(name, "accept-encoding")) {
            compressed = true;
            continue;
        }
        if (equalsIgnoreCase(name, "host") && isUrlAuthority(url, value)) {
            continue;
        }
        // "Name:" would tell curl to remove the header; "Name;" sends it empty.
        const std::string_view trimmed = trimWhitespace(value);
        command.option("-H", trimmed.empty() ? name + ";" : name + ": " + value);
    }
}

} // namespace

std::string toCurlCommand(const Flow& flow, const CurlOptions& options) {
    const CurlShell shell = options.shell;
    if (flow.kind == FlowKind::Tunnel) {
        return commentLine(shell, "CONNECT tunnel to " + flow.host + ":" + std::to_string(flow.port) +
                                      ": no HTTP request was recorded to repeat");
    }
    std::string notes;
    std::string prelude; // what must run first: the POSIX printf pipe, PowerShell's temporary file
    CommandItems command(shell);
    command.literal(shell == CurlShell::PowerShell ? "curl.exe" : "curl"); // "curl" is an alias in PowerShell 5
    command.value(flow.url);
    const auto url = splitUrl(flow.url);

    const std::string& body = flow.requestBody.data;
    const bool hasBody = !body.empty();
    addMethod(command, flow.method, hasBody);
    bool compressed = false;
    addHeaders(command, flow, url, compressed);

    if (hasBody) {
        if (flow.requestBody.truncated) {
            notes += commentLine(shell, "the request body was captured only in part (" + std::to_string(body.size()) +
                                            " of " + std::to_string(flow.requestBody.size) + " bytes)");
        }
        // --data-binary reads a file when the value starts with '@'; --data-raw never does.
        const std::string_view dataOption = body.front() == '@' ? "--data-raw" : "--data-binary";
        // Bodies with CR, control or invisible characters would not survive copy and paste.
        if (isDisplaySafe(body, true)) {
            command.option(dataOption, body);
        } else if (shell == CurlShell::Posix) {
            prelude = "printf " + posixPrintfFormat(body) + " | ";
            command.optionLiteral("--data-binary", "@-");
        } else if (shell == CurlShell::PowerShell) {
            prelude =
                "$body = New-TemporaryFile\n[IO.File]::WriteAllBytes($body.FullName, [Convert]::FromBase64String('" +
                base64Encode(body) + "'))\n";
            command.optionLiteral("--data-binary", "\"@$($body.FullName)\"");
        } else {
            notes += commentLine(shell, "the request body (" + std::to_string(body.size()) +
                                            " bytes) has bytes cmd cannot pass: save it as body.bin");
            command.optionLiteral("--data-binary", "@body.bin");
        }
    }
    if (compressed) {
        command.literal("--compressed");
    }
    if (flow.url.find_first_of("[]{}") != std::string::npos) {
        command.literal("--globoff"); // curl's URL globbing would expand them
    }

    std::string_view separator = " ";
    if (options.multiline) {
        separator = shell == CurlShell::WindowsCmd ? " ^\n  " : shell == CurlShell::PowerShell ? " `\n  " : " \\\n  ";
    }
    std::string text = notes + prelude;
    const auto& items = command.items();
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            text += i == 1 ? std::string_view(" ") : separator; // "curl URL" stays on the first line
        }
        text += items[i];
    }
    return text;
}

} // namespace flowscope::store
