#include "hostile_input.hpp"

#include <string_view>

namespace flowscope::test {
namespace {

using namespace std::string_literals;

const std::string kGet = "GET {URL} HTTP/1.1\r\nHost: {HOST}\r\n";
const std::string kPost = "POST {URL} HTTP/1.1\r\nHost: {HOST}\r\n";

std::string manyHeaders(int count) {
    std::string lines;
    for (int i = 0; i < count; ++i)
        lines += "X-Field-" + std::to_string(i) + ": v\r\n";
    return lines;
}

} // namespace

std::vector<HostileCase> hostileCases() {
    return {
        {"BadMethodToken", "GE(T {URL} HTTP/1.1\r\nHost: {HOST}\r\n\r\n"},
        {"ControlCharInTarget", "GET {URL}?a=\x01 HTTP/1.1\r\nHost: {HOST}\r\n\r\n"},
        {"BadHttpVersion", "GET {URL} HTTP/1.7\r\nHost: {HOST}\r\n\r\n"},
        {"SpaceBeforeColon", kGet + "X-Test : value\r\n\r\n"},
        {"ObsFold", kGet + "X-Test: first\r\n  folded\r\n\r\n"},
        {"BareCr", kGet + "X-Test: a\rb\r\n\r\n"},
        {"BareLf", "GET {URL} HTTP/1.1\nHost: {HOST}\n\n"},
        {"NulInHeader", kGet + "X-Test: a\0b\r\n\r\n"s},
        {"HeadOver64KiB", kGet + "X-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n"},
        {"TooManyHeaders", kGet + manyHeaders(1001) + "\r\n"},
        {"ContentLengthWithTransferEncoding",
         kPost + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"},
        {"ConflictingContentLengths", kPost + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"},
        {"InvalidContentLength", kPost + "Content-Length: 5x\r\n\r\nhello"},
        {"OverflowingContentLength", kPost + "Content-Length: 184467440737095516160\r\n\r\nhello"},
        {"TransferEncodingGzipInRequest", kPost + "Transfer-Encoding: gzip\r\n\r\nhello"},
        {"InvalidChunkSize", kPost + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"},
        {"OverflowingChunkSize", kPost + "Transfer-Encoding: chunked\r\n\r\n1ffffffffffffffffff\r\nhello\r\n0\r\n\r\n"},
        {"TwoHostHeaders", kGet + "Host: {HOST}\r\n\r\n"},
        {"Http11WithoutHost", "GET {URL} HTTP/1.1\r\nX-Test: 1\r\n\r\n"},
        {"OriginFormToTheProxy", "GET /echo HTTP/1.1\r\nHost: {HOST}\r\n\r\n"},
    };
}

std::string fillTemplate(std::string text, const std::string& url, const std::string& host) {
    for (const auto& [placeholder, value] : {std::pair<std::string_view, const std::string&>{"{URL}", url},
                                             std::pair<std::string_view, const std::string&>{"{HOST}", host}}) {
        for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

} // namespace flowscope::test
