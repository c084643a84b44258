// planExchange: per host role, the methods, targets, statuses and bodies real traffic of
// that kind shows (API calls mostly 200 with JSON, assets often 304, beacons 204, ...).
#include "synth_exchange.hpp"

#include <array>
#include <fmt/format.h>

namespace flowscope::bench {
namespace {

using Family = BodyFamily;

// Replaces {w} (a word), {n} (1-999), {id} (5 digits), {h8} and {h16} (hex) in `pattern`.
std::string fill(SynthRng& rng, std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size() + 24);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '{') {
            out.push_back(pattern[i]);
            continue;
        }
        const std::size_t close = pattern.find('}', i);
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        if (name == "w") {
            out += rng.pick(SynthCatalog::words());
        } else if (name == "n") {
            out += std::to_string(rng.between(1, 999));
        } else if (name == "id") {
            out += std::to_string(rng.between(10000, 99999));
        } else if (name == "h8") {
            out += fmt::format("{:08x}", rng.next() & 0xFFFFFFFF);
        } else {
            out += fmt::format("{:016x}", rng.next());
        }
        i = close;
    }
    return out;
}

struct Route {
    std::string_view method;
    std::string_view pattern;
    std::optional<Family> request;
    std::optional<Family> response;
    std::uint32_t weight;
};

const Route& pickRoute(SynthRng& rng, std::span<const Route> routes) {
    std::uint32_t total = 0;
    for (const Route& route : routes) {
        total += route.weight;
    }
    std::uint32_t roll = rng.below(total);
    for (const Route& route : routes) {
        if (roll < route.weight) {
            return route;
        }
        roll -= route.weight;
    }
    return routes.back();
}

// Statuses by kind of request; weights in per mille-ish units.
constexpr Weighted<int> kApiRead[] = {{200, 840}, {304, 50}, {401, 20}, {403, 10}, {404, 40},
                                      {429, 10},  {500, 10}, {503, 10}, {301, 5}};
constexpr Weighted<int> kApiCreate[] = {{201, 250}, {200, 600}, {400, 50}, {409, 20}, {422, 50}, {401, 20}, {500, 10}};
constexpr Weighted<int> kApiUpdate[] = {{200, 850}, {204, 50}, {400, 40}, {404, 30}, {422, 30}};
constexpr Weighted<int> kApiDelete[] = {{204, 850}, {200, 50}, {404, 80}, {403, 20}};
constexpr Weighted<int> kPage[] = {{200, 780}, {304, 70}, {301, 40}, {302, 40}, {404, 50}, {500, 10}, {503, 10}};
constexpr Weighted<int> kFormPost[] = {{302, 700}, {200, 250}, {400, 50}};
constexpr Weighted<int> kAsset[] = {{200, 720}, {304, 250}, {404, 20}, {403, 10}};
constexpr Weighted<int> kImage[] = {{200, 800}, {304, 150}, {404, 50}};
constexpr Weighted<int> kBeacon[] = {{204, 800}, {200, 150}, {413, 10}, {429, 20}, {503, 20}};
constexpr Weighted<int> kToken[] = {{200, 850}, {400, 80}, {401, 70}};
constexpr Weighted<int> kDev[] = {{200, 750}, {304, 100}, {404, 60}, {500, 80}, {201, 10}};

constexpr Route kApiRoutes[] = {
    {"GET", "/v1/products?category={w}&page={n}&limit=20", {}, Family::Json, 120},
    {"GET", "/v1/products/{id}", {}, Family::Json, 140},
    {"GET", "/v1/users/me", {}, Family::Json, 90},
    {"GET", "/v1/users/{id}/orders?status=open", {}, Family::Json, 50},
    {"GET", "/v2/cart", {}, Family::Json, 80},
    {"GET", "/v3/feed?cursor={h16}", {}, Family::Json, 70},
    {"GET", "/v1/notifications/unread-count", {}, Family::Json, 60},
    {"GET", "/v1/search?q={w}+{w}&lang=en", {}, Family::Json, 40},
    {"GET", "/health", {}, Family::Json, 10},
    {"POST", "/graphql", Family::JsonRequest, Family::Json, 60},
    {"POST", "/v1/cart/items", Family::JsonRequest, Family::Json, 40},
    {"POST", "/v1/sessions", Family::JsonRequest, Family::Json, 20},
    {"POST", "/v1/orders", Family::JsonRequest, Family::Json, 15},
    {"PUT", "/v1/users/me", Family::JsonRequest, Family::Json, 25},
    {"PATCH", "/v1/cart/items/{id}", Family::JsonRequest, Family::Json, 25},
    {"DELETE", "/v1/cart/items/{id}", {}, {}, 30},
    {"DELETE", "/v1/sessions/current", {}, {}, 10},
    {"OPTIONS", "/v1/cart/items", {}, {}, 40},
    {"OPTIONS", "/graphql", {}, {}, 20},
};

constexpr Route kWebRoutes[] = {
    {"GET", "/", {}, Family::Html, 200},
    {"GET", "/products/{w}-{id}", {}, Family::Html, 250},
    {"GET", "/category/{w}?sort=price_asc&page={n}", {}, Family::Html, 120},
    {"GET", "/blog/2026/{w}-{w}", {}, Family::Html, 60},
    {"GET", "/search?q={w}", {}, Family::Html, 80},
    {"GET", "/account", {}, Family::Html, 40},
    {"GET", "/cart", {}, Family::Html, 50},
    {"GET", "/checkout/confirm", {}, Family::Html, 20},
    {"GET", "/robots.txt", {}, Family::Text, 15},
    {"GET", "/apple-touch-icon.png", {}, Family::Png, 15},
    {"HEAD", "/", {}, {}, 10},
    {"POST", "/login?next=%2Faccount", Family::FormRequest, Family::Html, 20},
    {"POST", "/cart/add", Family::FormRequest, Family::Html, 20},
};

constexpr Route kAuthRoutes[] = {
    {"GET", "/.well-known/openid-configuration", {}, Family::Json, 80},
    {"GET", "/oauth2/authorize?client_id={h8}&response_type=code&scope=openid%20profile&state={h16}", {}, {}, 120},
    {"GET", "/userinfo", {}, Family::Json, 100},
    {"GET", "/login", {}, Family::Html, 100},
    {"POST", "/oauth2/token", Family::FormRequest, Family::Json, 450},
    {"POST", "/login", Family::FormRequest, Family::Html, 150},
};

constexpr Route kEventRoutes[] = {
    {"POST", "/v1/batch", Family::EventBatch, {}, 350},
    {"POST", "/collect?v=2&tid=G-{h8}&cid={n}.{n}&t=page_view", Family::EventBatch, {}, 250},
    {"POST", "/api/{n}/envelope/?sentry_version=7", Family::EventBatch, {}, 150},
    {"POST", "/track", Family::EventBatch, {}, 100},
    {"GET", "/collect?v=2&tid=G-{h8}&cid={n}.{n}&en=scroll&ep.percent=90", {}, Family::Gif, 150},
};

constexpr Route kDevRoutes[] = {
    {"GET", "/", {}, Family::Html, 100},
    {"GET", "/src/main.tsx", {}, Family::Js, 80},
    {"GET", "/@vite/client", {}, Family::Js, 60},
    {"GET", "/node_modules/.vite/deps/react.js?v={h8}", {}, Family::Js, 80},
    {"GET", "/src/styles/app.css", {}, Family::Css, 40},
    {"GET", "/api/todos", {}, Family::Json, 200},
    {"GET", "/api/todos/{n}", {}, Family::Json, 120},
    {"GET", "/api/health", {}, Family::Json, 40},
    {"POST", "/api/todos", Family::JsonRequest, Family::Json, 80},
    {"PUT", "/api/todos/{n}", Family::JsonRequest, Family::Json, 30},
    {"DELETE", "/api/todos/{n}", {}, {}, 30},
};

ExchangePlan fromRoute(SynthRng& rng, const Route& route) {
    ExchangePlan plan;
    plan.method = route.method;
    plan.path = fill(rng, route.pattern);
    plan.requestBody = route.request;
    plan.responseBody = route.response;
    return plan;
}

int apiStatus(SynthRng& rng, std::string_view method) {
    if (method == "GET") {
        return pickWeighted<int>(rng, kApiRead);
    }
    if (method == "POST") {
        return pickWeighted<int>(rng, kApiCreate);
    }
    if (method == "DELETE") {
        return pickWeighted<int>(rng, kApiDelete);
    }
    if (method == "OPTIONS") {
        return 204; // CORS preflight
    }
    return pickWeighted<int>(rng, kApiUpdate);
}

// A GET of a static file; large formats get no pooled body but a big size.
ExchangePlan assetPlan(SynthRng& rng) {
    ExchangePlan plan;
    plan.method = "GET";
    const std::uint32_t roll = rng.below(1000);
    if (roll < 420) {
        plan.path = fill(rng, rng.chance(0.5) ? "/assets/app.{h8}.js" : "/static/js/{n}.{h8}.chunk.js");
        plan.fetchDest = "script";
        if (rng.chance(0.04)) {
            plan.largeResponse = LargeFamily::Bundle;
        } else {
            plan.responseBody = Family::Js;
        }
    } else if (roll < 740) {
        plan.path = fill(rng, rng.chance(0.5) ? "/assets/main.{h8}.css" : "/static/css/{n}.{h8}.chunk.css");
        plan.fetchDest = "style";
        plan.responseBody = Family::Css;
    } else if (roll < 800) {
        plan.path = fill(rng, rng.chance(0.5) ? "/fonts/inter-400.woff2" : "/fonts/inter-600.woff2");
        plan.fetchDest = "font";
        plan.largeResponse = LargeFamily::Font;
    } else if (roll < 850) {
        plan.path = fill(rng, "/assets/hero-{n}.jpg");
        plan.fetchDest = "image";
        plan.largeResponse = LargeFamily::Jpeg;
    } else if (roll < 860) {
        plan.path = fill(rng, "/media/promo-{n}.mp4");
        plan.fetchDest = "video";
        plan.largeResponse = LargeFamily::Video;
    } else {
        plan.path = fill(rng, "/assets/icons/{w}.svg");
        plan.fetchDest = "image";
        plan.responseBody = Family::Svg;
    }
    plan.status = pickWeighted<int>(rng, kAsset);
    return plan;
}

ExchangePlan imagePlan(SynthRng& rng) {
    ExchangePlan plan;
    plan.method = "GET";
    plan.fetchDest = "image";
    const std::uint32_t roll = rng.below(1000);
    if (roll < 400) {
        plan.path = fill(rng, rng.chance(0.5) ? "/images/products/{id}/thumb_160.png" : "/avatars/{id}.png?s=64");
        plan.responseBody = Family::Png;
    } else if (roll < 550) {
        plan.path = fill(rng, "/icons/{w}.svg");
        plan.responseBody = Family::Svg;
    } else if (roll < 750) {
        plan.path = fill(rng, "/pixel.gif?e=view&uid={h8}&r={n}");
        plan.responseBody = Family::Gif;
        plan.status = 200;
        return plan;
    } else if (roll < 900) {
        plan.path = fill(rng, "/i/{h16}.jpg?w=640&q=80");
        plan.largeResponse = LargeFamily::Jpeg;
    } else {
        plan.path = fill(rng, "/i/{h16}.webp?w=1280");
        plan.largeResponse = LargeFamily::Webp;
    }
    plan.status = pickWeighted<int>(rng, kImage);
    return plan;
}

ExchangePlan socketPollPlan(SynthRng& rng) {
    ExchangePlan plan;
    plan.method = rng.chance(0.8) ? "GET" : "POST";
    plan.path = fill(rng, "/socket.io/?EIO=4&transport=polling&t={h8}&sid={h16}");
    plan.responseBody = Family::Text;
    if (plan.method == "POST") {
        plan.requestBody = Family::JsonRequest;
    }
    plan.status = rng.chance(0.97) ? 200 : 400;
    return plan;
}

} // namespace

ExchangePlan planExchange(SynthRng& rng, const SynthHost& host) {
    ExchangePlan plan;
    switch (host.role) {
    case HostRole::Api:
        plan = fromRoute(rng, pickRoute(rng, kApiRoutes));
        plan.status = apiStatus(rng, plan.method);
        break;
    case HostRole::Web:
        plan = fromRoute(rng, pickRoute(rng, kWebRoutes));
        plan.fetchDest = "document";
        plan.status = plan.method == "POST" ? pickWeighted<int>(rng, kFormPost) : pickWeighted<int>(rng, kPage);
        if (plan.method == "HEAD") {
            plan.status = 200;
        }
        break;
    case HostRole::Static:
        plan = assetPlan(rng);
        break;
    case HostRole::Images:
        plan = imagePlan(rng);
        break;
    case HostRole::Auth:
        plan = fromRoute(rng, pickRoute(rng, kAuthRoutes));
        plan.fetchDest = "document";
        if (plan.path.starts_with("/oauth2/authorize") || (plan.method == "POST" && plan.path == "/login")) {
            plan.status = rng.chance(0.92) ? 302 : 400;
        } else if (plan.path == "/oauth2/token") {
            plan.status = pickWeighted<int>(rng, kToken);
        } else {
            plan.status = rng.chance(0.95) ? 200 : 401;
        }
        break;
    case HostRole::Events:
        plan = fromRoute(rng, pickRoute(rng, kEventRoutes));
        plan.status = plan.method == "GET" ? (rng.chance(0.9) ? 200 : 204) : pickWeighted<int>(rng, kBeacon);
        if (plan.method == "POST" && plan.status == 200) {
            plan.responseBody = Family::Json;
        }
        break;
    case HostRole::Socket:
        plan = socketPollPlan(rng);
        break;
    case HostRole::Pinned:
    case HostRole::Dev:
        plan = fromRoute(rng, pickRoute(rng, kDevRoutes));
        plan.status = plan.method == "POST" ? 201 : pickWeighted<int>(rng, kDev);
        break;
    }

    const int status = plan.status;
    if (status == 304) {
        plan.conditional = true;
    } else if (plan.method == "GET" && status == 200 &&
               (host.role == HostRole::Static || host.role == HostRole::Images)) {
        plan.conditional = rng.chance(0.1); // revalidated, and changed
    }
    if (status == 301 || status == 302) {
        plan.redirectTo = plan.path.starts_with("/oauth2/") ? "/callback?code="
                          : plan.method == "POST"           ? "/account"
                                                            : "/";
    }
    // Bodies the status rules out (RFC 9110 §15.3.5, §15.4.5) or replaces.
    if (status == 204 || status == 304 || status == 301 || status == 302 || plan.method == "HEAD") {
        plan.responseBody.reset();
        plan.largeResponse.reset();
    } else if (status >= 400) {
        plan.largeResponse.reset();
        const bool apiLike = host.role == HostRole::Api || host.role == HostRole::Auth || host.role == HostRole::Dev ||
                             host.role == HostRole::Events;
        plan.responseBody = apiLike ? Family::ProblemJson : Family::Html;
    }
    return plan;
}

} // namespace flowscope::bench
