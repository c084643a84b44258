// The POSIX "copy as cURL" output executed by real shells. `curl` is a shell function
// there that prints each argument NUL-terminated, then the bytes it got on stdin, so
// every quoting rule is checked by the parser it was written for, with no network.
#include "export_test_support.hpp"
#include "store/export/curl_command.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace flowscope::store::test {
namespace {

struct ShellRun {
    std::vector<std::string> args; // what curl received, argv[1..]
    std::string input;             // what curl read on stdin (the printf pipe)
    bool complete = false;         // the marker after the arguments was seen
};

// `[ -p /dev/stdin ]`: only the printf pipe feeds curl, never the script itself.
constexpr const char* kFakeCurl =
    "curl() { for a in \"$@\"; do printf '%s\\000' \"$a\"; done; printf 'END-OF-ARGS\\000';"
    " if [ -p /dev/stdin ]; then cat; fi; }\n";

std::string runCapture(const std::string& commandLine) {
    std::string output;
    FILE* pipe = ::popen(commandLine.c_str(), "r");
    if (pipe == nullptr) {
        ADD_FAILURE() << "cannot run " << commandLine;
        return output;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        output.append(buffer.data(), n);
    }
    ::pclose(pipe);
    return output;
}

// `shell` is "sh", "dash", "bash" or "bash-interactive" (history expansion on, the mode
// a pasted command meets).
ShellRun runInShell(const std::string& shell, const std::string& command) {
    const auto script =
        std::filesystem::temp_directory_path() / ("flowscope-curl-" + std::to_string(::getpid()) + "-" + shell + ".sh");
    {
        std::ofstream out(script, std::ios::binary);
        out << kFakeCurl << command << "\n";
    }
    const std::string line = shell == "bash-interactive"
                                 ? "bash --norc --noprofile -i < '" + script.string() + "' 2>/dev/null"
                                 : shell + " '" + script.string() + "' < /dev/null";
    const std::string output = runCapture(line);
    std::filesystem::remove(script);

    ShellRun run;
    std::size_t start = 0;
    while (start < output.size()) {
        const auto nul = output.find('\0', start);
        if (nul == std::string::npos) {
            break;
        }
        std::string arg = output.substr(start, nul - start);
        start = nul + 1;
        if (arg == "END-OF-ARGS") {
            run.complete = true;
            run.input = output.substr(start);
            break;
        }
        run.args.push_back(std::move(arg));
    }
    return run;
}

bool haveShell(const std::string& name) {
    return std::system(("command -v " + name + " > /dev/null 2>&1").c_str()) == 0;
}

std::vector<std::string> shells() {
    std::vector<std::string> found;
    for (const std::string name : {"sh", "dash", "bash", "zsh", "ksh", "mksh"}) {
        if (haveShell(name)) {
            found.push_back(name);
        }
    }
    if (haveShell("bash")) {
        found.push_back("bash-interactive");
    }
    return found;
}

void expectRun(const Flow& flow, const std::vector<std::string>& expectedArgs, const std::string& expectedInput,
               bool multiline = false) {
    CurlOptions options;
    options.multiline = multiline;
    const std::string command = toCurlCommand(flow, options);
    for (const std::string& shell : shells()) {
        SCOPED_TRACE(shell + " ran: " + command);
        const ShellRun run = runInShell(shell, command);
        EXPECT_TRUE(run.complete);
        EXPECT_EQ(run.args, expectedArgs);
        EXPECT_EQ(run.input, expectedInput);
    }
}

Flow nastyFlow() {
    Flow flow;
    flow.method = "PUT";
    flow.url = "https://api.example.com/p'a$th/`x`?q=!1&r=$(id)&s=%24HOME";
    flow.requestHeaders = {
        {"Host", "api.example.com"},
        {"X-Quote", R"(it's "double" and 'single')"},
        {"X-Shell", "$HOME ${PATH} $(id) `id` !! !$ !-1 \\n \\ %s %% ;|&<>*?~#"},
        {"X-Unicode", "日本語 🚀 café"},
        {"X-Trailing-Space", "value  "},
        {"X-Empty", ""},
        {"Content-Type", "text/plain; charset=utf-8"},
        {"Content-Length", "999"},
    };
    flow.requestBody.data = "line one\n  'quoted' \"double\" $HOME `id` !!\n  two \\ end!\n";
    flow.requestBody.size = flow.requestBody.data.size();
    return flow;
}

std::vector<std::string> nastyArgs() {
    return {
        "https://api.example.com/p'a$th/`x`?q=!1&r=$(id)&s=%24HOME",
        "-X",
        "PUT",
        "-H",
        R"(X-Quote: it's "double" and 'single')",
        "-H",
        "X-Shell: $HOME ${PATH} $(id) `id` !! !$ !-1 \\n \\ %s %% ;|&<>*?~#",
        "-H",
        "X-Unicode: 日本語 🚀 café",
        "-H",
        "X-Trailing-Space: value  ",
        "-H",
        "X-Empty;",
        "-H",
        "Content-Type: text/plain; charset=utf-8",
        "--data-binary",
        "line one\n  'quoted' \"double\" $HOME `id` !!\n  two \\ end!\n",
    };
}

TEST(CurlShell, TheShellsAreThere) {
    ASSERT_TRUE(haveShell("sh"));
    const ShellRun run = runInShell("sh", "curl a 'b c' ''");
    EXPECT_TRUE(run.complete);
    EXPECT_EQ(run.args, (std::vector<std::string>{"a", "b c", ""}));
}

TEST(CurlShell, MetacharactersAndUnicodeArriveUnchanged) {
    expectRun(nastyFlow(), nastyArgs(), "");
}

TEST(CurlShell, MultilineFormArrivesUnchanged) {
    expectRun(nastyFlow(), nastyArgs(), "", true);
}

TEST(CurlShell, BinaryBodyArrivesOnStdinByteForByte) {
    Flow flow;
    flow.method = "POST";
    flow.url = "http://upload.test/blob";
    std::string body;
    for (int round = 0; round < 3; ++round) {
        for (int b = 0; b < 256; ++b) {
            body += static_cast<char>(b);
        }
    }
    body += "\n\n"; // trailing newlines: command substitution would strip these, a pipe does not
    flow.requestBody.data = body;
    expectRun(flow, {"http://upload.test/blob", "--data-binary", "@-"}, body);
}

TEST(CurlShell, CarriageReturnsAndControlCharactersGoThroughPrintf) {
    Flow flow;
    flow.method = "POST";
    flow.url = "http://a.test/";
    flow.requestBody.data =
        "--boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\x1b[0m\r\n--boundary--\r\n";
    expectRun(flow, {"http://a.test/", "--data-binary", "@-"}, flow.requestBody.data);
}

TEST(CurlShell, TabsNeverMeetReadline) {
    Flow flow;
    flow.method = "POST";
    flow.url = "http://a.test/";
    flow.requestHeaders = {{"X-Tab", "a\tb"}};
    flow.requestBody.data = "{\n\t\"indented\": true\n}\n";
    expectRun(flow, {"http://a.test/", "-H", "X-Tab: a\tb", "--data-binary", "@-"}, flow.requestBody.data);
}

TEST(CurlShell, InvisibleAndNonUtf8HeaderBytesArriveExactly) {
    Flow flow;
    flow.method = "GET";
    flow.url = "http://a.test/";
    flow.requestHeaders = {{"X-Bidi", "user\u202Egnp.exe"},
                           {"X-Latin1", "caf\xe9 \xff"},
                           {"X-Zero", "a\u200Bb"},
                           {"X-Quote-Bidi", "'\u2066$HOME'"}};
    expectRun(flow,
              {"http://a.test/", "-H", "X-Bidi: user\u202Egnp.exe", "-H", "X-Latin1: caf\xe9 \xff", "-H",
               "X-Zero: a\u200Bb", "-H", "X-Quote-Bidi: '\u2066$HOME'"},
              "");
}

TEST(CurlShell, AtSignBodyAndGlobUrl) {
    Flow flow;
    flow.method = "POST";
    flow.url = "http://a.test/?a[]=1&b={x,y}";
    flow.requestBody.data = "@secret";
    expectRun(flow, {"http://a.test/?a[]=1&b={x,y}", "--data-raw", "@secret", "--globoff"}, "");
}

TEST(CurlShell, EveryVariedFlowRuns) {
    for (const std::string& name : variedFlowNames()) {
        const Flow flow = variedFlow(name);
        if (flow.kind == FlowKind::Tunnel) {
            continue;
        }
        SCOPED_TRACE(name);
        const ShellRun run = runInShell("sh", toCurlCommand(flow));
        EXPECT_TRUE(run.complete);
        ASSERT_FALSE(run.args.empty());
        EXPECT_EQ(run.args[0], flow.url);
        if (flow.requestBody.data.empty()) {
            continue;
        }
        const bool piped = std::find(run.args.begin(), run.args.end(), "@-") != run.args.end();
        if (piped) {
            EXPECT_EQ(run.input, flow.requestBody.data);
        } else {
            EXPECT_NE(std::find(run.args.begin(), run.args.end(), flow.requestBody.data), run.args.end());
        }
    }
}

} // namespace
} // namespace flowscope::store::test
