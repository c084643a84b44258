#pragma once
// <data-dir>/config.json: the settings a user keeps between runs. Command-line flags
// override them. Shared by flowscope-cli and the desktop app.

#include "engine/proxy_options.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flowscope::engine {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Applies the settings found in `file` onto `options`. A missing file changes nothing.
// Invalid JSON, an unknown key (likely a typo) or a value of the wrong type throws
// ConfigError naming the file and the key.
void applyConfigFile(const std::filesystem::path& file, ProxyOptions& options);

// Same, from text (for tests and for the settings dialog).
void applyConfigJson(std::string_view json, ProxyOptions& options, std::string_view origin = "config.json");

// Writes `options` as config.json (atomically: temp file + rename).
void writeConfigFile(const std::filesystem::path& file, const ProxyOptions& options);

// "127.0.0.1:8888", "[::1]:8080", "localhost:0"; throws ConfigError on anything else.
void parseListenAddress(std::string_view text, ProxyOptions& options);

// "16MiB", "512k", "1000000" -> bytes; throws ConfigError.
std::uint64_t parseByteSize(std::string_view text);

} // namespace flowscope::engine
