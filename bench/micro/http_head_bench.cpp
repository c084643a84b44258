// Parsing message heads (src/http): the strict HeadScanner alone, and the whole
// MessageParser (scanner + Beast + framing rules) on a browser request and a CDN response
// as they arrive at the proxy.
#include "http/head_scanner.hpp"
#include "http/message_parser.hpp"

#include <benchmark/benchmark.h>
#include <string_view>

namespace flowscope::bench {
namespace {

// A Chrome navigation through the proxy after CONNECT (origin-form, ~800 bytes).
constexpr std::string_view kRequest =
    "GET /products/wireless-headphones-12345?ref=home&utm_source=newsletter HTTP/1.1\r\n"
    "Host: www.acme-shop.com\r\n"
    "Connection: keep-alive\r\n"
    "sec-ch-ua: \"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"\r\n"
    "sec-ch-ua-mobile: ?0\r\n"
    "sec-ch-ua-platform: \"Linux\"\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
    "Sec-Fetch-Site: same-origin\r\n"
    "Sec-Fetch-Mode: navigate\r\n"
    "Sec-Fetch-User: ?1\r\n"
    "Sec-Fetch-Dest: document\r\n"
    "Referer: https://www.acme-shop.com/category/audio\r\n"
    "Accept-Encoding: gzip, deflate, br, zstd\r\n"
    "Accept-Language: en-GB,en;q=0.9,de;q=0.8\r\n"
    "Cookie: session=4f2a9c0e8b7d6a5f4e3d2c1b0a998877; _ga=GA1.2.123456789.1790000000; theme=dark\r\n"
    "\r\n";

// A CDN answer to a script request (~600 bytes).
constexpr std::string_view kResponse = "HTTP/1.1 200 OK\r\n"
                                       "Date: Mon, 23 Nov 2026 08:00:00 GMT\r\n"
                                       "Content-Type: application/javascript\r\n"
                                       "Content-Length: 48213\r\n"
                                       "Connection: keep-alive\r\n"
                                       "Content-Encoding: gzip\r\n"
                                       "Vary: Accept-Encoding\r\n"
                                       "ETag: \"5f0c6b3a9e2d41c7\"\r\n"
                                       "Last-Modified: Tue, 18 Nov 2026 14:02:11 GMT\r\n"
                                       "Cache-Control: public, max-age=31536000, immutable\r\n"
                                       "CF-Cache-Status: HIT\r\n"
                                       "Age: 8123\r\n"
                                       "Accept-Ranges: bytes\r\n"
                                       "Strict-Transport-Security: max-age=63072000; includeSubDomains\r\n"
                                       "Server: cloudflare\r\n"
                                       "CF-RAY: 8e1f2a3b4c5d6e7f-FRA\r\n"
                                       "Alt-Svc: h3=\":443\"; ma=86400\r\n"
                                       "\r\n";

template <bool IsRequest> void scanHead(benchmark::State& state, std::string_view head) {
    http::HeadScanner scanner(IsRequest, {});
    for (auto _ : state) {
        scanner.reset();
        benchmark::DoNotOptimize(scanner.scan(head));
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(head.size()));
}

template <bool IsRequest> void parseHead(benchmark::State& state, std::string_view head) {
    http::MessageParser<IsRequest> parser;
    for (auto _ : state) {
        parser.reset();
        const http::HeadResult result = parser.parseHead(head);
        if (result.state != http::HeadResult::State::Complete) {
            state.SkipWithError("head did not parse");
            break;
        }
        benchmark::DoNotOptimize(parser.head());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(head.size()));
}

void BM_HeadScanRequest(benchmark::State& state) {
    scanHead<true>(state, kRequest);
}
void BM_HeadScanResponse(benchmark::State& state) {
    scanHead<false>(state, kResponse);
}
void BM_ParseRequestHead(benchmark::State& state) {
    parseHead<true>(state, kRequest);
}
void BM_ParseResponseHead(benchmark::State& state) {
    parseHead<false>(state, kResponse);
}
BENCHMARK(BM_HeadScanRequest);
BENCHMARK(BM_HeadScanResponse);
BENCHMARK(BM_ParseRequestHead);
BENCHMARK(BM_ParseResponseHead);

} // namespace
} // namespace flowscope::bench
