// A writer process killed with SIGKILL mid-stream leaves a sound file that holds every
// flow it had committed (DESIGN.md: WAL + synchronous=NORMAL, "never corrupt").
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/sqlite.hpp"
#include "store_test_support.hpp"

#include <chrono>
#include <csignal>
#include <cstdint>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace flowscope::store::test {
namespace {

// Child: publishes flows forever with 1 KiB bodies and, every 100 flows, reports to the
// parent how many are committed. Never returns into GoogleTest.
[[noreturn]] void writeUntilKilled(const std::filesystem::path& file, int reportFd) {
    try {
        FlowWriter writer(file, {.queueCapacity = 512, .maxBatch = 128, .maxBatchDelay = std::chrono::milliseconds(5)});
        const std::string body = randomBytes(1024, 11);
        for (int i = 0;; ++i) {
            Flow flow = makeFlow(writer.allocateId(), i);
            flow.requestBody = {body, body.size(), false};
            writer.publish(std::move(flow));
            if (i % 100 == 99) {
                std::uint64_t committed = writer.committedCount();
                if (::write(reportFd, &committed, sizeof committed) != sizeof committed) {
                    ::_exit(3);
                }
            }
        }
    } catch (...) {
        ::_exit(2);
    }
}

class CrashSafetyTest : public StoreTest, public ::testing::WithParamInterface<int> {};

// The parameter is how long the parent waits, after the child reported enough committed
// flows, before killing it: the kill lands at different points of the writer's cycle.
TEST_P(CrashSafetyTest, KilledWriterLeavesASoundFileWithItsCommittedFlows) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(fds[0]);
        writeUntilKilled(storePath(), fds[1]);
    }
    ::close(fds[1]);

    // Let several batches commit, then kill it while it is still publishing and writing.
    std::uint64_t committed = 0;
    std::uint64_t report = 0;
    while (committed < 5000) {
        ssize_t got = ::read(fds[0], &report, sizeof report);
        ASSERT_EQ(got, static_cast<ssize_t>(sizeof report)) << "the writer child stopped early";
        committed = report;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(GetParam()));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ::close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGKILL);

    {
        auto db = sqlite::Database::open(storePath(), sqlite::Database::Mode::ReadWrite);
        EXPECT_EQ(db.queryText("PRAGMA integrity_check"), "ok");
    }
    FlowReader reader(storePath());
    const std::int64_t count = reader.count();
    EXPECT_GE(count, static_cast<std::int64_t>(committed));
    // One publisher, batches committed in order: what survived is exactly ids 1..count.
    EXPECT_EQ(reader.maxId(), count);
    for (std::int64_t id :
         {std::int64_t{1}, static_cast<std::int64_t>(committed) / 2, static_cast<std::int64_t>(committed)}) {
        auto flow = reader.get(id);
        ASSERT_TRUE(flow) << "flow " << id;
        EXPECT_EQ(flow->requestBody.data.size(), 1024u);
    }
    std::printf("[ CRASH ] child killed %d ms after >= %llu committed flows; %lld survived\n", GetParam(),
                static_cast<unsigned long long>(committed), static_cast<long long>(count));

    // A writer opened afterwards carries on after the survivors.
    FlowWriter writer(storePath());
    EXPECT_EQ(writer.allocateId(), count + 1);
}

INSTANTIATE_TEST_SUITE_P(KillDelays, CrashSafetyTest, ::testing::Values(0, 7, 23, 61));

} // namespace
} // namespace flowscope::store::test
