#include "synth_catalog.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace flowscope::bench {
namespace {

// Made-up companies: the first-party sites and apps being debugged.
constexpr std::array<std::string_view, 16> kBrands = {
    "acme-shop.com",        "globex.io",          "initech.net",         "hooli.dev",
    "umbrella-health.com",  "stark-mobility.com", "wayne-bank.com",      "wonka-foods.com",
    "cyberdyne.ai",         "tyrell-labs.io",     "aperture.travel",     "soylent.market",
    "vandelay-imports.com", "piedpiper.cloud",    "massive-dynamic.org", "oscorp.news",
};

struct Prefix {
    std::string_view label;
    HostRole role;
};
constexpr std::array<Prefix, 14> kPrefixes = {{
    {"www", HostRole::Web},
    {"api", HostRole::Api},
    {"cdn", HostRole::Static},
    {"img", HostRole::Images},
    {"auth", HostRole::Auth},
    {"ws", HostRole::Socket},
    {"events", HostRole::Events},
    {"api-staging", HostRole::Api},
    {"m", HostRole::Web},
    {"graphql", HostRole::Api},
    {"static", HostRole::Static},
    {"media", HostRole::Images},
    {"checkout", HostRole::Web},
    {"search", HostRole::Api},
}};

struct ThirdParty {
    std::string_view name;
    HostRole role;
};
// Services every site pulls in, and hosts apps pin or developers run locally.
constexpr std::array<ThirdParty, 30> kThirdParties = {{
    {"cdn.fastedge.net", HostRole::Static},
    {"assets.fastedge.net", HostRole::Static},
    {"cdn.jsmirror.net", HostRole::Static},
    {"fonts.typefacecdn.com", HostRole::Static},
    {"fonts-static.typefacecdn.com", HostRole::Static},
    {"images.pixelhost.net", HostRole::Images},
    {"avatars.gravatarish.com", HostRole::Images},
    {"px.adserve-network.com", HostRole::Images},
    {"analytics.metricly.io", HostRole::Events},
    {"collect.metricly.io", HostRole::Events},
    {"o4504.ingest.bugsnatch.io", HostRole::Events},
    {"events.telemetryhub.com", HostRole::Events},
    {"stats.pageviews.dev", HostRole::Events},
    {"api.paywise.com", HostRole::Api},
    {"maps.geotiles.net", HostRole::Api},
    {"api.weatherly.io", HostRole::Api},
    {"api.mailrelay.io", HostRole::Api},
    {"flags.featurely.dev", HostRole::Api},
    {"auth.identityhub.io", HostRole::Auth},
    {"accounts.identityhub.io", HostRole::Auth},
    {"realtime.chatterbox.io", HostRole::Socket},
    {"ws.pusherish.com", HostRole::Socket},
    {"push.notifyr.io", HostRole::Pinned},
    {"mtalk.pushservice.net", HostRole::Pinned},
    {"gateway.icloudish.com", HostRole::Pinned},
    {"updates.osvendor.com", HostRole::Pinned},
    {"secure.wayne-bank.com", HostRole::Pinned},
    {"telemetry.osvendor.com", HostRole::Pinned},
    {"api.sandbox.paywise.com", HostRole::Api},
    {"login.identityhub.io", HostRole::Auth},
}};

struct DevServer {
    std::string_view host;
    std::uint16_t port;
};
constexpr std::array<DevServer, 6> kDevServers = {{
    {"localhost", 3000},
    {"localhost", 8080},
    {"127.0.0.1", 5173},
    {"192.168.1.50", 8000},
    {"host.docker.internal", 8081},
    {"10.0.2.2", 3000},
}};

constexpr std::array<std::string_view, 5> kIssuers = {
    "CN=R11,O=Let's Encrypt,C=US",
    "CN=E6,O=Let's Encrypt,C=US",
    "CN=GTS CA 1C3,O=Google Trust Services LLC,C=US",
    "CN=Amazon RSA 2048 M02,O=Amazon,C=US",
    "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US",
};

constexpr std::array<std::string_view, 48> kWords = {
    "shoes",    "laptop", "coffee",  "garden",  "winter",   "jacket",  "camera",   "headphones", "books",   "lamp",
    "bicycle",  "tent",   "printer", "monitor", "keyboard", "chair",   "running",  "kitchen",    "organic", "vintage",
    "wireless", "travel", "kids",    "sale",    "summer",   "pro",     "mini",     "classic",    "smart",   "outdoor",
    "leather",  "cotton", "red",     "blue",    "black",    "white",   "green",    "large",      "small",   "new",
    "gift",     "deals",  "review",  "guide",   "news",     "account", "settings", "orders",
};

std::string wildcardOf(std::string_view host) {
    const std::size_t dot = host.find('.');
    const std::string_view parent = host.substr(dot + 1);
    // Brand hosts share a wildcard certificate; two-label names have their own.
    return parent.find('.') != std::string_view::npos ? fmt::format("CN=*.{}", parent) : fmt::format("CN={}", host);
}

SynthHost makeHost(std::string name, HostRole role, std::size_t issuer) {
    SynthHost host;
    host.name = std::move(name);
    host.role = role;
    host.certIssuer = std::string(kIssuers[issuer % kIssuers.size()]);
    host.certSubject = wildcardOf(host.name);
    return host;
}

} // namespace

SynthCatalog::SynthCatalog() {
    // Each brand runs most, not all, of the usual subdomains (a fixed pattern, not random).
    std::vector<SynthHost> brandHosts;
    for (std::size_t b = 0; b < kBrands.size(); ++b) {
        for (std::size_t p = 0; p < kPrefixes.size(); ++p) {
            if ((b * 7 + p * 3) % 10 < 7 || p < 3) {
                brandHosts.push_back(
                    makeHost(fmt::format("{}.{}", kPrefixes[p].label, kBrands[b]), kPrefixes[p].role, b));
            }
        }
    }
    std::vector<SynthHost> others;
    for (std::size_t i = 0; i < kThirdParties.size(); ++i) {
        others.push_back(makeHost(std::string(kThirdParties[i].name), kThirdParties[i].role, i * 3 + 1));
    }
    for (const DevServer& dev : kDevServers) {
        SynthHost host = makeHost(std::string(dev.host), HostRole::Dev, 0);
        host.https = false;
        host.port = dev.port;
        host.certIssuer.clear();
        host.certSubject.clear();
        others.push_back(std::move(host));
    }

    // Popularity: the app being debugged first (its API, CDN, site and tracker), then
    // everything else in a fixed shuffled order.
    std::vector<SynthHost> rest = std::move(brandHosts);
    rest.insert(rest.end(), std::make_move_iterator(others.begin()), std::make_move_iterator(others.end()));
    constexpr std::array<std::string_view, 6> kTop = {"api.acme-shop.com",     "cdn.acme-shop.com", "www.acme-shop.com",
                                                      "analytics.metricly.io", "img.acme-shop.com", "localhost"};
    for (std::string_view name : kTop) {
        auto found = std::find_if(rest.begin(), rest.end(), [&](const SynthHost& host) { return host.name == name; });
        if (found != rest.end()) {
            m_hosts.push_back(std::move(*found));
            rest.erase(found);
        }
    }
    SynthRng order(0x5EED); // fixed: the same world for every --seed
    for (std::size_t i = rest.size(); i > 1; --i) {
        std::swap(rest[i - 1], rest[order.below(static_cast<std::uint32_t>(i))]);
    }
    m_hosts.insert(m_hosts.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));

    double total = 0;
    for (std::size_t rank = 1; rank <= m_hosts.size(); ++rank) {
        total += 1.0 / static_cast<double>(rank);
    }
    double sum = 0;
    for (std::size_t rank = 1; rank <= m_hosts.size(); ++rank) {
        sum += 1.0 / static_cast<double>(rank) / total;
        m_cumulative.push_back(sum);
    }
    m_cumulative.back() = 1.0;
}

std::size_t SynthCatalog::pickHost(SynthRng& rng) const {
    const double roll = rng.unit();
    const auto found = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), roll);
    return std::min<std::size_t>(static_cast<std::size_t>(found - m_cumulative.begin()), m_hosts.size() - 1);
}

const SynthClient& SynthCatalog::pickClient(SynthRng& rng, HostRole role) const {
    static const std::array<SynthClient, 8> kClients = {{
        {ClientKind::Chrome,
         "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
         "127.0.0.1", true},
        {ClientKind::Firefox, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "127.0.0.1",
         true},
        {ClientKind::Safari,
         "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/18.1 Mobile/15E148 Safari/604.1",
         "192.168.1.23", true},
        {ClientKind::IosApp, "AcmeShop/5120 CFNetwork/1568.200.51 Darwin/24.1.0", "192.168.1.23", false},
        {ClientKind::AndroidApp, "okhttp/4.12.0", "192.168.1.31", false},
        {ClientKind::Curl, "curl/7.88.1", "127.0.0.1", false},
        {ClientKind::Python, "python-requests/2.31.0", "127.0.0.1", false},
        {ClientKind::Node, "axios/1.7.7", "::1", false},
    }};
    // Weights per client kind, in kClients order.
    using Row = std::array<std::uint32_t, 8>;
    Row weights{};
    switch (role) {
    case HostRole::Web:
    case HostRole::Static:
    case HostRole::Images:
        weights = {55, 18, 20, 2, 2, 3, 0, 0};
        break;
    case HostRole::Api:
        weights = {35, 10, 10, 20, 15, 4, 3, 3};
        break;
    case HostRole::Auth:
    case HostRole::Events:
    case HostRole::Socket:
        weights = {45, 12, 13, 16, 14, 0, 0, 0};
        break;
    case HostRole::Pinned:
        weights = {0, 0, 0, 55, 45, 0, 0, 0};
        break;
    case HostRole::Dev:
        weights = {50, 15, 0, 0, 0, 20, 5, 10};
        break;
    }
    std::uint32_t total = 0;
    for (std::uint32_t w : weights) {
        total += w;
    }
    std::uint32_t roll = rng.below(total);
    for (std::size_t i = 0; i < kClients.size(); ++i) {
        if (roll < weights[i]) {
            return kClients[i];
        }
        roll -= weights[i];
    }
    return kClients[0];
}

std::span<const std::string_view> SynthCatalog::words() {
    return kWords;
}

} // namespace flowscope::bench
