#include "sample_flows.hpp"

#include "test_support.hpp"

namespace flowscope::ui::test {

store::Flow httpsFlow() {
    store::Flow flow;
    flow.id = 42;
    flow.startedAtUs = 1'700'000'000'000'000;
    flow.endedAtUs = flow.startedAtUs + 87'500;
    flow.timing = {1'000, 2'000, 5'500, 500, 70'000, 8'500};
    flow.scheme = "https";
    flow.method = "POST";
    flow.url = "https://api.example.test/v1/users?page=2&q=ada+lovelace&tag=%C3%A9";
    flow.host = "api.example.test";
    flow.port = 443;
    flow.path = "/v1/users?page=2&q=ada+lovelace&tag=%C3%A9";
    flow.httpVersion = "HTTP/1.1";
    flow.requestHeaders = {{"Host", "api.example.test"},
                           {"Content-Type", "application/json"},
                           {"Cookie", "session=abc123; theme=dark"},
                           {"x-trace", "1"},
                           {"X-Trace", "2"},
                           {"Content-Length", "15"}};
    flow.requestBody = {R"({"name":"Ada"})"
                        "\n",
                        15, false};
    flow.requestContentType = "application/json";
    flow.status = 201;
    flow.reason = "Created";
    const std::string json = R"({"id":7,"name":"Ada"})";
    const QByteArray gz = gzip(QByteArray::fromStdString(json));
    flow.responseHeaders = {{"Content-Type", "application/json; charset=utf-8"},
                            {"Content-Encoding", "gzip"},
                            {"Set-Cookie", "session=xyz; Path=/; Domain=example.test; HttpOnly; Secure; SameSite=Lax"},
                            {"Set-Cookie", "seen=1"},
                            {"Content-Length", std::to_string(gz.size())}};
    flow.responseBody = {gz.toStdString(), static_cast<std::uint64_t>(gz.size()), false};
    flow.responseContentType = "application/json; charset=utf-8";
    flow.tls = {"api.example.test",
                "http/1.1",
                "TLSv1.3",
                "TLSv1.2",
                "ECDHE-ECDSA-AES128-GCM-SHA256",
                "CN=api.example.test",
                "CN=Example Issuing CA,O=Example"};
    return flow;
}

store::Flow plainFlow() {
    store::Flow flow;
    flow.id = 7;
    flow.startedAtUs = 1'700'000'000'000'000;
    flow.endedAtUs = flow.startedAtUs + 3'000;
    flow.timing = {-1, -1, -1, 200, 2'500, 300};
    flow.scheme = "http";
    flow.method = "GET";
    flow.url = "http://example.test/ping";
    flow.host = "example.test";
    flow.port = 80;
    flow.path = "/ping";
    flow.httpVersion = "HTTP/1.1";
    flow.requestHeaders = {{"Host", "example.test"}, {"Accept", "*/*"}};
    flow.status = 204;
    flow.reason = "No Content";
    flow.responseHeaders = {{"Server", "test"}};
    return flow;
}

store::Flow failedFlow() {
    store::Flow flow = plainFlow();
    flow.id = 8;
    flow.url = "http://127.0.0.1:9/ping";
    flow.host = "127.0.0.1";
    flow.port = 9;
    flow.timing = {0, 150, -1, -1, -1, -1};
    flow.status = 0;
    flow.reason.clear();
    flow.responseHeaders.clear();
    flow.errorKind = "connect_refused";
    flow.errorMessage = "127.0.0.1:9: connection refused";
    return flow;
}

store::Flow tunnelFlow() {
    store::Flow flow;
    flow.id = 9;
    flow.kind = store::FlowKind::Tunnel;
    flow.startedAtUs = 1'700'000'000'000'000;
    flow.endedAtUs = flow.startedAtUs + 1'500'000;
    flow.method = "CONNECT";
    flow.host = "pinned.example.test";
    flow.port = 443;
    flow.url = "pinned.example.test:443";
    flow.httpVersion = "HTTP/1.1";
    flow.bytesFromClient = 1234;
    flow.bytesToClient = 56789;
    return flow;
}

} // namespace flowscope::ui::test
