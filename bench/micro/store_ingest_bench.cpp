// Store ingest (src/store): flows per second through FlowWriter into a real SQLite file,
// each flow with typical headers and a 1 KiB response body. The writer commits on its own
// thread, so the time is wall-clock (UseRealTime) from the first publish to flush().
#include "micro_support.hpp"
#include "store/flow_writer.hpp"

#include <benchmark/benchmark.h>

namespace flowscope::bench {
namespace {

constexpr std::int64_t kFlowsPerIteration = 5000;

store::Flow templateFlow() {
    store::Flow flow;
    flow.kind = store::FlowKind::Http;
    flow.startedAtUs = 1'795'420'800'000'000;
    flow.endedAtUs = flow.startedAtUs + 42'000;
    flow.timing = {-1, -1, -1, 80, 40'000, 1'200};
    flow.clientAddress = "127.0.0.1:51234";
    flow.scheme = "https";
    flow.method = "GET";
    flow.host = "api.acme-shop.com";
    flow.port = 443;
    flow.path = "/v1/products/12345?include=reviews";
    flow.url = "https://api.acme-shop.com" + flow.path;
    flow.httpVersion = "HTTP/1.1";
    flow.status = 200;
    flow.reason = "OK";
    flow.requestHeaders = {{"Host", "api.acme-shop.com"},
                           {"Connection", "keep-alive"},
                           {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0"},
                           {"Accept", "application/json, text/plain, */*"},
                           {"Authorization", "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.4f2a9c0e8b7d6a5f"},
                           {"Origin", "https://www.acme-shop.com"},
                           {"Accept-Encoding", "gzip, deflate, br, zstd"},
                           {"Accept-Language", "en-GB,en;q=0.9"}};
    flow.responseHeaders = {{"Server", "nginx"},
                            {"Date", "Mon, 23 Nov 2026 08:00:00 GMT"},
                            {"Content-Type", "application/json; charset=utf-8"},
                            {"Content-Length", "1024"},
                            {"Connection", "keep-alive"},
                            {"Cache-Control", "no-store"},
                            {"Access-Control-Allow-Origin", "https://www.acme-shop.com"},
                            {"X-Request-Id", "5f0c6b3a9e2d41c7"}};
    std::string body = R"({"id":12345,"name":"Wireless Headphones Pro","tags":[)";
    while (body.size() < 1020) {
        body += R"("audio",)";
    }
    body.resize(1020);
    body += "1]}\n";
    flow.responseBody.data = body;
    flow.responseBody.size = body.size();
    flow.responseContentType = "application/json; charset=utf-8";
    flow.tls.sni = flow.host;
    flow.tls.clientAlpn = "http/1.1";
    flow.tls.clientVersion = "TLSv1.3";
    flow.tls.upstreamVersion = "TLSv1.3";
    flow.tls.upstreamCipher = "TLS_AES_128_GCM_SHA256";
    flow.bytesFromClient = 480;
    flow.bytesToClient = 1400;
    return flow;
}

void BM_StoreIngest1KiB(benchmark::State& state) {
    TempDir dir("ingest");
    const store::Flow pattern = templateFlow();
    store::FlowWriter writer(dir.path() / "flows.sqlite");
    for (auto _ : state) {
        for (std::int64_t i = 0; i < kFlowsPerIteration; ++i) {
            store::Flow flow = pattern; // the engine hands over a fresh flow each time too
            flow.id = writer.allocateId();
            flow.startedAtUs += flow.id * 1000;
            flow.endedAtUs += flow.id * 1000;
            writer.publish(std::move(flow));
        }
        writer.flush();
    }
    state.SetItemsProcessed(state.iterations() * kFlowsPerIteration);
    state.SetBytesProcessed(state.iterations() * kFlowsPerIteration * 1024);
}
BENCHMARK(BM_StoreIngest1KiB)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

} // namespace
} // namespace flowscope::bench
