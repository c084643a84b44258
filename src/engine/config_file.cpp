#include "engine/config_file.hpp"

#include "http/url.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

namespace flowscope::engine {
namespace {

using Json = nlohmann::json;

std::vector<std::string> stringList(const Json& value, std::string_view key, std::string_view origin) {
    if (!value.is_array())
        throw ConfigError(fmt::format("{}: '{}' must be a list of strings", origin, key));
    std::vector<std::string> out;
    for (const auto& item : value) {
        if (!item.is_string())
            throw ConfigError(fmt::format("{}: '{}' must be a list of strings", origin, key));
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::chrono::milliseconds milliseconds(const Json& value, std::string_view key, std::string_view origin) {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() == 0)
        throw ConfigError(fmt::format("{}: '{}' must be a positive number of milliseconds", origin, key));
    return std::chrono::milliseconds(value.get<std::uint64_t>());
}

} // namespace

void parseListenAddress(std::string_view text, ProxyOptions& options) {
    auto authority = http::parseAuthority(text, 0);
    if (!authority && text.find(':') == std::string_view::npos)
        throw ConfigError(fmt::format("invalid listen address '{}': expected HOST:PORT, e.g. 127.0.0.1:8888", text));
    if (!authority) {
        // Port 0 is valid for listening (pick a free port) but not for URLs.
        const auto colon = text.rfind(':');
        if (text.substr(colon + 1) == "0")
            authority = http::parseAuthority(std::string(text.substr(0, colon)) + ":1", 0);
        if (!authority)
            throw ConfigError(fmt::format("invalid listen address '{}': expected HOST:PORT, e.g. 127.0.0.1:8888",
                                          text));
        authority->port = 0;
    }
    if (authority->host == "localhost")
        authority->host = "127.0.0.1";
    if (!http::isIpLiteral(authority->host))
        throw ConfigError(fmt::format("invalid listen address '{}': the host must be an IP address", text));
    options.listenHost = authority->host;
    options.listenPort = authority->port;
}

std::uint64_t parseByteSize(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end == text.data())
        throw ConfigError(fmt::format("invalid size '{}': expected bytes, e.g. 16MiB, 512k or 1000000", text));
    std::string unit(end, text.data() + text.size());
    for (auto& c : unit)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::uint64_t multiplier = 1;
    if (unit.empty() || unit == "b")
        multiplier = 1;
    else if (unit == "k" || unit == "kb" || unit == "kib")
        multiplier = 1024;
    else if (unit == "m" || unit == "mb" || unit == "mib")
        multiplier = 1024 * 1024;
    else if (unit == "g" || unit == "gb" || unit == "gib")
        multiplier = 1024ull * 1024 * 1024;
    else
        throw ConfigError(fmt::format("invalid size '{}': unknown unit '{}'", text, unit));
    if (value > UINT64_MAX / multiplier)
        throw ConfigError(fmt::format("invalid size '{}': too large", text));
    return value * multiplier;
}

void applyConfigJson(std::string_view text, ProxyOptions& options, std::string_view origin) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::parse_error& error) {
        throw ConfigError(fmt::format("{}: not valid JSON ({})", origin, error.what()));
    }
    if (!root.is_object())
        throw ConfigError(fmt::format("{}: expected a JSON object at the top level", origin));
    for (const auto& [key, value] : root.items()) {
        try {
            if (key == "listen") {
                parseListenAddress(value.get<std::string>(), options);
            } else if (key == "upstream_ca") {
                options.upstreamCaFiles.clear();
                for (auto& path : stringList(value, key, origin))
                    options.upstreamCaFiles.emplace_back(path);
            } else if (key == "no_decrypt") {
                options.noDecryptHosts = stringList(value, key, origin);
            } else if (key == "insecure_hosts") {
                options.insecureHosts = stringList(value, key, origin);
            } else if (key == "max_body_size") {
                options.maxBodySize = value.is_string() ? parseByteSize(value.get<std::string>())
                                                        : value.get<std::uint64_t>();
            } else if (key == "capture_bodies") {
                options.captureBodies = value.get<bool>();
            } else if (key == "header_timeout_ms") {
                options.headerTimeout = milliseconds(value, key, origin);
            } else if (key == "idle_timeout_ms") {
                options.idleTimeout = milliseconds(value, key, origin);
            } else if (key == "connect_timeout_ms") {
                options.connectTimeout = milliseconds(value, key, origin);
            } else if (key == "upstream_timeout_ms") {
                options.upstreamTimeout = milliseconds(value, key, origin);
            } else if (key == "threads") {
                options.threads = value.get<unsigned>();
            } else {
                throw ConfigError(fmt::format("{}: unknown setting '{}'", origin, key));
            }
        } catch (const Json::type_error&) {
            throw ConfigError(fmt::format("{}: '{}' has the wrong type", origin, key));
        } catch (const ConfigError& error) {
            const std::string message = error.what();
            if (message.rfind(std::string(origin), 0) == 0)
                throw;
            throw ConfigError(fmt::format("{}: '{}': {}", origin, key, message));
        }
    }
}

void applyConfigFile(const std::filesystem::path& file, ProxyOptions& options) {
    std::error_code error;
    if (!std::filesystem::exists(file, error))
        return;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw ConfigError(fmt::format("cannot read {}", file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    applyConfigJson(text.str(), options, file.string());
}

void writeConfigFile(const std::filesystem::path& file, const ProxyOptions& options) {
    Json root;
    const std::string host = options.listenHost.find(':') != std::string::npos ? "[" + options.listenHost + "]"
                                                                                 : options.listenHost;
    root["listen"] = fmt::format("{}:{}", host, options.listenPort);
    root["upstream_ca"] = Json::array();
    for (const auto& path : options.upstreamCaFiles)
        root["upstream_ca"].push_back(path.string());
    root["no_decrypt"] = options.noDecryptHosts;
    root["insecure_hosts"] = options.insecureHosts;
    root["max_body_size"] = options.maxBodySize;
    root["capture_bodies"] = options.captureBodies;
    root["header_timeout_ms"] = options.headerTimeout.count();
    root["idle_timeout_ms"] = options.idleTimeout.count();
    root["connect_timeout_ms"] = options.connectTimeout.count();
    root["upstream_timeout_ms"] = options.upstreamTimeout.count();
    const auto temporary = std::filesystem::path(file).concat(".tmp");
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw ConfigError(fmt::format("cannot write {}", temporary.string()));
        out << root.dump(2) << '\n';
        if (!out)
            throw ConfigError(fmt::format("cannot write {}", temporary.string()));
    }
    std::error_code error;
    std::filesystem::rename(temporary, file, error);
    if (error)
        throw ConfigError(fmt::format("cannot write {}: {}", file.string(), error.message()));
}

} // namespace flowscope::engine
