#include "synth_bodies.hpp"

#include "synth_catalog.hpp"
#include "synth_encoding.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace flowscope::bench {
namespace {

// Content is drawn from its own fixed seed: the pool is part of the world, like the hosts.
constexpr std::uint64_t kPoolSeed = 0xB0D1E5;

std::string_view word(SynthRng& rng) {
    return rng.pick(SynthCatalog::words());
}

std::string title(SynthRng& rng) {
    std::string text(word(rng));
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return fmt::format("{} {} {}", text, word(rng), word(rng));
}

std::string product(SynthRng& rng, std::uint32_t id) {
    return fmt::format(R"({{"id":{},"sku":"ACM-{:05}","name":"{}","price":{{"amount":{}.{:02},"currency":"EUR"}},)"
                       R"("tags":["{}","{}"],"inStock":{},"rating":{}.{}}})",
                       id, id % 100000, title(rng), rng.between(3, 899), rng.below(100), word(rng), word(rng),
                       rng.chance(0.8) ? "true" : "false", rng.between(2, 4), rng.below(10));
}

std::string jsonDocument(SynthRng& rng, std::size_t index) {
    switch (index % 6) {
    case 0: { // a page of products: the big ones
        const auto count = static_cast<std::uint32_t>(std::clamp(rng.logNormal(4, 0.9), 1.0, 40.0));
        std::string items;
        for (std::uint32_t i = 0; i < count; ++i) {
            items += (i ? "," : "") + product(rng, rng.below(90000) + 10000);
        }
        return fmt::format(R"({{"items":[{}],"page":{},"pageSize":{},"total":{}}})", items, rng.between(1, 9), count,
                           count * rng.between(1, 40));
    }
    case 1:
        return fmt::format(R"({{"id":"usr_{:012x}","email":"{}.{}@example.com","name":"{}",)"
                           R"("createdAt":"2025-0{}-1{}T09:26:5{}Z","preferences":{{"newsletter":{},"theme":"{}",)"
                           R"("language":"en-GB"}},"roles":["customer"]}})",
                           rng.next() & 0xFFFFFFFFFFFFull, word(rng), word(rng), title(rng), rng.between(1, 9),
                           rng.below(10), rng.below(10), rng.chance(0.3) ? "true" : "false",
                           rng.chance(0.5) ? "dark" : "light");
    case 2:
        return fmt::format(R"({{"status":"ok","count":{}}})", rng.below(50));
    case 3: {
        const auto count = static_cast<std::uint32_t>(rng.between(1, 8));
        std::string posts;
        for (std::uint32_t i = 0; i < count; ++i) {
            posts += fmt::format(R"({}{{"type":"post","id":"{}","attributes":{{"title":"{}","likes":{}}}}})",
                                 i ? "," : "", rng.below(1000000), title(rng), rng.below(5000));
        }
        return fmt::format(R"({{"data":[{}],"links":{{"next":"/v3/feed?cursor={:016x}"}}}})", posts, rng.next());
    }
    case 4:
        return fmt::format(R"({{"data":{{"viewer":{{"id":"{}","cart":{{"lines":[{}],"subtotal":{}.{:02}}}}}}}}})",
                           rng.below(1000000), product(rng, rng.below(90000) + 10000), rng.between(5, 999),
                           rng.below(100));
    default:
        return fmt::format(R"({{"ok":true,"version":"2.{}.{}","region":"eu-west-{}"}})", rng.below(20), rng.below(10),
                           rng.between(1, 3));
    }
}

std::string problemDocument(SynthRng& rng, std::size_t index) {
    if (index % 2 == 0) {
        return fmt::format(R"({{"type":"https://errors.acme-shop.com/validation","title":"Invalid request",)"
                           R"("status":422,"errors":[{{"field":"{}","message":"must not be blank"}}]}})",
                           word(rng));
    }
    return fmt::format(R"({{"error":{{"code":"not_found","message":"No {} with id {}","requestId":"{:016x}"}}}})",
                       word(rng), rng.below(100000), rng.next());
}

std::string htmlPage(SynthRng& rng) {
    std::string cards;
    const auto count = rng.between(2, 12);
    for (std::int64_t i = 0; i < count; ++i) {
        cards += fmt::format("<li class=\"card\"><a href=\"/products/{0}-{1}\"><img src=\"https://img.acme-shop.com/"
                             "images/products/{1}/thumb_320.png\" alt=\"{2}\" loading=\"lazy\"><h3>{2}</h3></a>"
                             "<span class=\"price\">&euro;{3}.99</span></li>\n",
                             word(rng), rng.below(90000) + 10000, title(rng), rng.between(5, 499));
    }
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0} | Acme Shop</title>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<link rel=\"stylesheet\" href=\"https://cdn.acme-shop.com/assets/main.{1:08x}.css\">\n"
        "<script defer src=\"https://cdn.acme-shop.com/assets/app.{2:08x}.js\"></script></head>\n"
        "<body><header><nav><a href=\"/\">Home</a> <a href=\"/cart\">Cart</a> <a href=\"/account\">Account</a></nav>"
        "</header>\n<main><h1>{0}</h1>\n<ul class=\"grid\">\n{3}</ul></main>\n"
        "<footer>&copy; 2026 Acme Shop</footer></body></html>\n",
        title(rng), rng.next() & 0xFFFFFFFF, rng.next() & 0xFFFFFFFF, cards);
}

std::string script(SynthRng& rng) {
    std::string code = "\"use strict\";(self.webpackChunk=self.webpackChunk||[]).push([[";
    code += std::to_string(rng.below(900));
    code += "],{";
    const auto functions = rng.between(4, 40);
    for (std::int64_t i = 0; i < functions; ++i) {
        code += fmt::format("{}{}:function(e,t,n){{var r=n({});e.exports=function(o){{return o.filter(function(a)"
                            "{{return a.{}!==t}}).map(function(a){{return r(a,\"{}\")}})}}}}",
                            i ? "," : "", rng.below(99999), rng.below(9999), word(rng), word(rng));
    }
    return code + "}]);\n";
}

std::string stylesheet(SynthRng& rng) {
    std::string css = ":root{--accent:#0a66c2;--radius:6px}body{margin:0;font:16px/1.5 system-ui,sans-serif}\n";
    const auto rules = rng.between(5, 80);
    for (std::int64_t i = 0; i < rules; ++i) {
        css += fmt::format(".{}-{}{{display:flex;padding:{}px {}px;color:#{:06x};border-radius:var(--radius)}}\n",
                           word(rng), rng.below(100), rng.below(24), rng.below(32), rng.below(0xFFFFFF));
    }
    return css;
}

std::string image(SynthRng& rng, std::size_t index) {
    static constexpr std::uint32_t kSides[] = {1, 16, 24, 32, 48, 64, 16, 32};
    const std::uint32_t side = kSides[index % std::size(kSides)];
    const std::uint32_t base = static_cast<std::uint32_t>(rng.next());
    const bool grainy = index % 5 == 4; // some texture, so sizes vary beyond the tiny
    return pngImage(side, side, [&](std::uint32_t x, std::uint32_t y) {
        std::uint32_t r = (base >> 24) + x * 4;
        std::uint32_t g = (base >> 16) + y * 4;
        std::uint32_t b = (base >> 8) + (x ^ y) * 2;
        if (grainy) {
            r += (x * 7919 + y * 104729) % 23;
        }
        return ((r & 0xFF) << 24) | ((g & 0xFF) << 16) | ((b & 0xFF) << 8) | 0xFF;
    });
}

std::string icon(SynthRng& rng) {
    return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\">"
                       "<path fill=\"none\" stroke=\"#{:06x}\" stroke-width=\"2\" d=\"M{} {}l{} {}h{}v{}z\"/>"
                       "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"currentColor\"/></svg>\n",
                       rng.below(0xFFFFFF), rng.below(12), rng.below(12), rng.below(10), rng.below(10), rng.below(8),
                       rng.below(8), rng.between(4, 20), rng.between(4, 20), rng.between(1, 4));
}

std::string jsonRequest(SynthRng& rng, std::size_t index) {
    switch (index % 4) {
    case 0:
        return fmt::format(R"({{"email":"{}@example.com","password":"********"}})", word(rng));
    case 1:
        return fmt::format(R"({{"sku":"ACM-{:05}","quantity":{}}})", rng.below(100000), rng.between(1, 5));
    case 2:
        return fmt::format(R"({{"query":"query Feed($cursor: String) {{ feed(after: $cursor, first: {}) {{ edges )"
                           R"({{ node {{ id title likes }} }} }} }}","variables":{{"cursor":"{:016x}"}}}})",
                           rng.between(10, 50), rng.next());
    default:
        return fmt::format(R"({{"address":{{"line1":"{} {} Street","city":"Springfield","postcode":"{:05}"}}}})",
                           rng.between(1, 999), title(rng), rng.below(100000));
    }
}

std::string eventBatch(SynthRng& rng) {
    std::string events;
    const auto count = rng.between(1, 12);
    for (std::int64_t i = 0; i < count; ++i) {
        events += fmt::format(R"({}{{"event":"{}_{}","ts":{},"props":{{"page":"/{}","ms":{}}}}})", i ? "," : "",
                              word(rng), word(rng), 1795420800000 + rng.below(100000000), word(rng), rng.below(3000));
    }
    return fmt::format(R"({{"client_id":"{:016x}","session":{},"events":[{}]}})", rng.next(), rng.below(1000), events);
}

PooledBody pooled(std::string plain, std::string_view contentType) {
    PooledBody body;
    body.gzip = gzipBytes(plain);
    body.etag = fmt::format("\"{:016x}\"", fnv1a(plain));
    body.plain = std::move(plain);
    body.contentType = contentType;
    return body;
}

// A file signature, then deterministic filler: enough to be recognised, never decoded
// (the flow is truncated anyway).
std::string largePrefixOf(LargeFamily family, std::size_t size, SynthRng& rng) {
    std::string bytes;
    switch (family) {
    case LargeFamily::Jpeg:
        bytes.assign("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00", 20);
        break;
    case LargeFamily::Webp:
        bytes.assign("RIFF\x00\x00\x10\x00WEBPVP8 ", 16);
        break;
    case LargeFamily::Font:
        bytes.assign("wOF2\x00\x01\x00\x00", 8);
        break;
    case LargeFamily::Video:
        bytes.assign("\x00\x00\x00\x20"
                     "ftypisom\x00\x00\x02\x00isomiso2avc1mp41",
                     32);
        break;
    case LargeFamily::Bundle:
        bytes = "/*! For license information please see app.js.LICENSE.txt */\n";
        break;
    case LargeFamily::Count:
        break;
    }
    while (bytes.size() < size) {
        if (family == LargeFamily::Bundle) {
            bytes += fmt::format("function f{}(e){{return e*{}+{}}}", rng.below(1000000), rng.below(97), rng.below(89));
        } else {
            const std::uint64_t word64 = rng.next();
            bytes.append(reinterpret_cast<const char*>(&word64), sizeof word64);
        }
    }
    bytes.resize(size);
    return bytes;
}

} // namespace

BodyPool::BodyPool(std::size_t largePrefixBytes) {
    SynthRng rng(kPoolSeed);
    auto pool = [&](BodyFamily family) -> std::vector<PooledBody>& {
        return m_pools[static_cast<std::size_t>(family)];
    };
    for (std::size_t i = 0; i < 48; ++i) {
        pool(BodyFamily::Json).push_back(pooled(jsonDocument(rng, i), "application/json; charset=utf-8"));
    }
    for (std::size_t i = 0; i < 8; ++i) {
        pool(BodyFamily::ProblemJson)
            .push_back(pooled(problemDocument(rng, i), i % 2 == 0 ? "application/problem+json" : "application/json"));
    }
    for (std::size_t i = 0; i < 10; ++i) {
        pool(BodyFamily::Html).push_back(pooled(htmlPage(rng), "text/html; charset=utf-8"));
        pool(BodyFamily::Js).push_back(pooled(script(rng), i % 3 ? "application/javascript" : "text/javascript"));
        pool(BodyFamily::Png).push_back(pooled(image(rng, i), "image/png"));
    }
    for (std::size_t i = 0; i < 8; ++i) {
        pool(BodyFamily::Css).push_back(pooled(stylesheet(rng), "text/css; charset=utf-8"));
        pool(BodyFamily::Svg).push_back(pooled(icon(rng), "image/svg+xml"));
        pool(BodyFamily::JsonRequest).push_back(pooled(jsonRequest(rng, i), "application/json"));
        pool(BodyFamily::EventBatch)
            .push_back(pooled(eventBatch(rng), i % 2 ? "text/plain;charset=UTF-8" : "application/json"));
    }
    pool(BodyFamily::Gif).push_back(pooled(std::string(transparentGif()), "image/gif"));
    pool(BodyFamily::Text)
        .push_back(pooled("User-agent: *\nDisallow: /checkout/\nDisallow: /account/\n"
                          "Sitemap: https://www.acme-shop.com/sitemap.xml\n",
                          "text/plain; charset=utf-8"));
    pool(BodyFamily::Text).push_back(pooled("OK\n", "text/plain"));
    for (std::size_t i = 0; i < 4; ++i) {
        pool(BodyFamily::FormRequest)
            .push_back(pooled(fmt::format("grant_type=refresh_token&refresh_token={:016x}{:016x}&client_id=acme-{}",
                                          rng.next(), rng.next(), word(rng)),
                              "application/x-www-form-urlencoded"));
    }
    for (std::size_t i = 0; i < m_large.size(); ++i) {
        m_large[i] = largePrefixOf(static_cast<LargeFamily>(i), largePrefixBytes, rng);
    }
}

const PooledBody& BodyPool::pick(SynthRng& rng, BodyFamily family) const {
    const auto& pool = m_pools[static_cast<std::size_t>(family)];
    return pool[rng.below(static_cast<std::uint32_t>(pool.size()))];
}

std::string_view BodyPool::largeContentType(LargeFamily family) const {
    switch (family) {
    case LargeFamily::Jpeg:
        return "image/jpeg";
    case LargeFamily::Webp:
        return "image/webp";
    case LargeFamily::Font:
        return "font/woff2";
    case LargeFamily::Video:
        return "video/mp4";
    case LargeFamily::Bundle:
    case LargeFamily::Count:
        break;
    }
    return "application/javascript";
}

std::string_view BodyPool::largePrefix(LargeFamily family, std::size_t size) const {
    const std::string& bytes = m_large[static_cast<std::size_t>(family)];
    return std::string_view(bytes).substr(0, size);
}

} // namespace flowscope::bench
