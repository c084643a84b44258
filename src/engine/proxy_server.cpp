#include "engine/proxy_server.hpp"

#include "engine/client_session.hpp"
#include "engine/engine_context.hpp"
#include "engine/intercept_policy.hpp"
#include "engine/tls_contexts.hpp"
#include "engine/upstream_pool.hpp"
#include "platform/thread_name.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace flowscope::engine {

std::int64_t nowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string ListenAddress::toString() const {
    return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                               : fmt::format("{}:{}", host, port);
}

namespace {
constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);

using tcp = boost::asio::ip::tcp;

struct RegisteredSession {
    SessionControl control;
};
} // namespace

// An io_context run by one thread, whose services can be shut down ahead of its
// destruction (~Impl).
class ShardIo : public boost::asio::io_context {
public:
    ShardIo() : boost::asio::io_context(1) {}
    void destroyPendingWork() { shutdown(); }
};

// One I/O thread with its own io_context, reactor and upstream pool. A client connection
// lives on one shard from accept to close, and its upstream connections come from and go
// back to that shard's pool, so its handlers never cross threads: no strands, no shared
// scheduler lock, no cross-thread wake-ups per request. (One io_context run by two
// threads cost 30-40% more CPU per request than one thread, and a pooled connection used
// from another shard's thread halved the rate: docs/benchmarks.md.)
struct Shard {
    Shard(const ProxyOptions& options, MitmServerContext& mitm, UpstreamClientContext& upstreamTls,
          InterceptPolicy& policy, store::FlowSink& sink, EngineCounters& counters, const std::atomic<bool>& stopping)
        : pool(options.maxIdleUpstreamPerHost, options.maxIdleUpstreamTotal, options.upstreamIdleTimeout),
          context{options, mitm, upstreamTls, pool, policy, sink, counters, stopping} {}

    UpstreamPool pool;
    EngineContext context;
    std::atomic<unsigned> sessions{0}; // accepted and not yet ended
    std::thread thread;
    ShardIo io;
};

struct ProxyServer::Impl {
    Impl(ProxyOptions opts, ca::CertificateAuthority& authority, store::FlowSink& flowSink)
        : options(std::move(opts)), threadCount(options.threads != 0 ? options.threads
                                                                      : std::max(1u, std::thread::hardware_concurrency())),
          mitm(authority), policy(options.noDecryptHosts), sink(flowSink) {}

    ~Impl() { destroyShards(); }

    // After stop(). The acceptor must go before its io_context. Then every session still
    // suspended is destroyed while the pools, policy and contexts it refers to exist; then
    // the pooled sockets, while their io_contexts exist; then the io_contexts.
    void destroyShards() {
        acceptor.reset();
        for (auto& shard : shards) {
            shard->io.destroyPendingWork();
            shard->pool.clear();
        }
        shards.clear();
    }

    // The shard with the fewest sessions, the first on a tie: at low concurrency
    // connections gather on one shard, so a client's new connection finds the pooled
    // upstream connection its previous one left; under load they spread over all.
    Shard& leastBusyShard() {
        Shard* best = shards.front().get();
        for (auto& shard : shards) {
            if (shard->sessions.load(std::memory_order_relaxed) < best->sessions.load(std::memory_order_relaxed))
                best = shard.get();
        }
        return *best;
    }

    boost::asio::awaitable<void> acceptLoop() {
        while (!stopping.load()) {
            auto [error, accepted] = co_await acceptor->async_accept(kNoThrow);
            if (error) {
                if (error == boost::asio::error::operation_aborted || stopping.load())
                    co_return;
                // EMFILE and friends: back off briefly instead of spinning, keep serving.
                boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor,
                                                std::chrono::milliseconds(50));
                co_await pause.async_wait(kNoThrow);
                continue;
            }
            counters.connectionsAccepted.fetch_add(1, std::memory_order_relaxed);
            // The shard is chosen once the connection exists (choosing before the accept
            // would count sessions that have ended since), then the socket moves there.
            Shard* home = shards.front().get(); // the acceptor's
            if (Shard& wanted = leastBusyShard(); &wanted != home && moveToShard(accepted, wanted))
                home = &wanted;
            home->sessions.fetch_add(1, std::memory_order_relaxed);
            auto executor = accepted.get_executor();
            boost::asio::co_spawn(executor, runClientSession(home->context, std::move(accepted), registrar),
                                  [home](const std::exception_ptr&) {
                                      home->sessions.fetch_sub(1, std::memory_order_relaxed);
                                  });
        }
    }

    // Moves the connection onto `shard`'s io_context. False when the handle cannot be
    // released (unsupported before Windows 8.1): it then stays where it was accepted.
    static bool moveToShard(tcp::socket& socket, Shard& shard) {
        boost::system::error_code error;
        const auto protocol = socket.local_endpoint(error).protocol();
        if (error)
            return false;
        const auto handle = socket.release(error);
        if (error)
            return false;
        tcp::socket moved(shard.io);
        moved.assign(protocol, handle, error);
        if (error) {
            socket.assign(protocol, handle, error); // back where it was, still owned
            return false;
        }
        socket = std::move(moved);
        return true;
    }

    std::function<void()> registerSession(SessionControl control) {
        std::lock_guard lock(sessionsMutex);
        auto it = sessions.insert(sessions.end(), RegisteredSession{std::move(control)});
        return [this, it] {
            std::lock_guard lock(sessionsMutex);
            sessions.erase(it);
        };
    }

    void postToSessions(bool force) {
        std::lock_guard lock(sessionsMutex);
        for (auto& session : sessions) {
            auto action = force ? session.control.closeNow : session.control.closeIfIdle;
            boost::asio::post(session.control.strand, std::move(action));
        }
    }

    ProxyOptions options;
    unsigned threadCount;
    MitmServerContext mitm;
    std::unique_ptr<UpstreamClientContext> upstreamTls;
    InterceptPolicy policy;
    store::FlowSink& sink;
    EngineCounters counters;
    std::atomic<bool> stopping{false};
    std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor;
    SessionRegistrar registrar;
    std::mutex sessionsMutex;
    std::list<RegisteredSession> sessions;
    bool running = false;
    std::vector<std::unique_ptr<Shard>> shards; // emptied first (see ~Impl)
};

ProxyServer::ProxyServer(ProxyOptions options, ca::CertificateAuthority& authority, store::FlowSink& sink)
    : m_impl(std::make_unique<Impl>(std::move(options), authority, sink)) {}

ProxyServer::~ProxyServer() { stop(); }

ListenAddress ProxyServer::start() {
    Impl& impl = *m_impl;
    if (impl.running)
        throw EngineError("the proxy is already running");
    const std::string wanted = fmt::format("{}:{}", impl.options.listenHost, impl.options.listenPort);
    try {
        impl.upstreamTls = std::make_unique<UpstreamClientContext>(impl.options.upstreamCaFiles);
    } catch (const std::exception& error) {
        throw EngineError(error.what());
    }
    boost::system::error_code error;
    const auto address = boost::asio::ip::make_address(impl.options.listenHost, error);
    if (error)
        throw EngineError(fmt::format("cannot listen on {}: '{}' is not an IP address", wanted,
                                      impl.options.listenHost));
    const boost::asio::ip::tcp::endpoint endpoint(address, impl.options.listenPort);
    impl.destroyShards(); // a previous run's
    for (unsigned i = 0; i < impl.threadCount; ++i) {
        impl.shards.push_back(std::make_unique<Shard>(impl.options, impl.mitm, *impl.upstreamTls, impl.policy,
                                                      impl.sink, impl.counters, impl.stopping));
    }
    auto acceptor = std::make_unique<boost::asio::ip::tcp::acceptor>(impl.shards.front()->io);
    acceptor->open(endpoint.protocol(), error);
    if (!error)
        acceptor->set_option(boost::asio::socket_base::reuse_address(true), error);
    if (!error)
        acceptor->bind(endpoint, error);
    if (!error)
        acceptor->listen(boost::asio::socket_base::max_listen_connections, error);
    if (error) {
        throw EngineError(fmt::format("cannot listen on {}: {}", wanted,
                                      error == boost::asio::error::address_in_use ? "address already in use"
                                                                                  : error.message()));
    }
    impl.acceptor = std::move(acceptor);
    impl.registrar = [&impl](SessionControl control) { return impl.registerSession(std::move(control)); };
    impl.stopping = false;
    boost::asio::co_spawn(impl.shards.front()->io, impl.acceptLoop(), boost::asio::detached);
    for (std::size_t index = 0; index < impl.shards.size(); ++index) {
        auto& shard = impl.shards[index];
        // Sessions come and go: without a work guard a shard's run() would return when it
        // has none for a moment.
        shard->thread = std::thread([&io = shard->io, index] {
            platform::nameThisThread(fmt::format("fs-io-{}", index));
            auto guard = boost::asio::make_work_guard(io);
            io.run();
        });
    }
    impl.running = true;
    const auto bound = impl.acceptor->local_endpoint(error);
    return ListenAddress{bound.address().to_string(), bound.port()};
}

void ProxyServer::stop() {
    Impl& impl = *m_impl;
    if (!impl.running)
        return;
    impl.stopping = true;
    boost::asio::post(impl.shards.front()->io, [&impl] {
        boost::system::error_code ignored;
        impl.acceptor->close(ignored);
    });
    impl.postToSessions(false);
    const auto drainDeadline = std::chrono::steady_clock::now() + impl.options.drainTimeout;
    while (impl.counters.activeSessions.load() > 0 && std::chrono::steady_clock::now() < drainDeadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    impl.postToSessions(true);
    const auto forceDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (impl.counters.activeSessions.load() > 0 && std::chrono::steady_clock::now() < forceDeadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (auto& shard : impl.shards) {
        shard->pool.clear();
        shard->io.stop();
    }
    for (auto& shard : impl.shards)
        shard->thread.join();
    impl.running = false;
}

EngineStats ProxyServer::stats() const {
    const EngineCounters& counters = m_impl->counters;
    return EngineStats{counters.connectionsAccepted.load(), counters.activeSessions.load(),
                       counters.flowsPublished.load(), counters.upstreamConnectsOpened.load(),
                       counters.upstreamConnectsReused.load()};
}

} // namespace flowscope::engine
