#pragma once
// Shared fixtures for the view tests: a temporary directory per test and a generator of
// varied flows (hosts, methods, statuses, content types, sizes, durations, errors, kinds),
// written to a real store through store::FlowWriter.

#include "store/flow.hpp"
#include "store/flow_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace flowscope::view::test {

class ViewTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "-" + info->name();
        std::replace(name.begin(), name.end(), '/', '-');
        m_dir = std::filesystem::temp_directory_path() / ("flowscope-view-" + std::to_string(::getpid()) + "-" + name);
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }

    std::filesystem::path storePath() const { return m_dir / "flows.sqlite"; }

private:
    std::filesystem::path m_dir;
};

constexpr std::int64_t kEpochUs = 1'700'000'000'000'000;

inline constexpr std::array kHosts = {
    "api.example.com",     "cdn.example.com", "API.Example.com", "www.example.org",
    "img.cdn.example.net", "example.com",     "127.0.0.1",       "auth.service.test",
    "ws.example.com",      "x[1].weird.test", "shop.test",       "static.example.com",
};
inline constexpr std::array kMethods = {"GET",    "GET",   "GET",     "POST", "PUT",
                                        "DELETE", "PATCH", "OPTIONS", "HEAD", "get"};
inline constexpr std::array kStatuses = {200, 200, 200, 201, 204, 301, 304, 400, 401,
                                         403, 404, 418, 429, 500, 502, 503, 504, 0};
inline constexpr std::array kContentTypes = {
    "application/json",
    "application/json; charset=utf-8",
    "text/html",
    "Text/HTML; charset=UTF-8",
    "application/javascript",
    "text/javascript",
    "text/css",
    "image/png",
    "image/svg+xml",
    "application/xml",
    "text/plain",
    "font/woff2",
    "application/x-font-ttf",
    "video/mp4",
    "audio/mpeg",
    "application/octet-stream",
    "",
    " application/ld+json ",
    "application/xhtml+xml",
    "multipart/form-data; boundary=json",
};
inline constexpr std::array kErrors = {"upstream_timeout", "upstream_reset",        "connect_refused",
                                       "dns_failure",      "upstream_cert_expired", "client_aborted"};
inline constexpr std::array kPaths = {
    "/api/v1/items/{}?q={}", "/static/app.{}.js",          "/img/{}.png", "/Users/List/{}",
    "/search?q=a%20b&n={}",  "/api/v1/items/{}",           "/",           "/[brackets]/{}",
    "/caf\xC3\xA9/{}",       "/api/v1/orders/{}/lines/{}",
};

inline std::string fillPath(std::string pattern, std::mt19937& rng) {
    for (std::size_t at = pattern.find("{}"); at != std::string::npos; at = pattern.find("{}")) {
        pattern.replace(at, 2, std::to_string(rng() % 500));
    }
    return pattern;
}

// A log-uniform value in [0, max]: many small, a few huge, as real sizes and durations are.
inline std::int64_t logUniform(std::mt19937& rng, double max) {
    std::uniform_real_distribution<double> exponent(0.0, std::log(max + 1.0));
    return static_cast<std::int64_t>(std::exp(exponent(rng)) - 1.0);
}

struct GeneratorOptions {
    bool headers = false; // realistic header lists (bigger rows, for the scale test)
};

// Flow number `n` of a deterministic mix; `id` is what FlowWriter allocated.
inline store::Flow generatedFlow(std::int64_t id, std::mt19937& rng, GeneratorOptions options = {}) {
    store::Flow flow;
    flow.id = id;
    const unsigned kindRoll = rng() % 100;
    flow.kind = kindRoll < 85   ? store::FlowKind::Http
                : kindRoll < 95 ? store::FlowKind::Tunnel
                                : store::FlowKind::WebSocket;
    // Coarse start times (some collide) so sorting by time has ties to break by id.
    flow.startedAtUs = kEpochUs + static_cast<std::int64_t>(rng() % 100'000) * 1000;
    const std::int64_t duration = logUniform(rng, 60e6);
    flow.endedAtUs = rng() % 50 == 0 ? 0 : flow.startedAtUs + duration; // a few unfinished
    flow.host = kHosts[rng() % kHosts.size()];
    flow.clientAddress = "127.0.0.1:50000";
    flow.httpVersion = "HTTP/1.1";
    if (flow.kind == store::FlowKind::Tunnel) {
        flow.method = "CONNECT";
        flow.port = 443;
        flow.path = flow.host + ":443";
        flow.url = flow.path;
    } else {
        const bool secure = rng() % 3 != 0;
        if (flow.kind == store::FlowKind::WebSocket) {
            flow.scheme = secure ? "wss" : "ws";
            flow.method = "GET";
            flow.status = 101;
        } else {
            flow.scheme = secure ? "https" : "http";
            flow.method = kMethods[rng() % kMethods.size()];
            flow.status = kStatuses[rng() % kStatuses.size()];
        }
        flow.port = rng() % 10 == 0 ? 8443 : secure ? 443 : 80;
        flow.path = fillPath(kPaths[rng() % kPaths.size()], rng);
        std::string origin = flow.scheme + "://" + flow.host;
        if (flow.port == 8443) {
            origin += ":8443";
        }
        flow.url = origin + flow.path;
        if (rng() % 40 == 0) {
            flow.url += "#Fragment"; // a URL that is not origin + path
        }
        flow.responseContentType = kContentTypes[rng() % kContentTypes.size()];
        flow.responseBody.size = static_cast<std::uint64_t>(logUniform(rng, 50e6));
        flow.requestBody.size = rng() % 3 == 0 ? static_cast<std::uint64_t>(logUniform(rng, 1e6)) : 0;
    }
    if (rng() % 10 == 0) {
        flow.errorKind = kErrors[rng() % kErrors.size()];
        flow.errorMessage = flow.host + ": failed";
    }
    if (options.headers) {
        flow.requestHeaders = {{"Host", flow.host},
                               {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0"},
                               {"Accept", "application/json, text/plain, */*"},
                               {"Accept-Encoding", "gzip, deflate, br"},
                               {"Accept-Language", "en-US,en;q=0.9"},
                               {"Cookie", "session=" + std::to_string(rng()) + "; theme=dark"}};
        flow.responseHeaders = {{"Content-Type", flow.responseContentType},
                                {"Content-Length", std::to_string(flow.responseBody.size)},
                                {"Cache-Control", "no-cache"},
                                {"Date", "Tue, 14 Nov 2023 22:13:20 GMT"},
                                {"Server", "nginx"}};
    }
    return flow;
}

// Writes `count` generated flows; returns their ids in publishing order.
inline std::vector<std::int64_t> writeFlows(store::FlowWriter& writer, std::size_t count, unsigned seed,
                                            GeneratorOptions options = {}) {
    std::mt19937 rng(seed);
    std::vector<std::int64_t> ids;
    ids.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        store::Flow flow = generatedFlow(writer.allocateId(), rng, options);
        ids.push_back(flow.id);
        writer.publish(std::move(flow));
    }
    writer.flush();
    return ids;
}

} // namespace flowscope::view::test
