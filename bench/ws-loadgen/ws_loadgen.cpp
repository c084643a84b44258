// flowscope-ws-loadgen: small-message WebSocket relay rate and latency, through a forward
// proxy or direct, for side-by-side benchmarks (docs/benchmarks.md, "WebSocket relay").
//
//   flowscope-ws-loadgen echo --port 9301            a Beast echo server on 127.0.0.1
//   flowscope-ws-loadgen run --target 127.0.0.1:9301 [--proxy 127.0.0.1:8888]
//                            -c 8 --size 64 --window 1 -d 5
//
// `run` opens C connections (ws:// as an absolute-form upgrade through the proxy, RFC 9112
// §3.2.2), then each keeps `window` messages of `size` bytes in flight and times every
// round trip (sent -> echo received). Bounded by --duration and --messages; prints one JSON
// object: round trips per second, latency percentiles, errors. Loopback only.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fmt/format.h>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct RunConfig {
    std::string targetHost = "127.0.0.1";
    std::uint16_t targetPort = 0;
    std::string proxyHost; // empty: direct
    std::uint16_t proxyPort = 0;
    unsigned connections = 8;
    unsigned threads = 1;
    std::size_t size = 64;
    unsigned window = 1;
    double durationSeconds = 5;
    std::uint64_t maxMessages = 10'000'000;
};

struct Totals {
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> errors{0};
};

struct Worker {
    std::vector<std::uint32_t> latenciesUs;
    std::string lastError;
};

// ---- echo server -------------------------------------------------------------------------

asio::awaitable<void> echoSession(tcp::socket socket) {
    websocket::stream<beast::tcp_stream> ws(std::move(socket));
    beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
    auto [accepted] = co_await ws.async_accept(kNoThrow);
    if (accepted)
        co_return;
    beast::flat_buffer buffer;
    while (true) {
        auto [readError, bytes] = co_await ws.async_read(buffer, kNoThrow);
        if (readError)
            co_return;
        ws.binary(!ws.got_text());
        auto [writeError, written] = co_await ws.async_write(buffer.data(), kNoThrow);
        if (writeError)
            co_return;
        buffer.consume(buffer.size());
    }
}

asio::awaitable<void> acceptLoop(tcp::acceptor& acceptor) {
    while (true) {
        auto [error, socket] = co_await acceptor.async_accept(asio::make_strand(acceptor.get_executor()), kNoThrow);
        if (error)
            co_return;
        asio::co_spawn(socket.get_executor(), echoSession(std::move(socket)), asio::detached);
    }
}

int runEcho(std::uint16_t port, unsigned threads) {
    asio::io_context io(static_cast<int>(threads));
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    fmt::print("listening on 127.0.0.1:{}\n", acceptor.local_endpoint().port());
    std::fflush(stdout);
    asio::co_spawn(io, acceptLoop(acceptor), asio::detached);
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i)
        pool.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : pool)
        thread.join();
    return 0;
}

// ---- client ------------------------------------------------------------------------------

asio::awaitable<void> runConnection(const RunConfig& config, Totals& totals, Worker& worker,
                                    Clock::time_point deadline) {
    auto executor = co_await asio::this_coro::executor;
    websocket::stream<beast::tcp_stream> ws(executor);
    const bool viaProxy = !config.proxyHost.empty();
    const tcp::endpoint endpoint(asio::ip::make_address(viaProxy ? config.proxyHost : config.targetHost),
                                 viaProxy ? config.proxyPort : config.targetPort);
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
    auto [connectError] = co_await beast::get_lowest_layer(ws).async_connect(endpoint, kNoThrow);
    if (connectError) {
        worker.lastError = "connect: " + connectError.message();
        totals.errors.fetch_add(1);
        co_return;
    }
    beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    const std::string host = fmt::format("{}:{}", config.targetHost, config.targetPort);
    const std::string target = viaProxy ? fmt::format("http://{}/", host) : std::string("/");
    auto [handshakeError] = co_await ws.async_handshake(host, target, kNoThrow);
    if (handshakeError) {
        worker.lastError = "handshake: " + handshakeError.message();
        totals.errors.fetch_add(1);
        co_return;
    }
    ws.binary(true);
    const std::string payload(config.size, 'x');
    std::deque<Clock::time_point> inFlight; // the echo server answers in order
    beast::flat_buffer buffer;
    bool stopping = false;
    while (true) {
        while (!stopping && inFlight.size() < config.window) {
            if (Clock::now() >= deadline || totals.sent.fetch_add(1, std::memory_order_relaxed) >= config.maxMessages) {
                stopping = true;
                break;
            }
            inFlight.push_back(Clock::now());
            auto [writeError, written] = co_await ws.async_write(asio::buffer(payload), kNoThrow);
            if (writeError) {
                worker.lastError = "write: " + writeError.message();
                totals.errors.fetch_add(1);
                co_return;
            }
        }
        if (inFlight.empty())
            break;
        auto [readError, bytes] = co_await ws.async_read(buffer, kNoThrow);
        if (readError) {
            worker.lastError = "read: " + readError.message();
            totals.errors.fetch_add(1);
            co_return;
        }
        buffer.consume(buffer.size());
        worker.latenciesUs.push_back(static_cast<std::uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - inFlight.front()).count()));
        inFlight.pop_front();
    }
    const websocket::close_reason normal(websocket::close_code::normal);
    auto [closeError] = co_await ws.async_close(normal, kNoThrow);
    static_cast<void>(closeError);
}

double percentileMs(const std::vector<std::uint32_t>& sorted, double p) {
    if (sorted.empty())
        return 0;
    return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))] / 1000.0;
}

bool splitHostPort(const std::string& text, std::string& host, std::uint16_t& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos)
        return false;
    host = text.substr(0, colon);
    port = static_cast<std::uint16_t>(std::stoi(text.substr(colon + 1)));
    return host.rfind("127.", 0) == 0; // loopback only
}

int runLoad(const RunConfig& config) {
    asio::io_context io(static_cast<int>(config.threads));
    Totals totals;
    std::vector<Worker> workers(config.connections);
    const auto start = Clock::now();
    const auto deadline =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(config.durationSeconds));
    for (unsigned i = 0; i < config.connections; ++i)
        asio::co_spawn(asio::make_strand(io), runConnection(config, totals, workers[i], deadline), asio::detached);
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < config.threads; ++i)
        pool.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : pool)
        thread.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<std::uint32_t> all;
    std::string lastError;
    for (auto& worker : workers) {
        all.insert(all.end(), worker.latenciesUs.begin(), worker.latenciesUs.end());
        if (!worker.lastError.empty())
            lastError = worker.lastError;
    }
    std::sort(all.begin(), all.end());
    fmt::print("{{\"round_trips\": {}, \"errors\": {}, \"seconds\": {:.3f}, \"round_trips_per_s\": {:.1f}, "
               "\"messages_per_s\": {:.1f}, \"p50_ms\": {:.3f}, \"p99_ms\": {:.3f}, \"last_error\": \"{}\"}}\n",
               all.size(), totals.errors.load(), elapsed, static_cast<double>(all.size()) / elapsed,
               2.0 * static_cast<double>(all.size()) / elapsed, percentileMs(all, 0.5), percentileMs(all, 0.99),
               lastError);
    return all.empty() ? 1 : 0;
}

int main(int argc, char** argv) {
    CLI::App app{"WebSocket small-message load for Flowscope benchmarks (loopback only)"};
    app.require_subcommand(1);
    std::uint16_t echoPort = 0;
    unsigned echoThreads = 1;
    auto* echo = app.add_subcommand("echo", "Run a WebSocket echo server on 127.0.0.1");
    echo->add_option("--port", echoPort, "Port (0: any, printed)");
    echo->add_option("-t,--threads", echoThreads, "Server threads");

    RunConfig config;
    std::string target;
    std::string proxy;
    auto* run = app.add_subcommand("run", "Send messages and time their echoes");
    run->add_option("--target", target, "HOST:PORT of the echo server")->required();
    run->add_option("--proxy", proxy, "HOST:PORT of a forward proxy (omit for direct)");
    run->add_option("-c,--connections", config.connections, "Concurrent connections");
    run->add_option("-t,--threads", config.threads, "Client threads");
    run->add_option("--size", config.size, "Message size in bytes");
    run->add_option("--window", config.window, "Messages in flight per connection");
    run->add_option("-d,--duration", config.durationSeconds, "Seconds (upper bound)");
    run->add_option("-n,--messages", config.maxMessages, "Messages sent (upper bound)");
    CLI11_PARSE(app, argc, argv);

    if (*echo)
        return runEcho(echoPort, echoThreads);
    if (!splitHostPort(target, config.targetHost, config.targetPort) ||
        (!proxy.empty() && !splitHostPort(proxy, config.proxyHost, config.proxyPort))) {
        std::fprintf(stderr, "ws-loadgen: HOST:PORT on loopback (127.x) expected\n");
        return 2;
    }
    return runLoad(config);
}
