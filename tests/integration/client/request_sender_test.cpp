// RequestSender through a real ProxyServer to real origins on loopback: what the origin
// received must be exactly the request described, and the engine must record it as a flow.
#include "client/request_sender.hpp"
#include "support/proxy_harness.hpp"
#include "support/silent_origin.hpp"
#include "support/temp_dir.hpp"
#include "support/test_origin.hpp"
#include "support/test_pki.hpp"

#include <functional>
#include <future>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <thread>

namespace flowscope::test {
namespace {

using client::HeaderList;
using client::RequestSender;
using client::RequestSpec;
using client::SenderConfig;
using client::SendResult;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

class RequestSenderTest : public ::testing::Test {
protected:
    static TestPki makePki(const TempDir& dir) {
        std::filesystem::create_directories(dir.path() / "pki");
        return createTestPki(dir.path() / "pki");
    }

    static engine::ProxyOptions trusting(const TestPki& testPki) {
        engine::ProxyOptions options = ProxyHarness::defaultOptions();
        options.upstreamCaFiles = {testPki.caCert};
        return options;
    }

    SenderConfig configFor(const ProxyHarness& harness) const {
        SenderConfig config;
        config.proxyHost = "127.0.0.1";
        config.proxyPort = harness.port();
        config.caPem = readFile(harness.caPath());
        config.timeout = 20s;
        return config;
    }

    TempDir scratch{"flowscope-client-it"};
    TestPki pki = makePki(scratch);
    TestOrigin plainOrigin;
    TestOrigin tlsOrigin{pki.valid};
    ProxyHarness proxy{trusting(pki)};
};

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

// Some binary bytes, a NUL and a CRLF included: the body must arrive untouched.
std::string binaryBody() {
    std::string body = "line one\r\nline two\n";
    body += std::string("\0\x01\xfe\xff", 4);
    for (int i = 0; i < 3000; ++i)
        body += static_cast<char>('a' + i % 26);
    return body;
}

TEST_F(RequestSenderTest, PlainHttpArrivesExactlyAndIsRecorded) {
    RequestSender sender(configFor(proxy));
    const RequestSpec spec{"POST",
                           plainOrigin.url("/echo?q=1&r=%20"),
                           {{"X-Second", "2"}, {"x-first", "1"}, {"Content-Type", "application/octet-stream"}},
                           binaryBody()};
    const SendResult result = sender.send(spec);

    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.reason, "OK");
    EXPECT_EQ(result.body, spec.body); // /echo answers with the request body
    EXPECT_EQ(result.bodySize, spec.body.size());
    EXPECT_FALSE(result.bodyTruncated);

    const auto received = plainOrigin.receivedRequests();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].method, "POST");
    EXPECT_EQ(received[0].target, "/echo?q=1&r=%20");
    const HeaderList expected{{"Host", "127.0.0.1:" + std::to_string(plainOrigin.port())},
                              {"X-Second", "2"},
                              {"x-first", "1"},
                              {"Content-Type", "application/octet-stream"},
                              {"Content-Length", std::to_string(spec.body.size())}};
    EXPECT_EQ(received[0].headers, expected);
    EXPECT_EQ(received[0].body, spec.body);

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].method, "POST");
    EXPECT_EQ(flows[0].scheme, "http");
    EXPECT_EQ(flows[0].url, spec.url);
    EXPECT_EQ(flows[0].status, 200);
    EXPECT_EQ(flows[0].requestBody.data, spec.body);
    EXPECT_TRUE(flows[0].errorKind.empty()) << flows[0].errorMessage;
}

TEST_F(RequestSenderTest, HttpsGoesThroughConnectAndIsIntercepted) {
    RequestSender sender(configFor(proxy));
    const RequestSpec spec{"PUT",
                           tlsOrigin.url("/echo?x=y", "localhost"),
                           {{"Accept", "*/*"}, {"X-Resend", "yes"}, {"Cookie", "a=1; b=2"}},
                           binaryBody()};
    const SendResult result = sender.send(spec);

    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.body, spec.body);

    const auto received = tlsOrigin.receivedRequests();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].method, "PUT");
    EXPECT_EQ(received[0].target, "/echo?x=y");
    const HeaderList expected{{"Host", "localhost:" + std::to_string(tlsOrigin.port())},
                              {"Accept", "*/*"},
                              {"X-Resend", "yes"},
                              {"Cookie", "a=1; b=2"},
                              {"Content-Length", std::to_string(spec.body.size())}};
    EXPECT_EQ(received[0].headers, expected);
    EXPECT_EQ(received[0].body, spec.body);

    // Recorded as an intercepted exchange, not as a tunnel: the engine saw the plaintext.
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    const store::Flow& flow = flows[0];
    EXPECT_EQ(flow.kind, store::FlowKind::Http);
    EXPECT_EQ(flow.scheme, "https");
    EXPECT_EQ(flow.method, "PUT");
    EXPECT_EQ(flow.url, spec.url);
    EXPECT_EQ(flow.requestBody.data, spec.body);
    EXPECT_EQ(flow.tls.sni, "localhost");
    EXPECT_EQ(flow.tls.clientAlpn, "http/1.1");
    EXPECT_TRUE(flow.errorKind.empty()) << flow.errorMessage;
}

TEST_F(RequestSenderTest, HttpsToAnIpAddressChecksTheIpSan) {
    RequestSender sender(configFor(proxy));
    const SendResult result = sender.send({"GET", tlsOrigin.url("/hello"), {}, {}});
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.body, "hello from origin\n");
}

TEST_F(RequestSenderTest, ARootOtherThanTheProxysIsRefused) {
    SenderConfig config = configFor(proxy);
    config.caPem = readFile(pki.caCert); // trusted by nobody in this exchange
    RequestSender sender(config);
    const SendResult result = sender.send({"GET", tlsOrigin.url("/hello", "localhost"), {}, {}});
    EXPECT_THAT(result.error, HasSubstr("certificate verify failed"));
    EXPECT_EQ(result.status, 0);
    EXPECT_EQ(tlsOrigin.requestCount(), 0u);
}

TEST_F(RequestSenderTest, HttpsWithoutAUsableCaFailsClearly) {
    SenderConfig config = configFor(proxy);
    config.caPem = "not a certificate";
    RequestSender sender(config);
    EXPECT_THAT(sender.send({"GET", tlsOrigin.url("/hello"), {}, {}}).error, HasSubstr("not a readable PEM"));
    // Plain http does not need the CA.
    EXPECT_TRUE(sender.send({"GET", plainOrigin.url("/hello"), {}, {}}).ok());
}

TEST_F(RequestSenderTest, UpstreamFailuresComeBackAsTheProxysResponse) {
    RequestSender sender(configFor(proxy));
    const SendResult result = sender.send({"GET", "http://127.0.0.1:" + std::to_string(unusedPort()) + "/", {}, {}});
    ASSERT_TRUE(result.ok()) << result.error; // the proxy answered: that is a response
    EXPECT_EQ(result.status, 502);
    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].errorKind, "connect_refused");
}

TEST_F(RequestSenderTest, NoProxyListeningIsAnError) {
    SenderConfig config = configFor(proxy);
    config.proxyPort = unusedPort();
    RequestSender sender(config);
    const SendResult result = sender.send({"GET", plainOrigin.url("/hello"), {}, {}});
    EXPECT_THAT(result.error, HasSubstr("connecting to the proxy at 127.0.0.1:"));
}

TEST_F(RequestSenderTest, WildcardListenAddressMeansLoopback) {
    SenderConfig config = configFor(proxy);
    config.proxyHost = "0.0.0.0";
    RequestSender sender(config);
    EXPECT_TRUE(sender.send({"GET", plainOrigin.url("/hello"), {}, {}}).ok());
    config.proxyHost = "proxy.example";
    RequestSender named(config);
    EXPECT_THAT(named.send({"GET", plainOrigin.url("/hello"), {}, {}}).error, HasSubstr("not an IP address"));
}

TEST_F(RequestSenderTest, InvalidRequestsNeverReachTheWire) {
    RequestSender sender(configFor(proxy));
    const SendResult result = sender.send({"GET", plainOrigin.url("/hello"), {{"X-Evil", "a\r\nX-Injected: 1"}}, {}});
    EXPECT_THAT(result.error, HasSubstr("line break"));
    EXPECT_EQ(proxy.stats().connectionsAccepted, 0u);
}

TEST_F(RequestSenderTest, ResponseBodyIsCappedAndCounted) {
    SenderConfig config = configFor(proxy);
    config.maxResponseBody = 1000;
    RequestSender sender(config);
    const SendResult result = sender.send({"GET", tlsOrigin.url("/bytes?n=100000", "localhost"), {}, {}});
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.body.size(), 1000u);
    EXPECT_EQ(result.bodySize, 100000u);
    EXPECT_TRUE(result.bodyTruncated);
}

TEST_F(RequestSenderTest, HeadReadsNoBody) {
    RequestSender sender(configFor(proxy));
    const SendResult result = sender.send({"HEAD", plainOrigin.url("/hello"), {}, {}});
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.status, 200);
    EXPECT_TRUE(result.body.empty());
    EXPECT_EQ(plainOrigin.receivedRequests().at(0).method, "HEAD");
}

TEST_F(RequestSenderTest, InterimContinueIsSkipped) {
    RequestSender sender(configFor(proxy));
    // The proxy answers Expect: 100-continue itself; the sender must read past the 100.
    const SendResult result =
        sender.send({"POST", tlsOrigin.url("/echo", "localhost"), {{"Expect", "100-continue"}}, "payload"});
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.body, "payload");
}

TEST_F(RequestSenderTest, TimeoutEndsAWaitForASilentUpstream) {
    SilentOrigin silent;
    SenderConfig config = configFor(proxy);
    config.timeout = 400ms;
    RequestSender sender(config);
    const auto started = std::chrono::steady_clock::now();
    const SendResult result = sender.send({"GET", "http://127.0.0.1:" + std::to_string(silent.port()) + "/", {}, {}});
    EXPECT_THAT(result.error, HasSubstr("timed out after 400 ms waiting for the response"));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_GE(result.elapsed, 350ms);
}

TEST_F(RequestSenderTest, CallbackAndFutureForms) {
    RequestSender sender(configFor(proxy));
    std::promise<SendResult> delivered;
    std::thread::id callbackThread;
    sender.sendAsync({"GET", plainOrigin.url("/hello"), {}, {}}, [&](SendResult result) {
        callbackThread = std::this_thread::get_id();
        delivered.set_value(std::move(result));
    });
    auto viaFuture = sender.sendAsync(RequestSpec{"GET", tlsOrigin.url("/hello", "localhost"), {}, {}});
    auto viaCallback = delivered.get_future();
    ASSERT_EQ(viaCallback.wait_for(20s), std::future_status::ready);
    ASSERT_EQ(viaFuture.wait_for(20s), std::future_status::ready);
    EXPECT_EQ(viaCallback.get().status, 200);
    EXPECT_EQ(viaFuture.get().status, 200);
    EXPECT_NE(callbackThread, std::this_thread::get_id()); // the sender's own thread
    EXPECT_EQ(proxy.flows(2).size(), 2u);
}

TEST_F(RequestSenderTest, CancelAllEndsRequestsInFlight) {
    SilentOrigin silent;
    RequestSender sender(configFor(proxy)); // 20 s timeout: only cancelling ends it soon
    auto pending =
        sender.sendAsync(RequestSpec{"GET", "http://127.0.0.1:" + std::to_string(silent.port()) + "/", {}, {}});
    ASSERT_TRUE(waitFor([&] { return silent.connectionsAccepted() == 1; }));
    sender.cancelAll();
    ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(pending.get().error, "cancelled");
}

TEST_F(RequestSenderTest, DestructionCancelsAndStillCallsBack) {
    SilentOrigin silent;
    std::promise<SendResult> delivered;
    auto future = delivered.get_future();
    {
        RequestSender sender(configFor(proxy));
        sender.sendAsync({"GET", "http://127.0.0.1:" + std::to_string(silent.port()) + "/", {}, {}},
                         [&](SendResult result) { delivered.set_value(std::move(result)); });
        ASSERT_TRUE(waitFor([&] { return silent.connectionsAccepted() == 1; }));
    }
    ASSERT_EQ(future.wait_for(0s), std::future_status::ready);
    EXPECT_EQ(future.get().error, "cancelled");
}

} // namespace
} // namespace flowscope::test
