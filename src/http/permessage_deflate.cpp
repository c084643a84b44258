#include "http/permessage_deflate.hpp"

#include "http/headers.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>
#include <zlib.h>

namespace flowscope::http::websocket {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// Splits `text` at each `separator` outside a quoted-string (RFC 9110 §5.6.4).
std::vector<std::string_view> splitOutsideQuotes(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted && c == '\\') {
            ++i; // quoted-pair: the next character is literal
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == separator) {
            parts.push_back(trim(text.substr(start, i - start)));
            start = i + 1;
        }
    }
    parts.push_back(trim(text.substr(start)));
    return parts;
}

std::string unquote(std::string_view value) {
    if (value.size() < 2 || value.front() != '"' || value.back() != '"')
        return std::string(value);
    std::string out;
    value = value.substr(1, value.size() - 2);
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size())
            ++i;
        out.push_back(value[i]);
    }
    return out;
}

// RFC 7692 §7.1.2: 1*DIGIT in 8..15, no leading zeros.
std::optional<int> parseWindowBits(std::string_view digits) {
    if (digits.empty() || digits.size() > 2 || digits.front() == '0')
        return std::nullopt;
    int value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value < 8 || value > 15)
        return std::nullopt;
    return value;
}

// Parses the parameters of one permessage-deflate element (everything after its name).
std::optional<DeflateParams> parseParams(const std::vector<std::string_view>& params) {
    DeflateParams result;
    bool seenServerTakeover = false, seenClientTakeover = false, seenServerBits = false, seenClientBits = false;
    for (std::size_t i = 1; i < params.size(); ++i) {
        const std::string_view param = params[i];
        if (param.empty())
            continue; // "permessage-deflate;" with a stray separator
        const auto equals = param.find('=');
        const std::string_view name = trim(param.substr(0, equals));
        const bool hasValue = equals != std::string_view::npos;
        const std::string value = hasValue ? unquote(trim(param.substr(equals + 1))) : std::string();
        const auto once = [](bool& seen) { return !std::exchange(seen, true); };
        if (equalsIgnoreCase(name, "server_no_context_takeover")) {
            if (hasValue || !once(seenServerTakeover))
                return std::nullopt;
            result.serverNoContextTakeover = true;
        } else if (equalsIgnoreCase(name, "client_no_context_takeover")) {
            if (hasValue || !once(seenClientTakeover))
                return std::nullopt;
            result.clientNoContextTakeover = true;
        } else if (equalsIgnoreCase(name, "server_max_window_bits")) {
            const auto bits = parseWindowBits(value);
            if (!bits || !once(seenServerBits))
                return std::nullopt;
            result.serverMaxWindowBits = *bits;
        } else if (equalsIgnoreCase(name, "client_max_window_bits")) {
            const auto bits = hasValue ? parseWindowBits(value) : std::optional<int>(15);
            if (!bits || !once(seenClientBits))
                return std::nullopt;
            result.clientMaxWindowBits = *bits;
        } else {
            return std::nullopt; // §7.1: an unknown parameter makes the response invalid
        }
    }
    return result;
}

constexpr std::size_t kOutputChunk = 16 * 1024;
// RFC 7692 §7.2.2: the receiver appends what the sender's sync flush ended with.
constexpr std::array<unsigned char, 4> kTail{0x00, 0x00, 0xff, 0xff};
// zlib's inflate() data_type: bit 7 means "stopped at a block boundary".
constexpr int kAtBlockBoundary = 128;

} // namespace

std::optional<DeflateParams> parseDeflateExtension(std::string_view secWebSocketExtensions) {
    for (const std::string_view extension : splitOutsideQuotes(secWebSocketExtensions, ',')) {
        const auto params = splitOutsideQuotes(extension, ';');
        if (equalsIgnoreCase(params.front(), "permessage-deflate"))
            return parseParams(params);
    }
    return std::nullopt;
}

struct Inflater::Impl {
    z_stream stream{};
    bool initialised = false;
    bool streamEnded = false; // a BFINAL block ended the DEFLATE stream inside this message
    std::string error;
    std::array<char, kOutputChunk> output{};

    explicit Impl(int windowBits) {
        // windowBits is negative for raw DEFLATE (no zlib header), RFC 7692 §7.2.2.
        if (inflateInit2(&stream, -windowBits) == Z_OK)
            initialised = true;
        else
            error = "inflate: cannot initialise zlib";
    }
    ~Impl() {
        if (initialised)
            inflateEnd(&stream);
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    bool fail(std::string_view what) {
        error = "inflate: ";
        error += stream.msg != nullptr ? std::string_view(stream.msg) : what;
        return false;
    }

    bool run(const unsigned char* data, std::size_t size, const Sink& sink) {
        if (!error.empty())
            return false;
        if (streamEnded)
            return true; // bytes after a BFINAL block are padding (RFC 7692 §7.2.3.4)
        // zlib takes a non-const input pointer but does not write through it.
        stream.next_in = const_cast<Bytef*>(data);
        // Payload chunks are at most a feed() call in size; split anything above uInt range.
        std::size_t remaining = size;
        do {
            const auto piece = static_cast<uInt>(std::min<std::size_t>(remaining, 1u << 30));
            stream.avail_in = piece;
            remaining -= piece;
            do {
                stream.next_out = reinterpret_cast<Bytef*>(output.data());
                stream.avail_out = static_cast<uInt>(output.size());
                const int status = inflate(&stream, Z_SYNC_FLUSH);
                const std::size_t produced = output.size() - stream.avail_out;
                if (produced > 0)
                    sink(std::string_view(output.data(), produced));
                if (status == Z_STREAM_END) {
                    streamEnded = true;
                    return true;
                }
                if (status == Z_BUF_ERROR)
                    break; // no progress possible until more input arrives: not an error
                if (status != Z_OK)
                    return fail("corrupt data");
            } while (stream.avail_in > 0 || stream.avail_out == 0);
        } while (remaining > 0);
        return true;
    }

    // Restarts the DEFLATE stream; with `keepWindow` the last 2^windowBits bytes of output
    // stay available as a dictionary (context takeover across a BFINAL block).
    void restart(bool keepWindow) {
        if (!initialised)
            return;
        std::array<Bytef, 32768> window{};
        uInt windowSize = 0;
        if (keepWindow && inflateGetDictionary(&stream, window.data(), &windowSize) != Z_OK)
            windowSize = 0;
        inflateReset(&stream);
        if (windowSize > 0)
            inflateSetDictionary(&stream, window.data(), windowSize);
        streamEnded = false;
    }
};

Inflater::Inflater(int windowBits) : m_impl(std::make_unique<Impl>(std::clamp(windowBits, 9, 15))) {}
Inflater::~Inflater() = default;
Inflater::Inflater(Inflater&&) noexcept = default;
Inflater& Inflater::operator=(Inflater&&) noexcept = default;

void Inflater::beginMessage(bool resetContext) {
    if (!resetContext || !m_impl->initialised)
        return;
    m_impl->restart(false);
    m_impl->error.clear();
}

bool Inflater::feed(std::string_view compressed, const Sink& sink) {
    return m_impl->run(reinterpret_cast<const unsigned char*>(compressed.data()), compressed.size(), sink);
}

bool Inflater::endMessage(const Sink& sink) {
    Impl& impl = *m_impl;
    if (!impl.error.empty())
        return false;
    if (impl.streamEnded) {
        impl.restart(true);
        return true;
    }
    if (!impl.run(kTail.data(), kTail.size(), sink))
        return false;
    if (impl.streamEnded) {
        impl.restart(true);
        return true;
    }
    // After the empty stored block the inflater must sit between blocks; anywhere else the
    // message was cut short mid-block.
    if ((impl.stream.data_type & kAtBlockBoundary) == 0) {
        impl.error = "inflate: compressed message does not end on a DEFLATE block boundary";
        return false;
    }
    return true;
}

bool Inflater::failed() const {
    return !m_impl->error.empty();
}

const std::string& Inflater::error() const {
    return m_impl->error;
}

} // namespace flowscope::http::websocket
