// Hostile input over raw sockets: every malformed request gets a 400 and a closed
// connection, nothing reaches the origin, and the proxy serves the next client normally.
// Slow and idle clients are timed out; a slow-loris client does not starve others.
#include "hostile_input.hpp"
#include "integration_fixture.hpp"
#include "support/origin_content.hpp"
#include "support/proxy_client.hpp"
#include "support/raw_connection.hpp"
#include "support/test_origin.hpp"

#include <atomic>
#include <future>
#include <thread>

namespace flowscope::test {
namespace {

using namespace std::chrono_literals;

// Control bytes made visible, long data cut, for assertion messages.
std::string printable(std::string_view data) {
    std::string out;
    for (const char c : data.substr(0, 400)) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n\n";
        else if (byte < 0x20 || byte >= 0x7F)
            out += "\\x" + std::string(1, "0123456789abcdef"[byte >> 4]) + "0123456789abcdef"[byte & 0xF];
        else
            out += c;
    }
    return data.size() > 400 ? out + "..." : out;
}

class ProxyUnderAttack : public IntegrationTest {
protected:
    std::string hostPort() const { return "127.0.0.1:" + std::to_string(origin.port()); }

    // After an attack: nothing reached the origin, and a normal client is served.
    void expectOriginUntouchedAndProxyStillServing(ProxyHarness& proxy) {
        std::this_thread::sleep_for(50ms); // let anything the proxy might have sent arrive
        EXPECT_EQ(origin.requestCount(), 0u);
        EXPECT_EQ(origin.bytesReceived(), 0u);
        ProxyClient client(proxy.port());
        const HttpResponse response = client.get(origin.url("/hello"));
        EXPECT_EQ(response.status, 200);
        EXPECT_EQ(response.body, kHelloBody);
        EXPECT_EQ(origin.requestCount("/hello"), 1u);
    }

    TestOrigin origin;
};

class HostileRequestTest : public ProxyUnderAttack, public ::testing::WithParamInterface<HostileCase> {};

TEST_P(HostileRequestTest, IsRefusedWith400AndNeverReachesTheOrigin) {
    ProxyHarness proxy;
    const std::string bytes = fillTemplate(GetParam().bytes, origin.url("/echo"), hostPort());
    const RawResult result = rawExchange(proxy.port(), bytes);

    EXPECT_EQ(statusOf(result.data), 400) << printable(result.data);
    EXPECT_EQ(headerOf(result.data, "X-Flowscope-Error"), "bad_request") << printable(result.data);
    EXPECT_EQ(headerOf(result.data, "Connection"), "close");
    EXPECT_TRUE(result.closedByPeer) << "the proxy left the connection open";
    EXPECT_FALSE(result.reset) << "the 400 was followed by a TCP reset, which can destroy it before the client "
                                  "reads it (RFC 9112 §9.6)";

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].errorKind, "bad_request");
    EXPECT_EQ(flows[0].status, 400);
    EXPECT_FALSE(flows[0].errorMessage.empty());

    expectOriginUntouchedAndProxyStillServing(proxy);
}

INSTANTIATE_TEST_SUITE_P(Hostile, HostileRequestTest, ::testing::ValuesIn(hostileCases()),
                         [](const ::testing::TestParamInfo<HostileCase>& info) { return info.param.name; });

class TimeoutTest : public ProxyUnderAttack {};

TEST_F(TimeoutTest, SlowClientGets408) {
    engine::ProxyOptions options = ProxyHarness::defaultOptions();
    options.headerTimeout = 300ms;
    ProxyHarness proxy(options);
    RawConnection connection(proxy.port());
    ASSERT_TRUE(connection.send(fillTemplate("GET {URL} HTTP/1.1\r\nHost: {H", origin.url("/hello"), hostPort())));
    const RawResult result = connection.readUntilClose(5s);

    EXPECT_EQ(statusOf(result.data), 408) << printable(result.data);
    EXPECT_EQ(headerOf(result.data, "X-Flowscope-Error"), "client_timeout");
    EXPECT_TRUE(result.closedByPeer);
    EXPECT_GE(result.elapsed, 250ms);
    EXPECT_LT(result.elapsed, 2s);

    const auto flows = proxy.flows(1);
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].errorKind, "client_timeout");
    EXPECT_EQ(flows[0].status, 408);
    expectOriginUntouchedAndProxyStillServing(proxy);
}

TEST_F(TimeoutTest, IdleKeptAliveConnectionIsClosed) {
    engine::ProxyOptions options = ProxyHarness::defaultOptions();
    options.idleTimeout = 300ms;
    ProxyHarness proxy(options);
    RawConnection connection(proxy.port());
    ASSERT_TRUE(
        connection.send(fillTemplate("GET {URL} HTTP/1.1\r\nHost: {HOST}\r\n\r\n", origin.url("/hello"), hostPort())));
    const RawResult answered = connection.readUntil(kHelloBody, 5s);
    ASSERT_EQ(statusOf(answered.data), 200) << printable(answered.data);
    EXPECT_FALSE(answered.closedByPeer);

    const RawResult idle = connection.readUntilClose(5s);
    EXPECT_TRUE(idle.closedByPeer) << "the idle connection was not closed";
    EXPECT_FALSE(idle.timedOut);
    EXPECT_EQ(idle.data, answered.data) << "nothing more is sent on an idle close";
    EXPECT_GE(idle.elapsed, 200ms);
    EXPECT_LT(idle.elapsed, 2s);
    EXPECT_EQ(proxy.flows(1).size(), 1u); // an idle close is not a flow
}

TEST_F(TimeoutTest, ParallelClientsAreServedWhileASlowLorisHoldsAConnection) {
    ProxyHarness proxy; // default 30 s header timeout: the slow loris is never cut off here
    std::atomic<bool> stop{false};
    std::atomic<int> trickled{0};
    auto loris = std::async(std::launch::async, [&] {
        RawConnection connection(proxy.port());
        bool ok = connection.send(fillTemplate("GET {URL} HTTP/1.1\r\n", origin.url("/hello"), hostPort()));
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (ok && !stop && std::chrono::steady_clock::now() < deadline) {
            ok = connection.send("X-Slow-" + std::to_string(trickled++) + ": x\r\n");
            std::this_thread::sleep_for(20ms);
        }
        return ok;
    });
    ASSERT_TRUE(waitUntil([&] { return trickled.load() >= 3; })) << "the slow loris never got going";

    std::vector<std::future<int>> clients;
    for (int i = 0; i < 50; ++i) {
        clients.push_back(std::async(std::launch::async, [&] {
            ProxyClient client(proxy.port(), 20s);
            const HttpResponse response = client.get(origin.url("/hello"));
            return response.body == kHelloBody ? response.status : -response.status;
        }));
    }
    int succeeded = 0;
    for (auto& client : clients) {
        try {
            succeeded += client.get() == 200 ? 1 : 0;
        } catch (const std::exception& error) {
            ADD_FAILURE() << error.what();
        }
    }
    stop = true;
    EXPECT_TRUE(loris.get()) << "the proxy dropped the slow loris early";
    EXPECT_EQ(succeeded, 50);
    EXPECT_EQ(origin.requestCount("/hello"), 50u);
    EXPECT_EQ(proxy.flows(50).size(), 50u);
}

} // namespace
} // namespace flowscope::test
