#include "support/origin_routes.hpp"

#include <boost/beast/http/write.hpp>
#include <charconv>
#include <sstream>
#include <stdexcept>
#include <zlib.h>

namespace flowscope::test {
namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

namespace {

std::string serialize(Response& response) {
    response.prepare_payload();
    std::ostringstream out;
    out << response;
    return out.str();
}

Response makeResponse(const Request& request, http::status status, std::string_view contentType, std::string body) {
    Response response(status, 11);
    response.set(http::field::server, "flowscope-test-origin");
    if (!contentType.empty())
        response.set(http::field::content_type, contentType);
    response.body() = std::move(body);
    response.keep_alive(request.keep_alive());
    return response;
}

OriginReply single(const Request& request, Response response) {
    OriginReply reply;
    reply.keepAlive = request.keep_alive();
    reply.pieces.push_back(serialize(response));
    return reply;
}

std::string queryValue(std::string_view target, std::string_view name) {
    const auto question = target.find('?');
    if (question == std::string_view::npos)
        return {};
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
            return std::string(pair.substr(name.size() + 1));
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return {};
}

OriginReply chunkedReply(const Request& request) {
    OriginReply reply;
    reply.keepAlive = request.keep_alive();
    reply.pieces.emplace_back(std::string("HTTP/1.1 200 OK\r\nServer: flowscope-test-origin\r\n"
                                          "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n") +
                              (reply.keepAlive ? "" : "Connection: close\r\n") + "\r\n");
    for (const std::string_view piece : kChunkedPieces) {
        char size[16];
        const auto end = std::to_chars(size, size + sizeof size, piece.size(), 16).ptr;
        reply.pieces.push_back(std::string(size, end) + "\r\n" + std::string(piece) + "\r\n");
    }
    reply.pieces.emplace_back("0\r\n\r\n");
    return reply;
}

OriginReply bytesReply(const Request& request) {
    const std::string text = queryValue(request.target(), "n");
    std::uint64_t size = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), size);
    if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size())
        return single(request, makeResponse(request, http::status::bad_request, "text/plain", "bad n\n"));
    OriginReply reply;
    reply.keepAlive = request.keep_alive();
    reply.pieces.emplace_back("HTTP/1.1 200 OK\r\nServer: flowscope-test-origin\r\n"
                              "Content-Type: application/octet-stream\r\nContent-Length: " +
                              std::to_string(size) + "\r\n" + (reply.keepAlive ? "" : "Connection: close\r\n") +
                              "\r\n");
    reply.patternBytes = size;
    return reply;
}

OriginReply statusReply(const Request& request, std::string_view code) {
    unsigned value = 0;
    const auto parsed = std::from_chars(code.data(), code.data() + code.size(), value);
    if (parsed.ec != std::errc() || value < 200 || value > 599)
        return single(request, makeResponse(request, http::status::bad_request, "text/plain", "bad status\n"));
    const bool bodyless = value == 204 || value == 304;
    Response response = makeResponse(request, http::int_to_status(value), bodyless ? "" : "text/plain",
                                     bodyless ? "" : "status " + std::string(code) + "\n");
    response.result(value);
    return single(request, std::move(response));
}

} // namespace

std::string chunkedBody() {
    std::string body;
    for (const std::string_view piece : kChunkedPieces)
        body += piece;
    return body;
}

std::string gzipCompress(std::string_view data) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip wrapper rather than zlib's.
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        throw std::runtime_error("deflate did not finish");
    return out;
}

std::string routeOf(std::string_view target) {
    return std::string(target.substr(0, target.find('?')));
}

OriginReply answer(const Request& request) {
    const std::string route = routeOf(request.target());
    if (route == "/hello")
        return single(request, makeResponse(request, http::status::ok, "text/plain", std::string(kHelloBody)));
    if (route == "/echo") {
        Response response = makeResponse(request, http::status::ok, "application/octet-stream", request.body());
        const auto count = std::distance(request.begin(), request.end());
        response.set("X-Request-Header-Count", std::to_string(count));
        response.set("X-Request-Body-Size", std::to_string(request.body().size()));
        return single(request, std::move(response));
    }
    if (route == "/headers") {
        std::string lines;
        for (const auto& field : request)
            lines += std::string(field.name_string()) + ": " + std::string(field.value()) + "\n";
        return single(request, makeResponse(request, http::status::ok, "text/plain", std::move(lines)));
    }
    if (route == "/chunked")
        return chunkedReply(request);
    if (route == "/bytes")
        return bytesReply(request);
    if (route == "/gzip") {
        Response response = makeResponse(request, http::status::ok, "application/json", gzipCompress(kGzipJson));
        response.set(http::field::content_encoding, "gzip");
        return single(request, std::move(response));
    }
    if (route.starts_with("/status/"))
        return statusReply(request, std::string_view(route).substr(8));
    if (route == "/close") {
        OriginReply reply;
        reply.closeWithoutAnswer = true;
        reply.keepAlive = false;
        return reply;
    }
    return single(request, makeResponse(request, http::status::not_found, "text/plain", "no such route\n"));
}

} // namespace flowscope::test
