#include "http/content_decoding.hpp"

#include "http/headers.hpp"

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <fmt/format.h>

#include <vector>

namespace flowscope::http {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

// windowBits: 15+32 auto-detects zlib and gzip headers; -15 is raw deflate. Iterative,
// with the output buffer on the heap: a body of many tiny gzip members (RFC 1952 §2.2
// allows any number) must not grow the stack.
DecodeResult inflateWith(std::string_view body, int windowBits, std::size_t limit, const char* name) {
    DecodeResult result;
    z_stream stream{};
    if (inflateInit2(&stream, windowBits) != Z_OK) {
        result.error = fmt::format("{}: cannot initialise zlib", name);
        return result;
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    stream.avail_in = static_cast<uInt>(body.size());
    std::vector<char> out(kChunk);
    const bool multiMember = windowBits > 15;
    while (true) {
        stream.next_out = reinterpret_cast<Bytef*>(out.data());
        stream.avail_out = static_cast<uInt>(out.size());
        const int status = inflate(&stream, Z_NO_FLUSH);
        const std::size_t produced = out.size() - stream.avail_out;
        result.data.append(out.data(), produced);
        if (result.data.size() >= limit) {
            result.data.resize(limit);
            result.truncated = true;
            result.ok = true;
            break;
        }
        if (status == Z_STREAM_END) {
            if (multiMember && stream.avail_in > 0 && inflateReset(&stream) == Z_OK)
                continue; // the next gzip member
            result.ok = true;
            break;
        }
        if (status != Z_OK && !(status == Z_BUF_ERROR && produced > 0)) {
            result.error = fmt::format("{}: {}", name, stream.msg != nullptr ? stream.msg : "corrupt or truncated data");
            break;
        }
        if (stream.avail_in == 0 && produced == 0) {
            result.error = fmt::format("{}: data ends before the end of the stream", name);
            break;
        }
    }
    inflateEnd(&stream);
    return result;
}

DecodeResult decodeDeflate(std::string_view body, std::size_t limit) {
    // "deflate" is meant to be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send raw
    // deflate; try the standard form first.
    DecodeResult wrapped = inflateWith(body, 15, limit, "deflate");
    if (wrapped.ok)
        return wrapped;
    DecodeResult raw = inflateWith(body, -15, limit, "deflate");
    return raw.ok ? raw : wrapped;
}

DecodeResult decodeBrotli(std::string_view body, std::size_t limit) {
    DecodeResult result;
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) {
        result.error = "brotli: cannot create decoder";
        return result;
    }
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(body.data());
    std::size_t available_in = body.size();
    std::vector<std::uint8_t> out(kChunk);
    BrotliDecoderResult status = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
    while (status == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
        std::uint8_t* next_out = out.data();
        std::size_t available_out = out.size();
        status = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out, nullptr);
        result.data.append(reinterpret_cast<const char*>(out.data()), out.size() - available_out);
        if (result.data.size() >= limit) {
            result.data.resize(limit);
            result.truncated = true;
            BrotliDecoderDestroyInstance(state);
            result.ok = true;
            return result;
        }
    }
    if (status == BROTLI_DECODER_RESULT_SUCCESS) {
        result.ok = true;
    } else if (status == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
        result.error = "brotli: data ends before the end of the stream";
    } else {
        result.error = fmt::format("brotli: {}", BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state)));
    }
    BrotliDecoderDestroyInstance(state);
    return result;
}

DecodeResult decodeZstd(std::string_view body, std::size_t limit) {
    DecodeResult result;
    ZSTD_DStream* stream = ZSTD_createDStream();
    if (stream == nullptr) {
        result.error = "zstd: cannot create decoder";
        return result;
    }
    ZSTD_inBuffer input{body.data(), body.size(), 0};
    std::vector<char> out(kChunk);
    std::size_t hint = 1;
    while (input.pos < input.size) {
        ZSTD_outBuffer output{out.data(), out.size(), 0};
        hint = ZSTD_decompressStream(stream, &output, &input);
        if (ZSTD_isError(hint)) {
            result.error = fmt::format("zstd: {}", ZSTD_getErrorName(hint));
            ZSTD_freeDStream(stream);
            return result;
        }
        result.data.append(out.data(), output.pos);
        if (result.data.size() >= limit) {
            result.data.resize(limit);
            result.truncated = true;
            ZSTD_freeDStream(stream);
            result.ok = true;
            return result;
        }
    }
    // Flush what the decoder still holds once all input is consumed.
    while (hint != 0) {
        ZSTD_outBuffer output{out.data(), out.size(), 0};
        hint = ZSTD_decompressStream(stream, &output, &input);
        if (ZSTD_isError(hint)) {
            result.error = fmt::format("zstd: {}", ZSTD_getErrorName(hint));
            ZSTD_freeDStream(stream);
            return result;
        }
        result.data.append(out.data(), output.pos);
        if (output.pos == 0)
            break;
    }
    ZSTD_freeDStream(stream);
    if (hint != 0) {
        result.error = "zstd: data ends before the end of the frame";
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace

DecodeResult decodeOne(std::string_view body, std::string_view coding, std::size_t outputLimit) {
    if (coding.empty() || equalsIgnoreCase(coding, "identity"))
        return DecodeResult{true, std::string(body.substr(0, outputLimit)), {}, body.size() > outputLimit};
    if (equalsIgnoreCase(coding, "gzip") || equalsIgnoreCase(coding, "x-gzip"))
        return inflateWith(body, 15 + 32, outputLimit, "gzip");
    if (equalsIgnoreCase(coding, "deflate"))
        return decodeDeflate(body, outputLimit);
    if (equalsIgnoreCase(coding, "br"))
        return decodeBrotli(body, outputLimit);
    if (equalsIgnoreCase(coding, "zstd"))
        return decodeZstd(body, outputLimit);
    DecodeResult unsupported;
    unsupported.data.assign(body);
    unsupported.error = fmt::format("unsupported content coding '{}'", coding);
    return unsupported;
}

DecodeResult decodeContent(std::string_view body, std::string_view contentEncoding, std::size_t outputLimit) {
    std::vector<std::string_view> codings;
    forEachListElement(contentEncoding, [&](std::string_view coding) { codings.push_back(coding); });
    if (codings.empty())
        return decodeOne(body, "identity", outputLimit);
    DecodeResult current{true, std::string(body), {}, false};
    for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
        DecodeResult next = decodeOne(current.data, *it, outputLimit);
        if (!next.ok && current.truncated) {
            // The layer below was cut at the limit, so this one necessarily ends early:
            // that is a truncation, not corruption.
            next.ok = true;
            next.error.clear();
        }
        if (!next.ok)
            return next;
        next.truncated = next.truncated || current.truncated;
        current = std::move(next);
    }
    return current;
}

} // namespace flowscope::http
