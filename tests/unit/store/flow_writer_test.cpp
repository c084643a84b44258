// FlowWriter: round trips, ids, flush, concurrency, back-pressure and failure handling.
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/sqlite.hpp"
#include "store_test_support.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <set>
#include <thread>

namespace flowscope::store::test {
namespace {

using namespace std::chrono_literals;

class FlowWriterTest : public StoreTest {};

// Every field set to a value distinct from its default.
Flow fullFlow(std::int64_t id) {
    Flow flow;
    flow.id = id;
    flow.kind = FlowKind::WebSocket;
    flow.startedAtUs = 1'712'000'000'123'456;
    flow.endedAtUs = 1'712'000'001'654'321;
    flow.timing = {11, 22, 33, 44, 55, 66};
    flow.clientAddress = "[::1]:61234";
    flow.scheme = "wss";
    flow.method = "GET";
    flow.url = "wss://Ex\xC3\xA4mple.test:8443/chat?room=\xE2\x98\x95";
    flow.host = "ex\xC3\xA4mple.test";
    flow.port = 8443;
    flow.path = "/chat?room=\xE2\x98\x95";
    flow.httpVersion = "HTTP/1.1";
    flow.status = 101;
    flow.reason = "Switching Protocols";
    flow.requestHeaders = {{"Host", "ex\xC3\xA4mple.test:8443"},
                           {"upgrade", "websocket"},
                           {"Connection", "Upgrade"},
                           {"X-Repeated", "b"},
                           {"x-repeated", "a"},
                           {"X-Latin1", "caf\xE9"}};
    flow.responseHeaders = {{"Upgrade", "websocket"}, {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}};
    flow.requestBody.data = std::string("\0\x01\x02\xff binary\0tail", 15);
    flow.requestBody.size = 123'456;
    flow.requestBody.truncated = true;
    flow.responseBody.data = "\xF0\x9F\x98\x80 unicode body";
    flow.responseBody.size = flow.responseBody.data.size();
    flow.responseBody.truncated = false;
    flow.requestContentType = "application/octet-stream";
    flow.responseContentType = "text/plain; charset=utf-8";
    flow.tls = {"ex\xC3\xA4mple.test",
                "http/1.1",
                "TLSv1.3",
                "TLSv1.2",
                "ECDHE-RSA-AES128-GCM-SHA256",
                "CN=example.test,O=Example",
                "CN=Test CA,O=Example"};
    flow.bytesFromClient = 5'000'000'000; // past 32 bits
    flow.bytesToClient = 77;
    flow.errorKind = "upstream_reset";
    flow.errorMessage = "connection reset by peer";
    return flow;
}

void expectSameFlow(const Flow& a, const Flow& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.startedAtUs, b.startedAtUs);
    EXPECT_EQ(a.endedAtUs, b.endedAtUs);
    EXPECT_EQ(a.timing.dnsUs, b.timing.dnsUs);
    EXPECT_EQ(a.timing.connectUs, b.timing.connectUs);
    EXPECT_EQ(a.timing.tlsUs, b.timing.tlsUs);
    EXPECT_EQ(a.timing.sendUs, b.timing.sendUs);
    EXPECT_EQ(a.timing.waitUs, b.timing.waitUs);
    EXPECT_EQ(a.timing.receiveUs, b.timing.receiveUs);
    EXPECT_EQ(a.clientAddress, b.clientAddress);
    EXPECT_EQ(a.scheme, b.scheme);
    EXPECT_EQ(a.method, b.method);
    EXPECT_EQ(a.url, b.url);
    EXPECT_EQ(a.host, b.host);
    EXPECT_EQ(a.port, b.port);
    EXPECT_EQ(a.path, b.path);
    EXPECT_EQ(a.httpVersion, b.httpVersion);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.requestHeaders, b.requestHeaders);
    EXPECT_EQ(a.responseHeaders, b.responseHeaders);
    EXPECT_EQ(a.requestBody.data, b.requestBody.data);
    EXPECT_EQ(a.requestBody.size, b.requestBody.size);
    EXPECT_EQ(a.requestBody.truncated, b.requestBody.truncated);
    EXPECT_EQ(a.responseBody.data, b.responseBody.data);
    EXPECT_EQ(a.responseBody.size, b.responseBody.size);
    EXPECT_EQ(a.responseBody.truncated, b.responseBody.truncated);
    EXPECT_EQ(a.requestContentType, b.requestContentType);
    EXPECT_EQ(a.responseContentType, b.responseContentType);
    EXPECT_EQ(a.tls.sni, b.tls.sni);
    EXPECT_EQ(a.tls.clientAlpn, b.tls.clientAlpn);
    EXPECT_EQ(a.tls.clientVersion, b.tls.clientVersion);
    EXPECT_EQ(a.tls.upstreamVersion, b.tls.upstreamVersion);
    EXPECT_EQ(a.tls.upstreamCipher, b.tls.upstreamCipher);
    EXPECT_EQ(a.tls.upstreamCertSubject, b.tls.upstreamCertSubject);
    EXPECT_EQ(a.tls.upstreamCertIssuer, b.tls.upstreamCertIssuer);
    EXPECT_EQ(a.bytesFromClient, b.bytesFromClient);
    EXPECT_EQ(a.bytesToClient, b.bytesToClient);
    EXPECT_EQ(a.errorKind, b.errorKind);
    EXPECT_EQ(a.errorMessage, b.errorMessage);
}

TEST_F(FlowWriterTest, RoundTripsEveryField) {
    const Flow original = fullFlow(1);
    Flow tunnel;
    tunnel.id = 2;
    tunnel.kind = FlowKind::Tunnel;
    tunnel.host = "pinned.test";
    tunnel.port = 443;
    {
        FlowWriter writer(storePath());
        writer.publish(original);
        writer.publish(tunnel);
    }
    FlowReader reader(storePath());
    auto loaded = reader.get(1);
    ASSERT_TRUE(loaded);
    expectSameFlow(*loaded, original);

    auto withoutBodies = reader.get(1, false);
    ASSERT_TRUE(withoutBodies);
    EXPECT_TRUE(withoutBodies->requestBody.data.empty());
    EXPECT_EQ(withoutBodies->requestBody.size, original.requestBody.size);
    EXPECT_TRUE(withoutBodies->requestBody.truncated);

    auto loadedTunnel = reader.get(2);
    ASSERT_TRUE(loadedTunnel);
    expectSameFlow(*loadedTunnel, tunnel);
    EXPECT_EQ(loadedTunnel->timing.dnsUs, -1);
}

TEST_F(FlowWriterTest, StoresOnlyNonEmptyBodies) {
    Flow flow = makeFlow(1);
    flow.responseBody = {};
    {
        FlowWriter writer(storePath());
        writer.publish(flow);
    }
    auto db = sqlite::Database::open(storePath(), sqlite::Database::Mode::ReadWrite);
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM bodies"), 0);
}

TEST_F(FlowWriterTest, PublishingTheSameIdReplacesTheFlow) {
    FlowWriter writer(storePath());
    const std::int64_t id = writer.allocateId();
    Flow first = makeFlow(id);
    first.requestBody.data = "request";
    writer.publish(first);
    writer.flush();

    Flow update = makeFlow(id);
    update.status = 500;
    update.requestBody = {};
    update.responseBody.data = "new";
    writer.publish(update);
    writer.flush();

    FlowReader reader(storePath());
    EXPECT_EQ(reader.count(), 1);
    auto loaded = reader.get(id);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->status, 500);
    EXPECT_EQ(loaded->requestBody.data, ""); // the old request body is gone
    EXPECT_EQ(loaded->responseBody.data, "new");
}

// The writer skips the schema's CHECK constraints for speed (flow_writer.cpp): what it
// writes must still satisfy them, and they must still bind every other connection.
TEST_F(FlowWriterTest, RowsSatisfyTheCheckConstraintsItSkips) {
    {
        FlowWriter writer(storePath());
        const std::vector<std::pair<FlowKind, CloseInitiator>> variants = {
            {FlowKind::Http, CloseInitiator::None},
            {FlowKind::Tunnel, CloseInitiator::None},
            {FlowKind::WebSocket, CloseInitiator::Client},
            {FlowKind::WebSocket, CloseInitiator::Server},
            {static_cast<FlowKind>(77), static_cast<CloseInitiator>(77)}, // out of range: mapped, not stored raw
        };
        for (const auto& [kind, closedBy] : variants) {
            Flow flow = makeFlow(writer.allocateId());
            flow.kind = kind;
            flow.webSocket.closedBy = closedBy;
            flow.requestBody.data = "request";
            writer.publish(std::move(flow));
        }
        writer.flush();
    }
    auto db = sqlite::Database::open(storePath(), sqlite::Database::Mode::ReadWrite);
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM flows"), 5);
    // integrity_check re-evaluates every CHECK constraint over every row.
    EXPECT_EQ(db.queryText("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM flows WHERE kind NOT IN ('http', 'tunnel', 'websocket') "
                            "OR ws_closed_by NOT IN ('', 'client', 'server')"),
              0);
    EXPECT_THROW(db.exec("UPDATE flows SET kind = 'bogus' WHERE id = 1"), StoreError);
    EXPECT_THROW(db.exec("UPDATE flows SET ws_closed_by = 'nobody' WHERE id = 1"), StoreError);
}

TEST_F(FlowWriterTest, IdsIncreaseAndContinueAfterReopen) {
    std::int64_t last = 0;
    {
        FlowWriter writer(storePath());
        for (int i = 0; i < 10; ++i) {
            std::int64_t id = writer.allocateId();
            EXPECT_GT(id, last);
            last = id;
            writer.publish(makeFlow(id, i));
        }
        EXPECT_EQ(last, 10);
    }
    FlowWriter writer(storePath());
    EXPECT_EQ(writer.allocateId(), last + 1);
}

TEST_F(FlowWriterTest, PublishAssignsMissingIdsAndRespectsChosenOnes) {
    FlowWriter writer(storePath());
    writer.publish(makeFlow(0)); // no id: gets 1
    writer.publish(makeFlow(50));
    EXPECT_EQ(writer.allocateId(), 51); // never hands out an id already published
    writer.flush();
    FlowReader reader(storePath());
    EXPECT_TRUE(reader.get(1));
    EXPECT_TRUE(reader.get(50));
}

TEST_F(FlowWriterTest, FlushWaitsForEverythingPublishedBefore) {
    // A long batch delay: without flush() nothing would be committed for a minute.
    FlowWriter writer(storePath(), {.queueCapacity = 1000, .maxBatch = 1000, .maxBatchDelay = 60s});
    FlowReader reader(storePath());
    for (int i = 0; i < 100; ++i) {
        writer.publish(makeFlow(writer.allocateId(), i));
    }
    auto start = std::chrono::steady_clock::now();
    writer.flush();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
    EXPECT_EQ(writer.committedCount(), 100u);
    EXPECT_EQ(reader.count(), 100);
    writer.flush(); // nothing pending: returns at once
    EXPECT_EQ(writer.committedCount(), 100u);
}

TEST_F(FlowWriterTest, CommitsWithinTheBatchDelayWithoutFlush) {
    FlowWriter writer(storePath(), {.queueCapacity = 100, .maxBatch = 100, .maxBatchDelay = 20ms});
    FlowReader reader(storePath());
    writer.publish(makeFlow(writer.allocateId()));
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (reader.count() == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    EXPECT_EQ(reader.count(), 1);
}

TEST_F(FlowWriterTest, DestructorDrainsTheQueue) {
    {
        FlowWriter writer(storePath(), {.queueCapacity = 64, .maxBatch = 16, .maxBatchDelay = 60s});
        for (int i = 0; i < 500; ++i) {
            writer.publish(makeFlow(writer.allocateId(), i));
        }
    }
    EXPECT_EQ(FlowReader(storePath()).count(), 500);
}

TEST_F(FlowWriterTest, BackgroundCheckpointsCopyTheWalIntoTheDatabase) {
    const std::string body = randomBytes(4096, 5);
    {
        FlowWriter writer(storePath());
        for (int i = 0; i < 8000; ++i) { // ~70 MB of WAL: several checkpoint steps
            Flow flow = makeFlow(writer.allocateId(), i);
            flow.requestBody = {body, body.size(), false};
            flow.responseBody = {body, body.size(), false};
            writer.publish(std::move(flow));
        }
        writer.flush();
        // With the writer still open, only a checkpoint can have grown the database file.
        auto deadline = std::chrono::steady_clock::now() + 10s;
        while (std::filesystem::file_size(storePath()) < 16'000'000 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(10ms);
        }
        EXPECT_GE(std::filesystem::file_size(storePath()), 16'000'000u);
    }
    // The last connection to close copies the rest and removes the WAL.
    EXPECT_FALSE(std::filesystem::exists(storePath().string() + "-wal"));
    FlowReader reader(storePath());
    EXPECT_EQ(reader.count(), 8000);
    EXPECT_EQ(reader.get(8000)->responseBody.data, body);
}

TEST_F(FlowWriterTest, ManyThreadsPublishConcurrently) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 5000;
    {
        FlowWriter writer(storePath(), {.queueCapacity = 512, .maxBatch = 256, .maxBatchDelay = 10ms});
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&writer, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    Flow flow = makeFlow(writer.allocateId(), i);
                    flow.clientAddress = fmt::format("thread-{}", t);
                    writer.publish(std::move(flow));
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        writer.flush();
        EXPECT_EQ(writer.committedCount(), std::uint64_t{kThreads * kPerThread});
        EXPECT_EQ(writer.droppedCount(), 0u);
    }
    auto db = sqlite::Database::open(storePath(), sqlite::Database::Mode::ReadWrite);
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM flows"), kThreads * kPerThread);
    EXPECT_EQ(db.queryInt64("SELECT count(DISTINCT id) FROM flows"), kThreads * kPerThread);
    EXPECT_EQ(db.queryInt64("SELECT min(id) FROM flows"), 1);
    EXPECT_EQ(db.queryInt64("SELECT max(id) FROM flows"), kThreads * kPerThread);
    for (int t = 0; t < kThreads; ++t) {
        EXPECT_EQ(db.queryInt64(fmt::format("SELECT count(*) FROM flows WHERE client_address = 'thread-{}'", t)),
                  kPerThread);
    }
}

TEST_F(FlowWriterTest, BackPressureBlocksButLosesNothing) {
    constexpr int kFlows = 2000;
    FlowWriter writer(storePath(), {.queueCapacity = 4, .maxBatch = 2, .maxBatchDelay = 1ms});
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&writer] {
            for (int i = 0; i < kFlows / 2; ++i) {
                writer.publish(makeFlow(writer.allocateId(), i));
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    writer.flush();
    EXPECT_EQ(writer.committedCount(), std::uint64_t{kFlows});
    EXPECT_EQ(FlowReader(storePath()).count(), kFlows);
}

TEST_F(FlowWriterTest, PublishBlocksWhileTheQueueIsFull) {
    FlowWriter writer(storePath(), {.queueCapacity = 4, .maxBatch = 2, .maxBatchDelay = 0ms});
    // Another connection holds the write lock: the writer thread stalls in BEGIN (waiting
    // through busy_timeout) with its first batch, and the queue fills up behind it.
    auto blocker = sqlite::Database::open(storePath(), sqlite::Database::Mode::ReadWrite);
    auto hold = std::make_unique<sqlite::Transaction>(blocker, sqlite::Transaction::Kind::Immediate);

    std::atomic<int> returned{0};
    std::thread producer([&] {
        for (int i = 0; i < 6; ++i) {
            writer.publish(makeFlow(writer.allocateId(), i));
            ++returned;
        }
    });
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(returned, 4); // queueCapacity flows in memory (the stalled batch included), no more

    hold.reset(); // rolls back, releasing the lock
    producer.join();
    writer.flush();
    EXPECT_EQ(returned, 6);
    EXPECT_EQ(writer.committedCount(), 6u);
    EXPECT_EQ(FlowReader(storePath()).count(), 6);
}

TEST_F(FlowWriterTest, ReaderSeesCommittedDataWhileWriterWrites) {
    FlowWriter writer(storePath(), {.queueCapacity = 256, .maxBatch = 64, .maxBatchDelay = 5ms});
    FlowReader reader(storePath());
    std::atomic<bool> done{false};
    std::thread producer([&] {
        for (int i = 0; i < 5000; ++i) {
            writer.publish(makeFlow(writer.allocateId(), i));
        }
        done = true;
    });
    std::int64_t lastSeen = 0;
    int reads = 0;
    while (!done || lastSeen < 5000) {
        std::int64_t seen = reader.count();
        EXPECT_GE(seen, lastSeen);       // committed flows never disappear
        EXPECT_GE(reader.maxId(), seen); // one producer: committed ids are a prefix
        lastSeen = seen;
        ++reads;
        if (done) {
            writer.flush();
        } else {
            std::this_thread::sleep_for(1ms);
        }
    }
    producer.join();
    EXPECT_EQ(reader.count(), 5000);
    EXPECT_GT(reads, 0);
}

TEST_F(FlowWriterTest, SqliteFailureDropsTheBatchAndKeepsGoing) {
    FlowWriter writer(storePath(), {.queueCapacity = 16, .maxBatch = 16, .maxBatchDelay = 60s});
    // Another connection makes every insert of one host fail, as a full disk would.
    sqlite::Database::open(storePath(), sqlite::Database::Mode::ReadWrite)
        .exec("CREATE TRIGGER fail_inserts BEFORE INSERT ON flows WHEN NEW.host = 'fail.test' "
              "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    writer.publish(makeFlow(writer.allocateId()));
    writer.flush();

    ::testing::internal::CaptureStderr();
    Flow bad = makeFlow(writer.allocateId());
    bad.host = "fail.test";
    writer.publish(makeFlow(writer.allocateId())); // same batch: dropped with it
    writer.publish(bad);
    writer.flush();
    std::string logged = ::testing::internal::GetCapturedStderr();
    EXPECT_THAT(logged, ::testing::HasSubstr("dropped 2 flows"));
    EXPECT_THAT(logged, ::testing::HasSubstr("injected failure"));
    EXPECT_EQ(std::count(logged.begin(), logged.end(), '\n'), 1);

    writer.publish(makeFlow(writer.allocateId()));
    writer.flush();
    EXPECT_EQ(writer.committedCount(), 2u);
    EXPECT_EQ(writer.droppedCount(), 2u);
    EXPECT_EQ(FlowReader(storePath()).count(), 2);
}

// Not a pass/fail check (timing on a shared machine is noise): prints the sustained
// rate with 1 KiB request and response bodies so regressions are visible in the log.
TEST_F(FlowWriterTest, ReportsThroughputWithKibBodies) {
    constexpr int kFlows = 100'000;
    constexpr int kThreads = 2;
    const std::string body = randomBytes(1024, 3);
    auto start = std::chrono::steady_clock::now();
    {
        FlowWriter writer(storePath());
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < kFlows / kThreads; ++i) {
                    Flow flow = makeFlow(writer.allocateId(), i);
                    flow.requestBody = {body, body.size(), false};
                    flow.responseBody = {body, body.size(), false};
                    writer.publish(std::move(flow));
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        writer.flush();
        EXPECT_EQ(writer.committedCount(), std::uint64_t{kFlows});
    }
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::printf("[ THROUGHPUT ] %d flows with 1 KiB bodies in %.2f s: %.0f flows/s\n", kFlows, elapsed.count(),
                kFlows / elapsed.count());
}

} // namespace
} // namespace flowscope::store::test
