#include "synth_encoding.hpp"

#include <stdexcept>
#include <zlib.h>

namespace flowscope::bench {
namespace {

void appendBigEndian(std::string& out, std::uint32_t value) {
    out.push_back(static_cast<char>(value >> 24));
    out.push_back(static_cast<char>(value >> 16));
    out.push_back(static_cast<char>(value >> 8));
    out.push_back(static_cast<char>(value));
}

// PNG §5.3: length, type, data, CRC-32 over type and data.
void appendChunk(std::string& out, std::string_view type, std::string_view data) {
    appendBigEndian(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t typeAt = out.size();
    out.append(type);
    out.append(data);
    const auto* crcStart = reinterpret_cast<const Bytef*>(out.data() + typeAt);
    appendBigEndian(out, static_cast<std::uint32_t>(crc32(0L, crcStart, static_cast<uInt>(type.size() + data.size()))));
}

// windowBits 15 + 16 asks zlib for a gzip wrapper instead of a zlib one.
std::string deflateWith(std::string_view data, int windowBits) {
    z_stream stream{};
    if (deflateInit2(&stream, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) {
        throw std::runtime_error("deflate did not finish");
    }
    return out;
}

} // namespace

std::string gzipBytes(std::string_view data) {
    return deflateWith(data, 15 + 16);
}

std::string pngImage(std::uint32_t width, std::uint32_t height,
                     const std::function<std::uint32_t(std::uint32_t, std::uint32_t)>& pixel) {
    std::string raw;
    raw.reserve(static_cast<std::size_t>(height) * (1 + width * 4));
    for (std::uint32_t y = 0; y < height; ++y) {
        raw.push_back('\0'); // filter type None for every scanline
        for (std::uint32_t x = 0; x < width; ++x) {
            appendBigEndian(raw, pixel(x, y));
        }
    }
    std::string header;
    appendBigEndian(header, width);
    appendBigEndian(header, height);
    header += std::string("\x08\x06\x00\x00\x00", 5); // depth 8, RGBA, deflate, adaptive, no interlace
    std::string png("\x89PNG\r\n\x1a\n", 8);
    appendChunk(png, "IHDR", header);
    appendChunk(png, "IDAT", deflateWith(raw, 15));
    appendChunk(png, "IEND", {});
    return png;
}

std::string_view transparentGif() {
    static constexpr char kGif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x21\xf9\x04\x01\x00"
                                   "\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b";
    return {kGif, sizeof(kGif) - 1};
}

std::uint64_t fnv1a(std::string_view data) {
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (unsigned char c : data) {
        hash = (hash ^ c) * 0x100000001b3ull;
    }
    return hash;
}

} // namespace flowscope::bench
