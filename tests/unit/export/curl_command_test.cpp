// "Copy as cURL": which options a flow turns into, and the exact quoting for cmd.exe and
// PowerShell (which cannot run here; the POSIX output is executed in curl_shell_test).
#include "export_test_support.hpp"
#include "store/export/curl_command.hpp"
#include "store/export/shell_quote.hpp"

#include <gtest/gtest.h>

namespace flowscope::store::test {
namespace {

using exporting::cmdQuote;
using exporting::isDisplaySafe;
using exporting::posixQuote;
using exporting::powerShellQuote;

Flow simpleFlow(std::string method, std::string url) {
    Flow flow;
    flow.method = std::move(method);
    flow.url = std::move(url);
    flow.httpVersion = "HTTP/1.1";
    return flow;
}

TEST(CurlCommand, JsonPostSkipsImpliedAndComputedParts) {
    EXPECT_EQ(toCurlCommand(variedFlow("json_gzip")),
              "curl 'https://api.example.com/v1/items?page=2&q=a%20b+c&empty=&flag'"
              " -H 'Content-Type: application/json' -H 'Cookie: session=abc123; theme=dark'"
              R"( --data-binary '{"name":"widget","qty":3}' --compressed)");
}

TEST(CurlCommand, MethodOnlyWhenNotImplied) {
    EXPECT_EQ(toCurlCommand(simpleFlow("GET", "http://a.test/")), "curl http://a.test/");
    EXPECT_EQ(toCurlCommand(simpleFlow("HEAD", "http://a.test/")), "curl http://a.test/ --head");
    EXPECT_EQ(toCurlCommand(simpleFlow("PUT", "http://a.test/")), "curl http://a.test/ -X PUT");
    EXPECT_EQ(toCurlCommand(simpleFlow("POST", "http://a.test/")), "curl http://a.test/ -X POST");
    Flow getWithBody = simpleFlow("GET", "http://a.test/");
    getWithBody.requestBody.data = "q";
    EXPECT_EQ(toCurlCommand(getWithBody), "curl http://a.test/ -X GET --data-binary q");
    EXPECT_EQ(toCurlCommand(simpleFlow("M'X", "http://a.test/")), R"(curl http://a.test/ -X 'M'\''X')");
}

TEST(CurlCommand, HostKeptOnlyWhenItDiffersFromTheUrl) {
    Flow flow = simpleFlow("GET", "https://a.test:8443/x");
    flow.requestHeaders = {{"Host", "A.TEST:8443"}};
    EXPECT_EQ(toCurlCommand(flow), "curl https://a.test:8443/x");
    flow.requestHeaders = {{"Host", "other.test"}};
    EXPECT_EQ(toCurlCommand(flow), "curl https://a.test:8443/x -H 'Host: other.test'");
    flow.url = "https://a.test/x";
    flow.requestHeaders = {{"Host", "a.test:443"}}; // the default port, said out loud
    EXPECT_EQ(toCurlCommand(flow), "curl https://a.test/x");
}

TEST(CurlCommand, HeaderSpecialCases) {
    EXPECT_EQ(toCurlCommand(variedFlow("duplicate_headers")),
              "curl https://dups.example.com/ -H 'X-Dup: 1' -H 'accept: text/html' -H 'x-dup: 2' -H 'X-DUP: 3'"
              " -H 'X-Empty;'");
    Flow flow = simpleFlow("GET", "https://h2.test/");
    flow.requestHeaders = {{":authority", "h2.test"}, {":method", "GET"}, {"accept-encoding", "br"}, {"@file", "x"}};
    EXPECT_EQ(toCurlCommand(flow), "curl https://h2.test/ --compressed");
}

TEST(CurlCommand, BodyStartingWithAtIsNotAFileName) {
    Flow flow = simpleFlow("POST", "http://a.test/");
    flow.requestBody.data = "@/etc/passwd";
    EXPECT_EQ(toCurlCommand(flow), "curl http://a.test/ --data-raw @/etc/passwd");
}

TEST(CurlCommand, GlobCharactersTurnGlobbingOff) {
    EXPECT_EQ(toCurlCommand(simpleFlow("GET", "http://a.test/?a[]=1&b={x}")),
              "curl 'http://a.test/?a[]=1&b={x}' --globoff");
}

TEST(CurlCommand, BinaryBodyGoesThroughPrintf) {
    Flow flow = simpleFlow("POST", "http://a.test/");
    flow.requestBody.data = std::string("\0\x01'%\\\xff\n9", 8);
    EXPECT_EQ(toCurlCommand(flow), R"(printf '\000\001\047%%\\\377\0129' | curl http://a.test/ --data-binary @-)");
}

TEST(CurlCommand, PrintfFormatNeverStartsWithADash) {
    Flow flow = simpleFlow("POST", "http://a.test/");
    flow.requestBody.data = "--b\r\n-";
    EXPECT_EQ(toCurlCommand(flow), R"(printf '\055-b\015\012-' | curl http://a.test/ --data-binary @-)");
}

TEST(CurlCommand, TruncatedBodyGetsANote) {
    Flow flow = simpleFlow("POST", "http://a.test/");
    flow.requestBody.data = "abc";
    flow.requestBody.size = 10;
    flow.requestBody.truncated = true;
    EXPECT_EQ(toCurlCommand(flow), "# the request body was captured only in part (3 of 10 bytes)\n"
                                   "curl http://a.test/ --data-binary abc");
}

TEST(CurlCommand, TunnelHasNothingToRepeat) {
    EXPECT_EQ(toCurlCommand(variedFlow("tunnel")),
              "# CONNECT tunnel to pinned.example.com:443: no HTTP request was recorded to repeat\n");
    EXPECT_EQ(toCurlCommand(variedFlow("tunnel"), {CurlShell::WindowsCmd, false}).substr(0, 4), "REM ");
}

TEST(CurlCommand, Multiline) {
    CurlOptions options;
    options.multiline = true;
    EXPECT_EQ(toCurlCommand(variedFlow("json_gzip"), options),
              "curl 'https://api.example.com/v1/items?page=2&q=a%20b+c&empty=&flag' \\\n"
              "  -H 'Content-Type: application/json' \\\n"
              "  -H 'Cookie: session=abc123; theme=dark' \\\n"
              R"(  --data-binary '{"name":"widget","qty":3}' \)"
              "\n  --compressed");
    options.shell = CurlShell::WindowsCmd;
    EXPECT_EQ(toCurlCommand(simpleFlow("PUT", "http://a.test/x y"), options),
              "curl ^\"http://a.test/x y^\" ^\n  -X PUT");
    options.shell = CurlShell::PowerShell;
    EXPECT_EQ(toCurlCommand(simpleFlow("PUT", "http://a.test/x y"), options),
              "curl.exe 'http://a.test/x y' `\n  -X PUT");
}

TEST(ShellQuote, DisplaySafety) {
    EXPECT_TRUE(isDisplaySafe("Grüße 🚀 x", false));
    EXPECT_FALSE(isDisplaySafe("tab\tx", true)); // completion when pasted
    EXPECT_FALSE(isDisplaySafe("a\nb", false));
    EXPECT_TRUE(isDisplaySafe("a\nb", true));
    EXPECT_FALSE(isDisplaySafe("a\rb", true));
    EXPECT_FALSE(isDisplaySafe("a\x1b[31m", true));
    EXPECT_FALSE(isDisplaySafe("admin\u202E\u2066", true)); // bidi override / isolate
    EXPECT_FALSE(isDisplaySafe("zero\u200Bwidth", true));
    EXPECT_FALSE(isDisplaySafe("c1\xc2\x85", true)); // U+0085, a C1 control
    EXPECT_FALSE(isDisplaySafe("\xff", true));
}

TEST(ShellQuote, Posix) {
    EXPECT_EQ(posixQuote("--compressed"), "--compressed");
    EXPECT_EQ(posixQuote(""), "''");
    EXPECT_EQ(posixQuote("a b"), "'a b'");
    EXPECT_EQ(posixQuote("it's"), R"('it'\''s')");
    EXPECT_EQ(posixQuote("$HOME `id` !! \\ \"x\""), "'$HOME `id` !! \\ \"x\"'");
    EXPECT_EQ(posixQuote("a\u202Eb"), R"x("$(printf 'a\342\200\256b')")x");
}

TEST(ShellQuote, Cmd) {
    EXPECT_EQ(cmdQuote("-H"), "-H");
    EXPECT_EQ(cmdQuote("a b"), R"(^"a b^")");
    EXPECT_EQ(cmdQuote(R"(say "hi")"), R"(^"say \^"hi\^"^")");
    EXPECT_EQ(cmdQuote(R"(C:\dir\)"), R"(^"C:\dir\\^")");
    EXPECT_EQ(cmdQuote(R"(a\"b)"), R"(^"a\\\^"b^")");
    EXPECT_EQ(cmdQuote("%PATH%"), R"(^"%^PATH%^")");
    EXPECT_EQ(cmdQuote("100% & <x> | (y) ^ !"), R"(^"100%^ ^& ^<x^> ^| ^(y^) ^^ ^!^")");
    EXPECT_EQ(cmdQuote("a\nb"), "^\"a^\n\nb^\"");
}

TEST(ShellQuote, PowerShell) {
    EXPECT_EQ(powerShellQuote("-X"), "-X");
    EXPECT_EQ(powerShellQuote("@file"), "'@file'");
    EXPECT_EQ(powerShellQuote("it's"), "'it''s'");
    EXPECT_EQ(powerShellQuote("\u2018smart\u2019"), "'\u2018\u2018smart\u2019\u2019'");
    EXPECT_EQ(powerShellQuote(R"($x "y" `z`)"), R"('$x "y" `z`')");
    EXPECT_EQ(powerShellQuote("$a\u202E\"\x01"), "\"`$a`u{202E}`\"`u{1}\"");
    EXPECT_EQ(powerShellQuote("caf\xe9"), "'café'");
}

TEST(CurlCommand, WindowsCmdCommand) {
    Flow flow = simpleFlow("POST", "https://a.test/q?x=1&y=%41");
    flow.requestHeaders = {{"Content-Type", "application/json"}};
    flow.requestBody.data = R"({"msg":"50% off & more"})";
    EXPECT_EQ(toCurlCommand(flow, {CurlShell::WindowsCmd, false}),
              R"(curl ^"https://a.test/q?x=1^&y=%^41^" -H ^"Content-Type: application/json^")"
              R"( --data-binary ^"{\^"msg\^":\^"50%^ off ^& more\^"}^")");
    flow.requestBody.data = std::string("\0bin", 4);
    EXPECT_EQ(toCurlCommand(flow, {CurlShell::WindowsCmd, false}),
              "REM the request body (4 bytes) has bytes cmd cannot pass: save it as body.bin\n"
              R"(curl ^"https://a.test/q?x=1^&y=%^41^" -H ^"Content-Type: application/json^" --data-binary @body.bin)");
}

TEST(CurlCommand, PowerShellCommand) {
    Flow flow = simpleFlow("POST", "https://a.test/q?x=1&y=2");
    flow.requestHeaders = {{"Content-Type", "application/json"}, {"If-None-Match", "\"abc\""}};
    flow.requestBody.data = R"({"name":"O'Brien"})";
    EXPECT_EQ(toCurlCommand(flow, {CurlShell::PowerShell, false}),
              R"(curl.exe 'https://a.test/q?x=1&y=2' -H 'Content-Type: application/json')"
              R"( -H 'If-None-Match: "abc"' --data-binary '{"name":"O''Brien"}')");
    flow.requestBody.data = std::string("\x89PNG\0", 5);
    EXPECT_EQ(toCurlCommand(flow, {CurlShell::PowerShell, false}),
              "$body = New-TemporaryFile\n"
              "[IO.File]::WriteAllBytes($body.FullName, [Convert]::FromBase64String('iVBORwA='))\n"
              R"(curl.exe 'https://a.test/q?x=1&y=2' -H 'Content-Type: application/json')"
              R"x( -H 'If-None-Match: "abc"' --data-binary "@$($body.FullName)")x");
}

} // namespace
} // namespace flowscope::store::test
