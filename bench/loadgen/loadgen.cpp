// flowscope-loadgen: HTTP/1.1 keep-alive load through a forward proxy (or direct), for
// side-by-side benchmarks. N concurrent connections; plain HTTP in absolute form via the
// proxy, HTTPS via CONNECT + TLS (verified against --cacert). Bounded by request count
// and by time; prints one JSON object with req/s, latency percentiles and bytes.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/buffer_body.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct Config {
    std::string scheme = "https";
    std::string targetHost = "127.0.0.1"; // where the origin listens (CONNECT target)
    std::uint16_t targetPort = 0;
    std::string path = "/";
    std::string proxyHost;                // empty: direct
    std::uint16_t proxyPort = 0;
    std::string caFile;
    std::string serverName;               // SNI and Host; default targetHost
    std::string namePattern;              // "h{}.bench.test": connection i uses name i % names
    unsigned names = 0;
    unsigned connections = 1;
    unsigned threads = 1;
    double durationSeconds = 10;
    std::uint64_t maxRequests = 1'000'000;
    bool newConnectionPerRequest = false;
    unsigned requestsPerConnection = 0;   // 0: unlimited (keep-alive)
};

struct Totals {
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> errors{0};
    std::atomic<std::uint64_t> bodyBytes{0};
    std::atomic<std::uint64_t> connects{0};
    std::atomic<bool> stop{false};
};

struct Worker {
    std::vector<std::uint32_t> latenciesUs;
    std::string lastError;
};

class Stream {
public:
    Stream(asio::any_io_executor executor, asio::ssl::context* tls)
        : m_socket(executor) {
        if (tls != nullptr)
            m_tls.emplace(m_socket, *tls);
    }
    tcp::socket& socket() { return m_socket; }
    bool isTls() const { return m_tls.has_value(); }
    asio::ssl::stream<tcp::socket&>& tls() { return *m_tls; }

private:
    tcp::socket m_socket;
    std::optional<asio::ssl::stream<tcp::socket&>> m_tls;
};

asio::awaitable<bool> openConnection(const Config& config, Stream& stream,
                                     const tcp::endpoint& first, const std::string& name, std::string& error) {
    auto [connectError] = co_await stream.socket().async_connect(first, kNoThrow);
    if (connectError) {
        error = "connect: " + connectError.message();
        co_return false;
    }
    stream.socket().set_option(tcp::no_delay(true));
    if (!config.proxyHost.empty() && config.scheme == "https") {
        const std::string connect = fmt::format("CONNECT {0}:{1} HTTP/1.1\r\nHost: {0}:{1}\r\n\r\n",
                                                config.targetHost, config.targetPort);
        auto [writeError, written] = co_await asio::async_write(stream.socket(), asio::buffer(connect), kNoThrow);
        std::string reply;
        auto [readError, read] =
            co_await asio::async_read_until(stream.socket(), asio::dynamic_buffer(reply), "\r\n\r\n", kNoThrow);
        if (writeError || readError || reply.rfind("HTTP/1.1 200", 0) != 0) {
            error = "CONNECT failed: " + reply.substr(0, reply.find('\r'));
            co_return false;
        }
    }
    if (stream.isTls()) {
        SSL* ssl = stream.tls().native_handle();
        // SSL_set_tlsext_host_name is a macro with an old-style cast; this is its body.
        SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(name.c_str()));
        SSL_set1_host(ssl, name.c_str());
        auto [handshakeError] = co_await stream.tls().async_handshake(asio::ssl::stream_base::client, kNoThrow);
        if (handshakeError) {
            error = "TLS handshake: " + handshakeError.message();
            co_return false;
        }
    }
    co_return true;
}

template <class S>
asio::awaitable<bool> exchange(S& stream, beast::flat_buffer& buffer, const std::string& request, Totals& totals,
                               std::string& error) {
    auto [writeError, written] = co_await asio::async_write(stream, asio::buffer(request), kNoThrow);
    if (writeError) {
        error = "write: " + writeError.message();
        co_return false;
    }
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    auto [headError, headBytes] = co_await http::async_read_header(stream, buffer, parser, kNoThrow);
    if (headError) {
        error = "read head: " + headError.message();
        co_return false;
    }
    char chunk[64 * 1024];
    std::uint64_t body = 0;
    while (!parser.is_done()) {
        parser.get().body().data = chunk;
        parser.get().body().size = sizeof chunk;
        auto [readError, readBytes] = co_await http::async_read(stream, buffer, parser, kNoThrow);
        body += sizeof chunk - parser.get().body().size;
        if (readError && readError != http::error::need_buffer) {
            error = "read body: " + readError.message();
            co_return false;
        }
    }
    totals.bodyBytes.fetch_add(body, std::memory_order_relaxed);
    if (parser.get().result_int() != 200) {
        error = fmt::format("status {}", parser.get().result_int());
        co_return false;
    }
    co_return parser.keep_alive();
}

asio::awaitable<void> runWorker(const Config& config, asio::ssl::context* tls, tcp::endpoint first, unsigned index,
                                Totals& totals, Worker& worker, Clock::time_point deadline) {
    auto executor = co_await asio::this_coro::executor;
    unsigned connectionNumber = 0;
    while (!totals.stop.load(std::memory_order_relaxed) && Clock::now() < deadline) {
        const std::string name = !config.namePattern.empty()
                                     ? fmt::format(fmt::runtime(config.namePattern),
                                                   (index + connectionNumber * config.connections) %
                                                       std::max(1u, config.names))
                                     : (config.serverName.empty() ? config.targetHost : config.serverName);
        ++connectionNumber;
        Stream stream(executor, tls);
        const auto connectStart = Clock::now();
        if (!co_await openConnection(config, stream, first, name, worker.lastError)) {
            totals.errors.fetch_add(1);
            if (totals.errors.load() > 100)
                totals.stop = true;
            continue;
        }
        totals.connects.fetch_add(1, std::memory_order_relaxed);
        const std::string target = (config.proxyHost.empty() || config.scheme == "https")
                                       ? config.path
                                       : fmt::format("http://{}:{}{}", config.targetHost, config.targetPort,
                                                     config.path);
        const std::string request =
            fmt::format("GET {} HTTP/1.1\r\nHost: {}:{}\r\nUser-Agent: flowscope-loadgen\r\n\r\n", target, name,
                        config.targetPort);
        beast::flat_buffer buffer;
        unsigned onThisConnection = 0;
        auto requestStart = connectStart;
        while (!totals.stop.load(std::memory_order_relaxed) && Clock::now() < deadline) {
            if (totals.requests.fetch_add(1, std::memory_order_relaxed) >= config.maxRequests) {
                totals.requests.fetch_sub(1);
                totals.stop = true;
                break;
            }
            if (onThisConnection > 0)
                requestStart = Clock::now();
            const bool keepAlive = stream.isTls() ? co_await exchange(stream.tls(), buffer, request, totals, worker.lastError)
                                                  : co_await exchange(stream.socket(), buffer, request, totals,
                                                                      worker.lastError);
            if (!worker.lastError.empty()) {
                totals.requests.fetch_sub(1);
                totals.errors.fetch_add(1);
                worker.lastError.clear();
                if (totals.errors.load() > 100)
                    totals.stop = true;
                break;
            }
            worker.latenciesUs.push_back(static_cast<std::uint32_t>(
                std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - requestStart).count()));
            ++onThisConnection;
            if (!keepAlive || config.newConnectionPerRequest ||
                (config.requestsPerConnection != 0 && onThisConnection >= config.requestsPerConnection))
                break;
        }
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.socket().close(ignored);
    }
}

double percentile(std::vector<std::uint32_t>& sorted, double p) {
    if (sorted.empty())
        return 0;
    const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
    return sorted[index] / 1000.0;
}

int main(int argc, char** argv) {
    Config config;
    CLI::App app{"HTTP/1.1 load generator for Flowscope benchmarks (loopback only)"};
    std::string url;
    std::string proxy;
    app.add_option("--url", url, "http(s)://HOST:PORT/path of the origin")->required();
    app.add_option("--proxy", proxy, "HOST:PORT of a forward proxy (omit for direct)");
    app.add_option("--cacert", config.caFile, "CA file to verify TLS against");
    app.add_option("--server-name", config.serverName, "SNI and Host name (default: the URL host)");
    app.add_option("--name-pattern", config.namePattern, "SNI/Host pattern with {} for distinct names");
    app.add_option("--names", config.names, "How many distinct names for --name-pattern");
    app.add_option("-c,--connections", config.connections, "Concurrent connections");
    app.add_option("-t,--threads", config.threads, "Client threads");
    app.add_option("-d,--duration", config.durationSeconds, "Seconds (upper bound)");
    app.add_option("-n,--requests", config.maxRequests, "Requests (upper bound)");
    app.add_flag("--new-connection", config.newConnectionPerRequest, "One connection per request");
    CLI11_PARSE(app, argc, argv);

    const auto schemeEnd = url.find("://");
    config.scheme = url.substr(0, schemeEnd);
    const auto rest = url.substr(schemeEnd + 3);
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    config.path = slash == std::string::npos ? "/" : rest.substr(slash);
    config.targetHost = authority.substr(0, authority.rfind(':'));
    config.targetPort = static_cast<std::uint16_t>(std::stoi(authority.substr(authority.rfind(':') + 1)));
    if (!proxy.empty()) {
        config.proxyHost = proxy.substr(0, proxy.rfind(':'));
        config.proxyPort = static_cast<std::uint16_t>(std::stoi(proxy.substr(proxy.rfind(':') + 1)));
    }
    for (const auto& host : {config.targetHost, config.proxyHost}) {
        if (!host.empty() && host.rfind("127.", 0) != 0 && host != "::1") {
            std::fprintf(stderr, "loadgen: only loopback addresses are allowed (%s)\n", host.c_str());
            return 2;
        }
    }

    asio::io_context io(static_cast<int>(config.threads));
    std::optional<asio::ssl::context> tls;
    if (config.scheme == "https") {
        tls.emplace(asio::ssl::context::tls_client);
        tls->set_verify_mode(asio::ssl::verify_peer);
        if (!config.caFile.empty())
            tls->load_verify_file(config.caFile);
        SSL_CTX_set_session_cache_mode(tls->native_handle(), SSL_SESS_CACHE_OFF);
    }
    const tcp::endpoint first(asio::ip::make_address(config.proxyHost.empty() ? config.targetHost : config.proxyHost),
                              config.proxyHost.empty() ? config.targetPort : config.proxyPort);
    Totals totals;
    std::vector<Worker> workers(config.connections);
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(config.durationSeconds));
    for (unsigned i = 0; i < config.connections; ++i)
        asio::co_spawn(asio::make_strand(io), runWorker(config, tls ? &*tls : nullptr, first, i, totals, workers[i], deadline),
                       asio::detached);
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < config.threads; ++i)
        threads.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : threads)
        thread.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

    std::vector<std::uint32_t> all;
    for (auto& worker : workers)
        all.insert(all.end(), worker.latenciesUs.begin(), worker.latenciesUs.end());
    std::sort(all.begin(), all.end());
    std::string lastError;
    for (auto& worker : workers)
        if (!worker.lastError.empty())
            lastError = worker.lastError;
    fmt::print("{{\"requests\": {}, \"errors\": {}, \"connects\": {}, \"seconds\": {:.3f}, \"rps\": {:.1f}, "
               "\"p50_ms\": {:.3f}, \"p99_ms\": {:.3f}, \"body_bytes\": {}, \"mbytes_per_s\": {:.1f}, "
               "\"last_error\": \"{}\"}}\n",
               all.size(), totals.errors.load(), totals.connects.load(), elapsed,
               static_cast<double>(all.size()) / elapsed, percentile(all, 0.5), percentile(all, 0.99),
               totals.bodyBytes.load(), static_cast<double>(totals.bodyBytes.load()) / elapsed / 1e6, lastError);
    return totals.errors.load() > 0 && all.empty() ? 1 : 0;
}
