// The synthetic store generator: a real store written through FlowWriter and read back
// with FlowReader has the requested count, a realistic mix, genuine bodies, and is the
// same for the same seed.
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "synth_flows.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>
#include <zlib.h>

namespace flowscope::bench::test {
namespace {

class SynthStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = std::filesystem::temp_directory_path() / fmt::format("flowscope-synth-{}-{}", ::getpid(), info->name());
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }

    // Writes `count` flows into <dir>/<name>/flows.sqlite and returns the file.
    std::filesystem::path writeStore(const std::string& name, std::uint64_t count, SynthOptions options) {
        const std::filesystem::path file = prepareStoreFile(m_dir / name, false);
        store::FlowWriter writer(file);
        writeSynthFlows(writer, count, options);
        EXPECT_EQ(writer.committedCount(), count);
        return file;
    }

    std::filesystem::path dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
};

std::string headerValue(const store::HeaderList& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (std::equal(key.begin(), key.end(), name.begin(), name.end(),
                       [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            return value;
        }
    }
    return {};
}

std::string gunzip(const std::string& data) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    std::string out(64 * 1024, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = inflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    EXPECT_EQ(result, Z_STREAM_END);
    return out;
}

// Every stored field, so two flows compare equal only when the stores are the same.
std::string describe(const store::Flow& f) {
    std::string text = fmt::format(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", f.id, store::toString(f.kind),
        f.startedAtUs, f.endedAtUs, f.timing.dnsUs, f.timing.connectUs, f.timing.tlsUs, f.timing.sendUs,
        f.timing.waitUs, f.timing.receiveUs, f.clientAddress, f.scheme, f.method, f.url, f.host, f.port, f.path,
        f.status, f.reason, f.requestContentType, f.responseContentType, f.tls.upstreamCipher, f.bytesFromClient,
        f.bytesToClient, f.errorKind, f.errorMessage);
    for (const auto* headers : {&f.requestHeaders, &f.responseHeaders}) {
        for (const auto& [name, value] : *headers) {
            text += fmt::format("|{}={}", name, value);
        }
    }
    for (const auto* body : {&f.requestBody, &f.responseBody}) {
        text += fmt::format("|{}:{}:{}", body->size, body->truncated, body->data);
    }
    return text;
}

TEST_F(SynthStoreTest, WritesTheCountWithARealisticMix) {
    const std::filesystem::path file = writeStore("mix", 2000, {.seed = 7, .bodies = true});
    store::FlowReader reader(file);
    ASSERT_EQ(reader.count(), 2000);
    EXPECT_EQ(reader.maxId(), 2000);

    store::FlowQuery all;
    all.limit = 0;
    const std::vector<store::FlowSummary> flows = reader.list(all);
    ASSERT_EQ(flows.size(), 2000u);
    std::map<std::string, int> methods;
    std::map<std::string, int> hosts;
    std::map<std::string, int> errors;
    std::set<int> statuses;
    std::map<store::FlowKind, int> kinds;
    int redirects = 0, clientErrors = 0, serverErrors = 0, noResponse = 0, ok = 0;
    for (const store::FlowSummary& flow : flows) {
        ++methods[flow.method];
        ++hosts[flow.host];
        ++kinds[flow.kind];
        statuses.insert(flow.status);
        if (!flow.errorKind.empty()) {
            ++errors[flow.errorKind];
        }
        ok += flow.status == 200 || flow.status == 204 || flow.status == 304;
        redirects += flow.status == 301 || flow.status == 302;
        clientErrors += flow.status >= 400 && flow.status < 500;
        serverErrors += flow.status >= 500;
        noResponse += flow.status == 0 && flow.kind == store::FlowKind::Http;
    }
    // Mostly GET, with the other methods present.
    EXPECT_GT(methods["GET"], 1200);
    for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "CONNECT"}) {
        EXPECT_GT(methods[method], 0) << method;
    }
    // Mostly 200/204/304, some of every other class, and answered-by-nobody flows.
    EXPECT_GT(ok, 1400);
    EXPECT_GT(redirects, 5);
    EXPECT_GT(clientErrors, 20);
    EXPECT_GT(serverErrors, 5);
    EXPECT_GT(noResponse, 0);
    EXPECT_TRUE(statuses.count(101));
    // Error kinds as the engine stores them.
    EXPECT_GE(errors.size(), 4u);
    for (const auto& [kind, count] : errors) {
        EXPECT_TRUE(kind.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos) << kind;
    }
    // A few tunnels and WebSockets among HTTP.
    EXPECT_GT(kinds[store::FlowKind::Tunnel], 0);
    EXPECT_GT(kinds[store::FlowKind::WebSocket], 0);
    EXPECT_GT(kinds[store::FlowKind::Http], 1800);
    // Many hosts, with a Zipf head: the most popular has a large but not dominant share.
    EXPECT_GT(hosts.size(), 60u);
    int top = 0;
    for (const auto& [host, count] : hosts) {
        top = std::max(top, count);
    }
    EXPECT_GT(top, 150);
    EXPECT_LT(top, 600);
    // Start times follow the ids and span more than a minute.
    for (std::size_t i = 1; i < flows.size(); ++i) {
        ASSERT_LE(flows[i - 1].startedAtUs, flows[i].startedAtUs);
    }
    EXPECT_GT(flows.back().startedAtUs - flows.front().startedAtUs, 60'000'000);
}

TEST_F(SynthStoreTest, BodiesAreGenuineAndMatchTheHeaders) {
    const std::filesystem::path file = writeStore("bodies", 2000, {.seed = 11, .bodies = true});
    store::FlowReader reader(file);
    int png = 0, gzipJson = 0, json = 0, truncated = 0, https = 0, requestBodies = 0;
    for (std::int64_t id = 1; id <= 2000; ++id) {
        const std::optional<store::Flow> flow = reader.get(id);
        ASSERT_TRUE(flow);
        const store::BodyCapture& body = flow->responseBody;
        EXPECT_EQ(body.truncated, body.data.size() < body.size) << id;
        const std::string length = headerValue(flow->responseHeaders, "Content-Length");
        if (!length.empty() && flow->status != 304 && flow->errorKind.empty()) {
            EXPECT_EQ(length, std::to_string(body.size)) << id;
        }
        if (flow->scheme == "https" && flow->kind == store::FlowKind::Http) { // not a refused interception
            ++https;
            EXPECT_FALSE(flow->tls.clientVersion.empty()) << id;
        }
        requestBodies += !flow->requestBody.data.empty();
        if (body.data.empty()) {
            continue;
        }
        const bool gzip = headerValue(flow->responseHeaders, "Content-Encoding") == "gzip";
        if (body.truncated) {
            ++truncated;
            EXPECT_EQ(body.data.size(), 4u * 1024u) << id;
            EXPECT_FALSE(gzip) << id;
        } else if (flow->responseContentType == "image/png") {
            ++png;
            EXPECT_EQ(body.data.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << id;
        } else if (flow->responseContentType.starts_with("application/json")) {
            ++json;
            const std::string text = gzip ? gunzip(body.data) : body.data;
            gzipJson += gzip;
            EXPECT_TRUE(nlohmann::json::accept(text)) << id << ": " << text.substr(0, 200);
        }
    }
    EXPECT_GT(png, 5);
    EXPECT_GT(json, 200);
    EXPECT_GT(gzipJson, 10);
    EXPECT_GT(truncated, 3);
    EXPECT_GT(https, 1500);
    EXPECT_GT(requestBodies, 50);
}

TEST_F(SynthStoreTest, TheSameSeedWritesTheSameStore) {
    const std::filesystem::path first = writeStore("first", 500, {.seed = 42, .bodies = true});
    const std::filesystem::path second = writeStore("second", 500, {.seed = 42, .bodies = true});
    const std::filesystem::path other = writeStore("other", 500, {.seed = 43, .bodies = true});
    store::FlowReader a(first), b(second), c(other);
    int differences = 0;
    for (std::int64_t id = 1; id <= 500; ++id) {
        const std::string flow = describe(*a.get(id));
        ASSERT_EQ(flow, describe(*b.get(id))) << id;
        differences += flow != describe(*c.get(id));
    }
    EXPECT_GT(differences, 490);
}

TEST_F(SynthStoreTest, WithoutBodiesOnlySizesAreRecorded) {
    SynthFlowGenerator withBodies({.seed = 5, .bodies = true});
    SynthFlowGenerator sizesOnly({.seed = 5, .bodies = false});
    int counted = 0;
    for (std::int64_t id = 1; id <= 1000; ++id) {
        store::Flow full = withBodies.next(id);
        store::Flow lean = sizesOnly.next(id);
        EXPECT_TRUE(lean.responseBody.data.empty() && lean.requestBody.data.empty()) << id;
        EXPECT_EQ(lean.responseBody.truncated, lean.responseBody.size > 0) << id;
        counted += lean.responseBody.size > 0;
        // The same flow otherwise: bodies are the only difference.
        full.requestBody = lean.requestBody;
        full.responseBody = lean.responseBody;
        ASSERT_EQ(describe(full), describe(lean)) << id;
    }
    EXPECT_GT(counted, 500);
}

TEST_F(SynthStoreTest, RefusesToReplaceAStoreWithoutForce) {
    const std::filesystem::path file = writeStore("existing", 20, {});
    EXPECT_THROW(prepareStoreFile(file.parent_path(), false), std::runtime_error);
    EXPECT_EQ(store::FlowReader(file).count(), 20); // untouched

    EXPECT_EQ(prepareStoreFile(file.parent_path(), true), file);
    EXPECT_FALSE(std::filesystem::exists(file));
    // A new directory, or an empty file left by an aborted start, is fine.
    EXPECT_NO_THROW(prepareStoreFile(dir() / "fresh", false));
    std::filesystem::create_directories(dir() / "empty");
    std::ofstream(dir() / "empty" / "flows.sqlite").close();
    EXPECT_NO_THROW(prepareStoreFile(dir() / "empty", false));
}

} // namespace
} // namespace flowscope::bench::test
