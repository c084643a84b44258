// Deleting flows (Delete, Clear) and copying a store (Save Session As) on real files,
// including while a FlowWriter keeps committing.
#include "store/store_maintenance.hpp"

#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/sqlite.hpp"
#include "store_test_support.hpp"

#include <vector>

namespace flowscope::store::test {
namespace {

class StoreMaintenanceTest : public StoreTest {
protected:
    // Flows 1..count, each with a response body.
    void writeFlows(int count) {
        FlowWriter writer(storePath());
        for (int n = 0; n < count; ++n) {
            writer.publish(makeFlow(writer.allocateId(), n));
        }
    }
    std::int64_t bodyRows() const {
        sqlite::Database db = sqlite::Database::open(storePath(), sqlite::Database::Mode::ReadOnly);
        return db.queryInt64("SELECT count(*) FROM bodies");
    }
};

TEST_F(StoreMaintenanceTest, DeleteFlowsRemovesThemAndTheirBodies) {
    writeFlows(10);
    const std::vector<std::int64_t> ids = {2, 5, 9, 42};
    EXPECT_EQ(deleteFlows(storePath(), ids), 3);
    FlowReader reader(storePath());
    EXPECT_EQ(reader.count(), 7);
    EXPECT_FALSE(reader.get(5));
    ASSERT_TRUE(reader.get(6));
    EXPECT_EQ(reader.get(6)->responseBody.data, "{}");
    EXPECT_EQ(bodyRows(), 7);
}

TEST_F(StoreMaintenanceTest, DeleteUpToKeepsLaterFlows) {
    writeFlows(10);
    EXPECT_EQ(deleteFlowsUpTo(storePath(), 6), 6);
    FlowReader reader(storePath());
    EXPECT_EQ(reader.count(), 4);
    EXPECT_TRUE(reader.get(7));
    EXPECT_EQ(bodyRows(), 4);
}

TEST_F(StoreMaintenanceTest, DeleteWhileWriterCommits) {
    FlowWriter writer(storePath(), FlowWriterOptions{.maxBatchDelay = std::chrono::milliseconds(5)});
    for (int n = 0; n < 500; ++n) {
        writer.publish(makeFlow(writer.allocateId(), n));
    }
    writer.flush();
    for (int n = 0; n < 500; ++n) {
        writer.publish(makeFlow(writer.allocateId(), n));
        if (n == 250) {
            EXPECT_EQ(deleteFlowsUpTo(storePath(), 500), 500);
        }
    }
    writer.flush();
    EXPECT_EQ(FlowReader(storePath()).count(), 500);
}

TEST_F(StoreMaintenanceTest, CopyIsACompleteStandaloneStore) {
    writeFlows(50);
    const auto copy = dir() / "session.flowscope";
    copyStore(storePath(), copy);
    EXPECT_FALSE(std::filesystem::exists(copy.string() + "-wal"));
    FlowReader reader(copy);
    EXPECT_EQ(reader.count(), 50);
    ASSERT_TRUE(reader.get(50));
    EXPECT_EQ(reader.get(50)->url, makeFlow(50, 49).url);
    // Saving again over the same file replaces it.
    deleteFlows(storePath(), std::vector<std::int64_t>{1});
    copyStore(storePath(), copy);
    EXPECT_EQ(FlowReader(copy).count(), 49);
}

TEST_F(StoreMaintenanceTest, ForeignFileIsRefusedUntouched) {
    const auto foreign = dir() / "other.sqlite";
    {
        sqlite::Database db = sqlite::Database::open(foreign, sqlite::Database::Mode::ReadWriteCreate);
        db.exec("CREATE TABLE flows (id INTEGER PRIMARY KEY); INSERT INTO flows VALUES (1)");
    }
    EXPECT_THROW(deleteFlowsUpTo(foreign, 10), StoreError);
    sqlite::Database db = sqlite::Database::open(foreign, sqlite::Database::Mode::ReadOnly);
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM flows"), 1);
}

TEST_F(StoreMaintenanceTest, CopyToUnwritablePlaceIsAStoreError) {
    writeFlows(1);
    EXPECT_THROW(copyStore(storePath(), dir() / "no" / "such" / "dir" / "x.sqlite"), StoreError);
}

} // namespace
} // namespace flowscope::store::test
