#pragma once
// Shared fixtures for the store tests: a fresh temporary directory per test and a flow
// with every field set.

#include "store/flow.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <unistd.h>

namespace flowscope::store::test {

class StoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "-" + info->name();
        std::replace(name.begin(), name.end(), '/', '-'); // parameterized tests: "Suite/Test/0"
        m_dir = std::filesystem::temp_directory_path() / ("flowscope-store-" + std::to_string(::getpid()) + "-" + name);
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }

    std::filesystem::path dir() const { return m_dir; }
    std::filesystem::path storePath() const { return m_dir / "flows.sqlite"; }

    static void writeFile(const std::filesystem::path& path, const std::string& bytes) {
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }

private:
    std::filesystem::path m_dir;
};

// A plain HTTP flow; `n` varies host, status, times and sizes so queries have something
// to tell apart.
inline Flow makeFlow(std::int64_t id, int n = 0) {
    Flow flow;
    flow.id = id;
    flow.kind = FlowKind::Http;
    flow.startedAtUs = 1'700'000'000'000'000 + n * 1000;
    flow.endedAtUs = flow.startedAtUs + 500 + n;
    flow.clientAddress = "127.0.0.1:50000";
    flow.scheme = "https";
    flow.method = "GET";
    flow.host = "api" + std::to_string(n % 7) + ".example.com";
    flow.port = 443;
    flow.path = "/items/" + std::to_string(n) + "?q=1";
    flow.url = flow.scheme + "://" + flow.host + flow.path;
    flow.httpVersion = "HTTP/1.1";
    flow.status = 200;
    flow.reason = "OK";
    flow.requestHeaders = {{"Host", flow.host}, {"Accept", "*/*"}};
    flow.responseHeaders = {{"Content-Type", "application/json"}, {"Content-Length", "2"}};
    flow.responseBody.data = "{}";
    flow.responseBody.size = 2;
    flow.responseContentType = "application/json";
    flow.bytesFromClient = 100;
    flow.bytesToClient = 200;
    return flow;
}

inline std::string randomBytes(std::size_t size, unsigned seed) {
    std::mt19937 rng(seed);
    std::string bytes(size, '\0');
    for (char& c : bytes) {
        c = static_cast<char>(rng() & 0xFF);
    }
    return bytes;
}

} // namespace flowscope::store::test
