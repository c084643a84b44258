#pragma once
// Runs the system curl through the proxy: `curl -q -sS --proxy http://127.0.0.1:PORT
// [--cacert CA] ...`, with every transfer's status and connection count taken from -w.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flowscope::test {

struct CurlTransfer {
    int httpCode = 0;    // %{http_code}: 0 when no response arrived
    int numConnects = 0; // %{num_connects}: new connections this transfer made
    std::string body;    // what curl wrote to stdout (empty with an output file)
};

struct CurlResult {
    int exitCode = -1;
    bool timedOut = false;
    std::vector<CurlTransfer> transfers; // one per URL, in order
    std::string stderrText;
    int httpCode() const { return transfers.empty() ? 0 : transfers.front().httpCode; }
    const std::string& body() const;
    std::string describe() const; // for assertion messages
};

struct CurlRequest {
    std::uint16_t proxyPort = 0;                 // 0: no proxy
    std::optional<std::filesystem::path> caFile; // --cacert; none: the system store
    std::vector<std::string> urls;
    std::vector<std::string> extraArgs;              // passed as is, before the URLs
    std::optional<std::filesystem::path> outputFile; // -o (first URL)
    std::chrono::seconds timeout{120};               // --max-time, and a hard kill a bit later
};

bool curlAvailable();
// `scratchDir` holds curl's captured output while it runs.
CurlResult runCurl(const CurlRequest& request, const std::filesystem::path& scratchDir);

} // namespace flowscope::test
