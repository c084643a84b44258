// SynthFlowGenerator: arrival times, connections and timings, errors as the engine
// records them, and the three flow kinds assembled from the exchange plan.
#include "synth_flows.hpp"

#include "engine/flow_errors.hpp"
#include "synth_bodies.hpp"
#include "synth_catalog.hpp"
#include "synth_encoding.hpp"
#include "synth_exchange.hpp"
#include "synth_rng.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace flowscope::bench {
namespace {

namespace kinds = engine::error_kind;
using store::Flow;

constexpr std::size_t kClientKinds = 8;

// A client's keep-alive connection to a host: reused for several requests, so only the
// first pays DNS, TCP and TLS (as the engine's timings show).
struct Connection {
    std::uint16_t port = 0;
    std::uint32_t requestsLeft = 0;
};

// Which failures show up, and how often relative to each other.
constexpr Weighted<std::string_view> kHttpFailures[] = {
    {kinds::kUpstreamTimeout, 24},    {kinds::kUpstreamReset, 20},
    {kinds::kClientAborted, 20},      {kinds::kConnectRefused, 10},
    {kinds::kDnsFailure, 8},          {kinds::kConnectTimeout, 5},
    {kinds::kUpstreamBadResponse, 3}, {kinds::kUpstreamCertUntrusted, 3},
    {kinds::kUpstreamTlsFailed, 2},   {kinds::kUpstreamCertHostname, 2},
    {kinds::kUpstreamCertExpired, 2}, {kinds::kBadRequest, 1},
};
constexpr Weighted<std::string_view> kCertFailures[] = {{kinds::kUpstreamCertUntrusted, 5},
                                                        {kinds::kUpstreamCertSelfSigned, 3},
                                                        {kinds::kUpstreamCertHostname, 2},
                                                        {kinds::kUpstreamCertExpired, 2}};

double roleRttUs(HostRole role) {
    switch (role) {
    case HostRole::Static:
    case HostRole::Images:
        return 12'000;
    case HostRole::Api:
        return 38'000;
    case HostRole::Web:
        return 45'000;
    case HostRole::Auth:
        return 50'000;
    case HostRole::Events:
        return 30'000;
    case HostRole::Socket:
        return 40'000;
    case HostRole::Pinned:
        return 60'000;
    case HostRole::Dev:
        return 150;
    }
    return 40'000;
}

// Median time the server spends before answering.
double serverTimeUs(HostRole role) {
    switch (role) {
    case HostRole::Static:
        return 2'000;
    case HostRole::Images:
        return 4'000;
    case HostRole::Api:
        return 45'000;
    case HostRole::Web:
        return 90'000;
    case HostRole::Auth:
        return 120'000;
    case HostRole::Events:
        return 20'000;
    case HostRole::Dev:
        return 8'000;
    case HostRole::Socket:
    case HostRole::Pinned:
        return 5'000;
    }
    return 20'000;
}

bool compressible(BodyFamily family) {
    switch (family) {
    case BodyFamily::Json:
    case BodyFamily::ProblemJson:
    case BodyFamily::Html:
    case BodyFamily::Js:
    case BodyFamily::Css:
    case BodyFamily::Svg:
        return true;
    default:
        return false;
    }
}

double gzipShare(HostRole role) {
    switch (role) {
    case HostRole::Static:
    case HostRole::Images:
        return 0.95;
    case HostRole::Web:
        return 0.9;
    case HostRole::Api:
    case HostRole::Auth:
        return 0.6;
    default:
        return 0.0;
    }
}

bool isIpLiteral(std::string_view host) {
    return host.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::int64_t clampUs(double value, double lo, double hi) {
    return static_cast<std::int64_t>(std::clamp(value, lo, hi));
}

std::string base64Of(SynthRng& rng, std::size_t bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint64_t bits = 0;
    int available = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
        bits = (bits << 8) | (rng.next() & 0xFF);
        available += 8;
        while (available >= 6) {
            available -= 6;
            out.push_back(kAlphabet[(bits >> available) & 0x3F]);
        }
    }
    if (available > 0) {
        out.push_back(kAlphabet[(bits << (6 - available)) & 0x3F]);
    }
    while (out.size() % 4 != 0) {
        out.push_back('=');
    }
    return out;
}

} // namespace

struct SynthFlowGenerator::State {
    explicit State(SynthOptions opts)
        : options(opts), rng(opts.seed), bodies(opts.bodies ? opts.captureLimit : 0), clockUs(opts.startUs) {
        for (const SynthHost& host : catalog.hosts()) {
            // A fixed round-trip time per host, spread around its role's typical one.
            rttUs.push_back(roleRttUs(host.role) * (0.5 + static_cast<double>(fnv1a(host.name) % 1000) / 1000.0));
        }
        connections.resize(catalog.hosts().size() * kClientKinds);
    }

    void advanceClock();
    bool useConnection(std::size_t hostIndex, const SynthClient& client, Flow& flow);
    void setTls(Flow& flow, const SynthHost& host);
    void connectTimings(Flow& flow, std::size_t hostIndex, bool https);
    ChosenBody chooseResponse(const ExchangePlan& plan, const SynthHost& host, const SynthClient& client);
    ChosenBody chooseRequest(const ExchangePlan& plan);
    void capture(store::BodyCapture& capture, const ChosenBody& body) const;
    void httpFlow(Flow& flow, std::size_t hostIndex, const SynthClient& client, bool newConnection);
    void failHttp(Flow& flow, std::string_view kind, std::size_t hostIndex, bool newConnection);
    void tunnelFlow(Flow& flow, std::size_t hostIndex);
    void websocketFlow(Flow& flow, std::size_t hostIndex, const SynthClient& client);

    SynthOptions options;
    SynthRng rng;
    SynthCatalog catalog;
    BodyPool bodies;
    std::vector<double> rttUs;           // per host
    std::vector<Connection> connections; // per host and client kind
    std::int64_t clockUs;                // start of the next flow
    std::uint32_t burstLeft = 0;         // flows left in the current burst
    std::uint16_t nextPort = 40000;      // client ephemeral ports
};

// Traffic comes in bursts (a page load, an app screen): flows a few ms apart, then a
// pause. About 65 ms per flow on average: a million flows span some 18 hours.
void SynthFlowGenerator::State::advanceClock() {
    if (burstLeft == 0) {
        clockUs += clampUs(rng.logNormal(400'000, 1.3), 1'000, 900e6);
        burstLeft = static_cast<std::uint32_t>(std::clamp(rng.logNormal(15, 0.8), 1.0, 200.0));
    } else {
        clockUs += clampUs(rng.exponential(20'000), 0, 5e6);
    }
    --burstLeft;
}

bool SynthFlowGenerator::State::useConnection(std::size_t hostIndex, const SynthClient& client, Flow& flow) {
    Connection& connection = connections[hostIndex * kClientKinds + static_cast<std::size_t>(client.kind)];
    const bool fresh = connection.requestsLeft == 0;
    if (fresh) {
        connection.port = nextPort;
        nextPort = nextPort >= 60999 ? 40000 : nextPort + 1;
        connection.requestsLeft = static_cast<std::uint32_t>(std::clamp(rng.logNormal(12, 1.0), 1.0, 300.0));
    }
    --connection.requestsLeft;
    const std::string_view address = client.address;
    flow.clientAddress = address.find(':') != std::string_view::npos ? fmt::format("[{}]:{}", address, connection.port)
                                                                     : fmt::format("{}:{}", address, connection.port);
    return fresh;
}

void SynthFlowGenerator::State::setTls(Flow& flow, const SynthHost& host) {
    flow.tls.sni = isIpLiteral(host.name) ? "" : host.name;
    flow.tls.clientAlpn = "http/1.1";
    flow.tls.clientVersion = rng.chance(0.93) ? "TLSv1.3" : "TLSv1.2";
    // The upstream's TLS setup is a property of the server, so fixed per host.
    const std::uint64_t hash = fnv1a(host.name);
    if (hash % 10 < 8) {
        flow.tls.upstreamVersion = "TLSv1.3";
        static constexpr std::array<std::string_view, 3> kSuites = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                                                    "TLS_CHACHA20_POLY1305_SHA256"};
        flow.tls.upstreamCipher = kSuites[(hash >> 8) % kSuites.size()];
    } else {
        flow.tls.upstreamVersion = "TLSv1.2";
        flow.tls.upstreamCipher = (hash >> 8) % 2 ? "ECDHE-RSA-AES128-GCM-SHA256" : "ECDHE-ECDSA-AES256-GCM-SHA384";
    }
    flow.tls.upstreamCertSubject = host.certSubject;
    flow.tls.upstreamCertIssuer = host.certIssuer;
}

void SynthFlowGenerator::State::connectTimings(Flow& flow, std::size_t hostIndex, bool https) {
    const double rtt = rttUs[hostIndex];
    flow.timing.dnsUs = clampUs(rng.logNormal(1'500, 1.2), 30, 2e6);
    flow.timing.connectUs = clampUs(rtt * rng.logNormal(1.0, 0.3), 20, 5e6);
    if (https) {
        flow.timing.tlsUs = clampUs(2 * rtt * rng.logNormal(1.0, 0.3) + 1'500, 200, 8e6);
    }
}

ChosenBody SynthFlowGenerator::State::chooseResponse(const ExchangePlan& plan, const SynthHost& host,
                                                     const SynthClient& client) {
    ChosenBody body;
    if (plan.largeResponse) {
        static constexpr double kMedianBytes[] = {180e3, 250e3, 45e3, 4e6, 600e3};
        const auto family = *plan.largeResponse;
        body.large = family;
        body.contentType = bodies.largeContentType(family);
        body.size = static_cast<std::uint64_t>(
            std::clamp(rng.logNormal(kMedianBytes[static_cast<std::size_t>(family)], 0.6), 20e3, 200e6));
    } else if (plan.responseBody) {
        body.pooled = &bodies.pick(rng, *plan.responseBody);
        body.contentType = body.pooled->contentType;
        body.gzip = client.kind != ClientKind::Curl && compressible(*plan.responseBody) &&
                    body.pooled->plain.size() >= 512 && rng.chance(gzipShare(host.role));
        body.size = (body.gzip ? body.pooled->gzip : body.pooled->plain).size();
    }
    return body;
}

ChosenBody SynthFlowGenerator::State::chooseRequest(const ExchangePlan& plan) {
    ChosenBody body;
    if (plan.requestBody) {
        body.pooled = &bodies.pick(rng, *plan.requestBody);
        body.contentType = body.pooled->contentType;
        body.size = body.pooled->plain.size();
    }
    return body;
}

void SynthFlowGenerator::State::capture(store::BodyCapture& capture, const ChosenBody& body) const {
    capture.size = body.size;
    if (options.bodies && body.size > 0) {
        const std::size_t kept = static_cast<std::size_t>(std::min<std::uint64_t>(body.size, options.captureLimit));
        if (body.large) {
            capture.data = bodies.largePrefix(*body.large, kept);
        } else {
            capture.data = std::string_view(body.gzip ? body.pooled->gzip : body.pooled->plain).substr(0, kept);
        }
    }
    capture.truncated = capture.data.size() < capture.size;
}

void SynthFlowGenerator::State::httpFlow(Flow& flow, std::size_t hostIndex, const SynthClient& client,
                                         bool newConnection) {
    const SynthHost& host = catalog.hosts()[hostIndex];
    const ExchangePlan plan = planExchange(rng, host);
    flow.method = plan.method;
    flow.path = plan.path;
    const bool defaultPort = host.port == (host.https ? 443 : 80);
    flow.url = defaultPort ? fmt::format("{}://{}{}", flow.scheme, host.name, plan.path)
                           : fmt::format("{}://{}:{}{}", flow.scheme, host.name, host.port, plan.path);
    flow.httpVersion = rng.chance(0.995) ? "HTTP/1.1" : "HTTP/1.0";

    const ChosenBody request = chooseRequest(plan);
    const ChosenBody response = chooseResponse(plan, host, client);
    const bool chunked = response.pooled != nullptr && rng.chance(0.3) &&
                         (host.role == HostRole::Web || host.role == HostRole::Api || host.role == HostRole::Dev);
    const HeaderContext context{host, client, plan, request, response, flow.startedAtUs, chunked};
    flow.requestHeaders = requestHeaders(rng, context);
    capture(flow.requestBody, request);
    flow.requestContentType = request.contentType;
    flow.bytesFromClient = headBytes(flow.method.size() + plan.path.size() + 10, flow.requestHeaders) + request.size;
    if (newConnection) {
        connectTimings(flow, hostIndex, host.https);
    }

    // Failures: dev servers that are not running, staging hosts with odd certificates,
    // and the usual background of timeouts and resets.
    double failureRate = 0.022;
    if (host.role == HostRole::Dev) {
        failureRate = 0.08;
    }
    if (rng.chance(failureRate)) {
        std::string_view kind = pickWeighted<std::string_view>(rng, kHttpFailures);
        if (host.role == HostRole::Dev && rng.chance(0.8)) {
            kind = kinds::kConnectRefused;
        }
        failHttp(flow, kind, hostIndex, newConnection);
        return;
    }
    if (host.https &&
        (host.name.find("staging") != std::string::npos || host.name.find("sandbox") != std::string::npos) &&
        rng.chance(0.05)) {
        failHttp(flow, pickWeighted<std::string_view>(rng, kCertFailures), hostIndex, true);
        return;
    }

    flow.status = plan.status;
    flow.reason = reasonPhrase(plan.status);
    flow.responseHeaders = responseHeaders(rng, context);
    capture(flow.responseBody, response);
    flow.responseContentType = plan.status == 304 ? "" : std::string(response.contentType);
    std::uint64_t wireBody = response.size;
    if (chunked) {
        wireBody += (response.size / 8192 + 1) * 8 + 5; // chunk-size lines and the last chunk
    }
    flow.bytesToClient = headBytes(12 + flow.reason.size(), flow.responseHeaders) + wireBody;

    const double rtt = rttUs[hostIndex];
    const double server = serverTimeUs(host.role) * (plan.status == 304 ? 0.3 : 1.0);
    flow.timing.sendUs = clampUs(40 + rng.logNormal(60, 0.7) + static_cast<double>(request.size) / 25.0, 5, 30e6);
    flow.timing.waitUs = clampUs(rtt + rng.logNormal(server, 1.0), 50, 59e6);
    const double bytesPerUs = rng.logNormal(12.0, 0.7); // ~12 MB/s, widely spread
    flow.timing.receiveUs = clampUs(30 + static_cast<double>(response.size) / bytesPerUs, 5, 600e6);
}

// An exchange that failed as the engine reports it: an upstream failure is answered with
// the proxy's own 502/504 page (engine/error_page.cpp; not captured as a body); a client
// that left gets nothing (status 0); a malformed request gets a 400.
void SynthFlowGenerator::State::failHttp(Flow& flow, std::string_view kind, std::size_t hostIndex, bool newConnection) {
    const SynthHost& host = catalog.hosts()[hostIndex];
    const std::string hostPort = fmt::format("{}:{}", host.name, host.port);
    const double rtt = rttUs[hostIndex];
    int status = 502;
    flow.errorKind = kind;
    if (kind == kinds::kClientAborted) {
        status = 0;
        flow.errorMessage = "the client closed the connection before the response was sent";
        flow.timing.sendUs = clampUs(rng.logNormal(80, 0.7), 5, 1e6);
        flow.timing.waitUs = clampUs(rtt + rng.logNormal(200'000, 1.2), 50, 59e6);
    } else if (kind == kinds::kBadRequest) {
        status = 400;
        flow.errorMessage = "invalid request head: whitespace between the field name and the colon";
        flow.timing = {};
    } else if (kind == kinds::kDnsFailure) {
        flow.errorMessage = fmt::format("{}: cannot resolve host: Host not found (authoritative)", hostPort);
        flow.timing = {};
        flow.timing.dnsUs = clampUs(rng.logNormal(25'000, 1.0), 100, 9e6);
    } else if (kind == kinds::kConnectRefused) {
        flow.errorMessage = fmt::format("{}: connection refused", hostPort);
        flow.timing = {};
        flow.timing.dnsUs = clampUs(rng.logNormal(300, 0.8), 10, 1e6);
        flow.timing.connectUs = clampUs(rtt * rng.logNormal(1.0, 0.3), 20, 5e6);
    } else if (kind == kinds::kConnectTimeout) {
        status = 504;
        flow.errorMessage = fmt::format("{}: connect timed out after 10000 ms", hostPort);
        flow.timing = {};
        flow.timing.dnsUs = clampUs(rng.logNormal(1'500, 1.0), 30, 1e6);
        flow.timing.connectUs = 10'000'000 - flow.timing.dnsUs;
    } else if (kind == kinds::kUpstreamTimeout) {
        status = 504;
        flow.errorMessage = fmt::format("{}: no response within 60000 ms", hostPort);
        flow.timing.sendUs = clampUs(rng.logNormal(80, 0.7), 5, 1e6);
        flow.timing.waitUs = 60'000'000;
    } else if (kind == kinds::kUpstreamReset) {
        flow.errorMessage =
            fmt::format("{}: the server closed the connection without answering (End of file)", hostPort);
        flow.timing.sendUs = clampUs(rng.logNormal(80, 0.7), 5, 1e6);
        flow.timing.waitUs = clampUs(rtt + rng.logNormal(5'000, 1.5), 50, 59e6);
    } else if (kind == kinds::kUpstreamBadResponse) {
        flow.errorMessage = fmt::format("{}: invalid response: bad version", hostPort);
        flow.timing.sendUs = clampUs(rng.logNormal(80, 0.7), 5, 1e6);
        flow.timing.waitUs = clampUs(rtt + rng.logNormal(20'000, 1.0), 50, 59e6);
    } else if (kind == kinds::kUpstreamTlsFailed) {
        flow.errorMessage = fmt::format("TLS handshake with {} failed: sslv3 alert handshake failure", hostPort);
        connectTimings(flow, hostIndex, true);
        flow.timing.sendUs = flow.timing.waitUs = flow.timing.receiveUs = -1;
    } else { // certificate verification
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kWhat = {{
            {kinds::kUpstreamCertExpired, "has expired (certificate has expired)"},
            {kinds::kUpstreamCertHostname, "does not match the host name (hostname mismatch)"},
            {kinds::kUpstreamCertSelfSigned, "is self-signed (self-signed certificate)"},
            {kinds::kUpstreamCertUntrusted, "is not issued by a trusted CA (unable to get local issuer certificate)"},
        }};
        std::string_view what = kWhat.back().second;
        for (const auto& [candidate, text] : kWhat) {
            if (candidate == kind) {
                what = text;
            }
        }
        flow.errorMessage = fmt::format("{}: upstream certificate {}; trust its CA with --upstream-ca or allow the "
                                        "host with --insecure-host",
                                        hostPort, what);
        connectTimings(flow, hostIndex, true);
        flow.timing.sendUs = flow.timing.waitUs = flow.timing.receiveUs = -1;
        flow.tls.upstreamVersion.clear();
        flow.tls.upstreamCipher.clear();
    }
    if (!newConnection && (kind == kinds::kClientAborted || kind == kinds::kUpstreamTimeout ||
                           kind == kinds::kUpstreamReset || kind == kinds::kUpstreamBadResponse)) {
        flow.timing.dnsUs = flow.timing.connectUs = flow.timing.tlsUs = -1; // a pooled connection
    }
    flow.status = status;
    flow.reason = reasonPhrase(status);
    // Request body bytes that never reached a server are still counted from the client.
    flow.bytesToClient = status == 0 ? 0 : 420 + flow.errorMessage.size();
}

void SynthFlowGenerator::State::tunnelFlow(Flow& flow, std::size_t hostIndex) {
    const SynthHost& host = catalog.hosts()[hostIndex];
    flow.kind = store::FlowKind::Tunnel;
    flow.scheme.clear();
    flow.method = "CONNECT";
    flow.path = fmt::format("{}:{}", host.name, host.port);
    flow.url = flow.path;
    flow.httpVersion = "HTTP/1.1";
    // First contact with a pinning app: interception was tried and the client refused our
    // certificate; afterwards the policy tunnels the host (engine/intercept_policy.hpp).
    if (rng.chance(0.1)) {
        flow.scheme = "https";
        flow.tls.sni = host.name;
        flow.errorKind = kinds::kClientTlsRejected;
        flow.errorMessage = fmt::format("{}: the client does not trust the Flowscope CA (TLS alert: unknown CA); "
                                        "if the app pins certificates, add the host to no-decrypt",
                                        flow.path);
        flow.endedAtUs = flow.startedAtUs + clampUs(rng.logNormal(30'000, 0.8), 1'000, 30e6);
        return;
    }
    flow.reason = "no-decrypt host";
    connectTimings(flow, hostIndex, false);
    const std::uint32_t roll = rng.below(100);
    if (roll < 2) {
        flow.errorKind = kinds::kConnectRefused;
        flow.errorMessage = fmt::format("{}: connection refused", flow.path);
        flow.reason.clear();
        flow.endedAtUs = flow.startedAtUs + flow.timing.dnsUs + flow.timing.connectUs + 200;
        return;
    } else {
        flow.bytesFromClient = static_cast<std::uint64_t>(std::clamp(rng.logNormal(6e3, 1.3), 517.0, 50e6));
        flow.bytesToClient = static_cast<std::uint64_t>(std::clamp(rng.logNormal(40e3, 1.6), 3e3, 2e9));
        if (roll < 6) {
            flow.errorKind = roll < 4 ? kinds::kUpstreamReset : kinds::kUpstreamTimeout;
            flow.errorMessage = roll < 4 ? fmt::format("{}: Connection reset by peer", flow.path)
                                         : "no data in either direction within the idle timeout";
        }
    }
    const std::int64_t setup = flow.timing.dnsUs + flow.timing.connectUs;
    flow.endedAtUs = flow.startedAtUs + setup + clampUs(rng.logNormal(30e6, 1.6), 1'000, 4.0 * 3600e6);
}

void SynthFlowGenerator::State::websocketFlow(Flow& flow, std::size_t hostIndex, const SynthClient& client) {
    const SynthHost& host = catalog.hosts()[hostIndex];
    static constexpr std::array<std::string_view, 4> kPaths = {
        "/socket?token={}", "/realtime/v1/websocket?vsn=2.0.0&apikey={}", "/cable?t={}",
        "/socket.io/?EIO=4&transport=websocket&sid={}"};
    flow.kind = store::FlowKind::WebSocket;
    flow.scheme = host.https ? "wss" : "ws";
    flow.method = "GET";
    flow.path = fmt::format(fmt::runtime(kPaths[rng.below(kPaths.size())]), fmt::format("{:016x}", rng.next()));
    flow.url = fmt::format("{}://{}{}", flow.scheme, host.name, flow.path);
    flow.httpVersion = "HTTP/1.1";
    flow.status = 101;
    flow.reason = reasonPhrase(101);
    flow.requestHeaders = {{"Host", host.name},
                           {"Connection", "Upgrade"},
                           {"Pragma", "no-cache"},
                           {"Cache-Control", "no-cache"},
                           {"User-Agent", std::string(client.userAgent)},
                           {"Upgrade", "websocket"},
                           {"Origin", "https://www.acme-shop.com"},
                           {"Sec-WebSocket-Version", "13"},
                           {"Accept-Encoding", "gzip, deflate, br, zstd"},
                           {"Accept-Language", "en-GB,en;q=0.9"},
                           {"Sec-WebSocket-Key", base64Of(rng, 16)},
                           {"Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"}};
    flow.responseHeaders = {{"Server", "nginx"},
                            {"Date", httpDate(flow.startedAtUs / 1'000'000)},
                            {"Connection", "upgrade"},
                            {"Upgrade", "websocket"},
                            {"Sec-WebSocket-Accept", base64Of(rng, 20)},
                            {"Sec-WebSocket-Extensions", "permessage-deflate"}};
    connectTimings(flow, hostIndex, host.https);
    flow.timing.sendUs = clampUs(rng.logNormal(60, 0.7), 5, 1e6);
    flow.timing.waitUs = clampUs(rttUs[hostIndex] + rng.logNormal(5'000, 0.8), 50, 10e6);
    flow.bytesFromClient = headBytes(flow.path.size() + 14, flow.requestHeaders) +
                           static_cast<std::uint64_t>(std::clamp(rng.logNormal(4e3, 1.5), 0.0, 1e9));
    flow.bytesToClient = headBytes(32, flow.responseHeaders) +
                         static_cast<std::uint64_t>(std::clamp(rng.logNormal(30e3, 1.8), 0.0, 5e9));
    if (rng.chance(0.06)) {
        const bool idle = rng.chance(0.3);
        flow.errorKind = idle ? kinds::kUpstreamTimeout : kinds::kUpstreamReset;
        flow.errorMessage = idle ? "no data in either direction within the idle timeout" : "Connection reset by peer";
    }
    const std::int64_t setup = flow.timing.dnsUs + flow.timing.connectUs +
                               std::max<std::int64_t>(flow.timing.tlsUs, 0) + flow.timing.sendUs + flow.timing.waitUs;
    flow.endedAtUs = flow.startedAtUs + setup + clampUs(rng.logNormal(60e6, 1.5), 500e3, 2.0 * 3600e6);
}

SynthFlowGenerator::SynthFlowGenerator(SynthOptions options) : m_state(std::make_unique<State>(options)) {}

SynthFlowGenerator::~SynthFlowGenerator() = default;

Flow SynthFlowGenerator::next(std::int64_t id) {
    State& s = *m_state;
    s.advanceClock();
    Flow flow;
    flow.id = id;
    flow.startedAtUs = s.clockUs;
    const std::size_t hostIndex = s.catalog.pickHost(s.rng);
    const SynthHost& host = s.catalog.hosts()[hostIndex];
    const SynthClient& client = s.catalog.pickClient(s.rng, host.role);
    flow.host = host.name;
    flow.port = host.port;
    const bool newConnection = s.useConnection(hostIndex, client, flow);

    if (host.role == HostRole::Pinned) {
        s.tunnelFlow(flow, hostIndex);
        return flow;
    }
    if (host.https) {
        s.setTls(flow, host);
    }
    if (host.role == HostRole::Socket && s.rng.chance(0.3)) {
        s.websocketFlow(flow, hostIndex, client);
        return flow;
    }
    flow.scheme = host.https ? "https" : "http";
    s.httpFlow(flow, hostIndex, client, newConnection);
    std::int64_t total = clampUs(s.rng.logNormal(250, 0.5), 20, 1e6); // the proxy's own share
    for (std::int64_t phase : {flow.timing.dnsUs, flow.timing.connectUs, flow.timing.tlsUs, flow.timing.sendUs,
                               flow.timing.waitUs, flow.timing.receiveUs}) {
        total += std::max<std::int64_t>(phase, 0);
    }
    flow.endedAtUs = flow.startedAtUs + total;
    return flow;
}

} // namespace flowscope::bench
