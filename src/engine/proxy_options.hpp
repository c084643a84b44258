#pragma once
// Everything the engine can be told. Filled from config.json and command-line flags by
// the CLI (and later the desktop app); the engine never reads files of its own accord.

#include "http/head_scanner.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace flowscope::engine {

using namespace std::chrono_literals;

struct ProxyOptions {
    std::string listenHost = "127.0.0.1"; // loopback unless the user opts into LAN
    std::uint16_t listenPort = 8888;      // 0 picks a free port

    std::vector<std::filesystem::path> upstreamCaFiles; // trusted in addition to the system store
    std::vector<std::string> noDecryptHosts;            // globs: CONNECTs relayed as raw tunnels
    std::vector<std::string> insecureHosts;             // globs: upstream certificates not verified

    std::uint64_t maxBodySize = 16u * 1024u * 1024u; // captured per body; the rest is counted
    bool captureBodies = true;
    // A capture reaches the store in pieces of this size while its body streams, so memory
    // per large body stays near this instead of max_body_size; 0 keeps each capture whole
    // until its exchange ends.
    std::size_t captureChunkBytes = 512u * 1024u;

    http::HeadLimits headLimits;
    std::chrono::milliseconds headerTimeout = 30s;   // a client must finish a request head in this
    std::chrono::milliseconds idleTimeout = 60s;     // idle keep-alive client connections
    std::chrono::milliseconds connectTimeout = 10s;  // DNS + TCP + TLS to the upstream
    std::chrono::milliseconds upstreamTimeout = 60s; // waiting for the upstream to answer -> 504
    std::chrono::milliseconds tunnelIdleTimeout = 600s; // raw tunnels and upgraded connections
    std::chrono::milliseconds drainTimeout = 3s;     // graceful shutdown before cancelling

    unsigned threads = 0; // engine I/O threads; 0 = one per core
    std::size_t maxIdleUpstreamPerHost = 32;
    // Per I/O thread. An idle TLS connection still holds ~78 KiB with OpenSSL's record
    // buffers released (Boost.Asio's two 17 KiB stream buffers, the BIO pair, the SSL), so
    // this keeps a shard's pool near 1.3 MB (docs/benchmarks.md, 500 host names). A client
    // that keeps its connection keeps its upstream one; the pool serves clients that
    // reconnect, which are few at a time.
    std::size_t maxIdleUpstreamTotal = 16;
    std::chrono::milliseconds upstreamIdleTimeout = 30s; // pooled connections older than this are dropped
};

} // namespace flowscope::engine
