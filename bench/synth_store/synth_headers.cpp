// Header lists as the clients in the catalog send them and as typical servers (nginx, a
// CDN, an API gateway) answer, in wire order.
#include "synth_exchange.hpp"

#include <fmt/format.h>

namespace flowscope::bench {
namespace {

std::string_view acceptFor(std::string_view dest, std::string_view method, const ExchangePlan& plan) {
    if (dest == "document" && method == "GET") {
        return "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    }
    if (dest == "image") {
        return "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    }
    if (dest == "style") {
        return "text/css,*/*;q=0.1";
    }
    if (plan.responseBody == BodyFamily::Json || plan.responseBody == BodyFamily::ProblemJson) {
        return "application/json, text/plain, */*";
    }
    return "*/*";
}

std::string token(SynthRng& rng) {
    return fmt::format("Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.{:016x}{:016x}.{:016x}", rng.next(), rng.next(),
                       rng.next());
}

std::string cookie(SynthRng& rng) {
    return fmt::format("session={:016x}{:08x}; _ga=GA1.2.{}.{}; theme=dark; consent=1", rng.next(),
                       rng.next() & 0xFFFFFFFF, rng.between(100000000, 999999999), rng.between(1700000000, 1799999999));
}

void addBodyFields(store::HeaderList& headers, const ChosenBody& body) {
    if (!body.contentType.empty()) {
        headers.emplace_back("Content-Type", std::string(body.contentType));
    }
    headers.emplace_back("Content-Length", std::to_string(body.size));
}

} // namespace

store::HeaderList requestHeaders(SynthRng& rng, const HeaderContext& context) {
    const ExchangePlan& plan = context.plan;
    const SynthClient& client = context.client;
    store::HeaderList headers;
    headers.reserve(16);
    const bool defaultPort = context.host.port == (context.host.https ? 443 : 80);
    headers.emplace_back("Host",
                         defaultPort ? context.host.name : fmt::format("{}:{}", context.host.name, context.host.port));
    const bool apiCall = plan.fetchDest == "empty";
    const bool crossSite =
        apiCall && (context.host.role == HostRole::Api || context.host.role == HostRole::Events) && client.browser;

    if (client.browser) {
        headers.emplace_back("Connection", "keep-alive");
        if (context.request.size > 0) {
            headers.emplace_back("Content-Length", std::to_string(context.request.size));
        }
        if (client.kind == ClientKind::Chrome) {
            headers.emplace_back("sec-ch-ua", R"("Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24")");
            headers.emplace_back("sec-ch-ua-mobile", "?0");
            headers.emplace_back("sec-ch-ua-platform", "\"Linux\"");
        }
        headers.emplace_back("User-Agent", std::string(client.userAgent));
        headers.emplace_back("Accept", std::string(acceptFor(plan.fetchDest, plan.method, plan)));
        if (context.request.size > 0) {
            headers.emplace_back("Content-Type", std::string(context.request.contentType));
        }
        if (plan.method == "OPTIONS") {
            headers.emplace_back("Access-Control-Request-Method", rng.chance(0.5) ? "POST" : "PUT");
            headers.emplace_back("Access-Control-Request-Headers", "authorization,content-type");
        }
        if (crossSite) {
            headers.emplace_back("Origin", "https://www.acme-shop.com");
            if (plan.method != "OPTIONS" && context.host.role == HostRole::Api) {
                headers.emplace_back("Authorization", token(rng));
            }
        }
        headers.emplace_back("Sec-Fetch-Site", crossSite ? "cross-site" : "same-origin");
        headers.emplace_back("Sec-Fetch-Mode", plan.fetchDest == "document" ? "navigate"
                                               : apiCall                    ? "cors"
                                                                            : "no-cors");
        headers.emplace_back("Sec-Fetch-Dest", std::string(plan.fetchDest));
        if (plan.path != "/") {
            headers.emplace_back("Referer", "https://www.acme-shop.com/");
        }
        headers.emplace_back("Accept-Encoding", "gzip, deflate, br, zstd");
        headers.emplace_back("Accept-Language", "en-GB,en;q=0.9,de;q=0.8");
        if (context.host.role == HostRole::Web || context.host.role == HostRole::Auth || rng.chance(0.1)) {
            headers.emplace_back("Cookie", cookie(rng));
        }
    } else if (client.kind == ClientKind::IosApp || client.kind == ClientKind::AndroidApp) {
        if (context.host.role == HostRole::Api) {
            headers.emplace_back("Authorization", token(rng));
        }
        headers.emplace_back("Accept", "application/json");
        if (context.request.size > 0) {
            addBodyFields(headers, context.request);
        }
        headers.emplace_back("X-Request-ID", fmt::format("{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                                                         rng.next() & 0xFFFFFFFF, rng.below(0x10000), rng.below(0x1000),
                                                         rng.below(0x1000), rng.next() & 0xFFFFFFFFFFFFull));
        headers.emplace_back("Accept-Language", "en-GB;q=1.0, de-DE;q=0.9");
        headers.emplace_back("Accept-Encoding", client.kind == ClientKind::IosApp ? "gzip, deflate, br" : "gzip");
        headers.emplace_back("User-Agent", std::string(client.userAgent));
        headers.emplace_back("Connection", "keep-alive");
    } else { // command-line tools and scripts
        headers.emplace_back("User-Agent", std::string(client.userAgent));
        if (client.kind != ClientKind::Curl) {
            headers.emplace_back("Accept-Encoding", "gzip, deflate");
            headers.emplace_back("Connection", "keep-alive");
        }
        headers.emplace_back("Accept", client.kind == ClientKind::Node ? "application/json, text/plain, */*" : "*/*");
        if (context.request.size > 0) {
            addBodyFields(headers, context.request);
        }
    }
    if (plan.conditional) {
        headers.emplace_back("If-None-Match", context.response.pooled != nullptr
                                                  ? context.response.pooled->etag
                                                  : fmt::format("\"{:016x}\"", rng.next()));
    }
    return headers;
}

store::HeaderList responseHeaders(SynthRng& rng, const HeaderContext& context) {
    const ExchangePlan& plan = context.plan;
    const SynthHost& host = context.host;
    const ChosenBody& body = context.response;
    store::HeaderList headers;
    headers.reserve(14);
    const bool cdn = host.role == HostRole::Static || host.role == HostRole::Images;
    headers.emplace_back(cdn ? "server" : "Server", cdn ? "cloudflare" : host.role == HostRole::Dev ? "Vite" : "nginx");
    headers.emplace_back(cdn ? "date" : "Date", httpDate(context.startedAtUs / 1'000'000));
    if (!body.contentType.empty() && plan.status != 304) {
        headers.emplace_back("Content-Type", std::string(body.contentType));
    }
    if (context.chunked) {
        headers.emplace_back("Transfer-Encoding", "chunked");
    } else if (plan.status != 304 && plan.status != 204) {
        headers.emplace_back("Content-Length", std::to_string(body.size));
    }
    headers.emplace_back("Connection", "keep-alive");
    if (body.gzip) {
        headers.emplace_back("Content-Encoding", "gzip");
    }
    if (body.gzip || context.chunked) {
        headers.emplace_back("Vary", "Accept-Encoding");
    }
    if (plan.redirectTo.size() > 0) {
        headers.emplace_back("Location",
                             plan.redirectTo.starts_with("/callback")
                                 ? fmt::format("https://www.acme-shop.com{}{:016x}", plan.redirectTo, rng.next())
                                 : std::string(plan.redirectTo));
    }
    if (cdn) {
        if (body.pooled != nullptr) {
            headers.emplace_back("etag", body.pooled->etag);
        }
        headers.emplace_back("last-modified", "Tue, 18 Nov 2026 14:02:11 GMT");
        headers.emplace_back("cache-control", "public, max-age=31536000, immutable");
        headers.emplace_back("cf-cache-status", plan.status == 304 || rng.chance(0.85) ? "HIT" : "MISS");
        headers.emplace_back("age", std::to_string(rng.below(86400)));
        headers.emplace_back("cf-ray", fmt::format("{:016x}-FRA", rng.next()));
    } else if (host.role == HostRole::Api || host.role == HostRole::Auth || host.role == HostRole::Events) {
        headers.emplace_back("Cache-Control", "no-store");
        headers.emplace_back("Access-Control-Allow-Origin", "https://www.acme-shop.com");
        headers.emplace_back("Access-Control-Allow-Credentials", "true");
        if (plan.method == "OPTIONS") {
            headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
            headers.emplace_back("Access-Control-Allow-Headers", "authorization, content-type");
            headers.emplace_back("Access-Control-Max-Age", "600");
        }
        headers.emplace_back("X-Request-Id", fmt::format("{:016x}", rng.next()));
        if (plan.status == 429 || plan.status == 503) {
            headers.emplace_back("Retry-After", std::to_string(rng.between(1, 120)));
        }
        if (plan.status == 401) {
            headers.emplace_back("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\"");
        }
    } else if (host.role == HostRole::Web) {
        headers.emplace_back("Cache-Control", "private, no-cache");
        if (rng.chance(0.2)) {
            headers.emplace_back("Set-Cookie",
                                 fmt::format("session={:016x}; Path=/; Secure; HttpOnly; SameSite=Lax", rng.next()));
        }
    }
    if (host.https) {
        headers.emplace_back("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    }
    return headers;
}

std::string httpDate(std::int64_t unixSeconds) {
    static constexpr std::string_view kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // 1970-01-01: Thu
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::int64_t days = unixSeconds / 86400;
    const std::int64_t secondOfDay = unixSeconds % 86400;
    // Civil date from a day count (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t dayOfEra = z - era * 146097;
    const std::int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const std::int64_t mp = (5 * dayOfYear + 2) / 153;
    const std::int64_t day = dayOfYear - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} GMT", kDays[days % 7], day, kMonths[month - 1], year,
                       secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60);
}

std::string_view reasonPhrase(int status) {
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "";
    }
}

std::uint64_t headBytes(std::size_t startLineBytes, const store::HeaderList& headers) {
    std::uint64_t bytes = startLineBytes + 2 + 2; // start line CRLF, empty line
    for (const auto& [name, value] : headers) {
        bytes += name.size() + 2 + value.size() + 2; // "name: value\r\n"
    }
    return bytes;
}

} // namespace flowscope::bench
