#include "support/curl_runner.hpp"

#include "support/child_process.hpp"

#include <cstdlib>

namespace flowscope::test {
namespace {

// Written after each transfer; bodies are arbitrary bytes, so the marker is unlikely text.
constexpr std::string_view kMarker = "\n@@flowscope-curl-w@@";

std::vector<CurlTransfer> parseTransfers(const std::string& out) {
    std::vector<CurlTransfer> transfers;
    std::size_t start = 0;
    while (true) {
        const auto marker = out.find(kMarker, start);
        if (marker == std::string::npos)
            break;
        CurlTransfer transfer;
        transfer.body = out.substr(start, marker - start);
        const auto valuesStart = marker + kMarker.size();
        const auto lineEnd = out.find('\n', valuesStart);
        const std::string values = out.substr(valuesStart, lineEnd - valuesStart);
        const auto space = values.find(' ');
        transfer.httpCode = std::atoi(values.substr(0, space).c_str());
        if (space != std::string::npos)
            transfer.numConnects = std::atoi(values.substr(space + 1).c_str());
        transfers.push_back(std::move(transfer));
        if (lineEnd == std::string::npos)
            break;
        start = lineEnd + 1;
    }
    return transfers;
}

} // namespace

const std::string& CurlResult::body() const {
    static const std::string empty;
    return transfers.empty() ? empty : transfers.front().body;
}

std::string CurlResult::describe() const {
    std::string text = "curl exit " + std::to_string(exitCode) + (timedOut ? " (timed out)" : "") + ", codes [";
    for (const auto& transfer : transfers)
        text += std::to_string(transfer.httpCode) + " ";
    return text + "], stderr: " + stderrText;
}

bool curlAvailable() {
    return std::system("curl --version >/dev/null 2>&1") == 0;
}

CurlResult runCurl(const CurlRequest& request, const std::filesystem::path& scratchDir) {
    // -q first: no ~/.curlrc. --noproxy "": NO_PROXY in the environment cannot exempt
    // localhost from the proxy.
    std::vector<std::string> argv{
        "curl", "-q", "-sS", "--noproxy", "", "--max-time", std::to_string(request.timeout.count())};
    if (request.proxyPort != 0) {
        argv.emplace_back("--proxy");
        argv.push_back("http://127.0.0.1:" + std::to_string(request.proxyPort));
    }
    if (request.caFile) {
        argv.emplace_back("--cacert");
        argv.push_back(request.caFile->string());
    }
    argv.emplace_back("-w");
    argv.push_back(std::string(kMarker) + "%{http_code} %{num_connects}\\n");
    if (request.outputFile) {
        argv.emplace_back("-o");
        argv.push_back(request.outputFile->string());
    }
    argv.insert(argv.end(), request.extraArgs.begin(), request.extraArgs.end());
    argv.insert(argv.end(), request.urls.begin(), request.urls.end());

    const ProcessResult process = runProcess(argv, scratchDir, std::chrono::seconds(request.timeout.count() + 10));
    CurlResult result;
    result.exitCode = process.exitCode;
    result.timedOut = process.timedOut;
    result.stderrText = process.err;
    result.transfers = parseTransfers(process.out);
    return result;
}

} // namespace flowscope::test
