// Creating, migrating and refusing files: initializeStore, FlowWriter and FlowReader all
// open through the same schema code.
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/schema.hpp"
#include "store_test_support.hpp"

#include <atomic>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <thread>

namespace flowscope::store::test {
namespace {

using sqlite::Database;
using ::testing::HasSubstr;

class SchemaTest : public StoreTest {
protected:
    // The message of the StoreError `open` throws, or a failure.
    template <typename Open> std::string errorOf(Open open) {
        try {
            open();
        } catch (const StoreError& e) {
            return e.what();
        }
        ADD_FAILURE() << "expected a StoreError";
        return {};
    }
};

TEST_F(SchemaTest, MigrationsAreNumberedFromOneWithoutGaps) {
    const auto& list = schema::migrations();
    ASSERT_FALSE(list.empty());
    for (std::size_t i = 0; i < list.size(); ++i) {
        EXPECT_EQ(list[i].version, static_cast<int>(i) + 1) << list[i].name;
        EXPECT_FALSE(list[i].sql.empty());
    }
    EXPECT_EQ(list.front().name, "0001_initial.sql");
    EXPECT_EQ(schema::latestVersion(), static_cast<int>(list.size()));
}

TEST_F(SchemaTest, InitializesAMissingFile) {
    initializeStore(storePath());
    Database db = Database::open(storePath(), Database::Mode::ReadWrite);
    EXPECT_EQ(db.queryInt64("PRAGMA user_version"), schema::latestVersion());
    EXPECT_EQ(db.queryInt64("PRAGMA application_id"), schema::kApplicationId);
    EXPECT_EQ(db.queryText("PRAGMA journal_mode"), "wal");
    for (const char* table : {"flows", "bodies"}) {
        EXPECT_EQ(db.queryInt64(fmt::format("SELECT count(*) FROM sqlite_master WHERE name = '{}'", table)), 1)
            << table;
    }
    for (const char* index : {"flows_started_at", "flows_host", "flows_status"}) {
        EXPECT_EQ(db.queryInt64(fmt::format("SELECT count(*) FROM sqlite_master WHERE name = '{}'", index)), 1)
            << index;
    }
}

TEST_F(SchemaTest, InitializesAnEmptyFile) {
    writeFile(storePath(), "");
    initializeStore(storePath());
    EXPECT_EQ(FlowReader(storePath()).count(), 0);
}

TEST_F(SchemaTest, ReopenKeepsDataAndVersion) {
    {
        FlowWriter writer(storePath());
        writer.publish(makeFlow(writer.allocateId()));
    }
    initializeStore(storePath()); // a second open migrates nothing
    { FlowWriter writer(storePath()); }
    Database db = Database::open(storePath(), Database::Mode::ReadWrite);
    EXPECT_EQ(db.queryInt64("PRAGMA user_version"), schema::latestVersion());
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM flows"), 1);
}

TEST_F(SchemaTest, RejectsAFileFromANewerFlowscope) {
    initializeStore(storePath());
    const int newer = schema::latestVersion() + 5;
    Database::open(storePath(), Database::Mode::ReadWrite).exec(fmt::format("PRAGMA user_version = {}", newer));

    const std::string expected = fmt::format("{} was written by a newer Flowscope (schema {}, this build knows {})",
                                             storePath().string(), newer, schema::latestVersion());
    EXPECT_EQ(errorOf([&] { initializeStore(storePath()); }), expected);
    EXPECT_EQ(errorOf([&] { FlowWriter writer(storePath()); }), expected);
    EXPECT_EQ(errorOf([&] { FlowReader reader(storePath()); }), expected);
    // Refused, not touched.
    EXPECT_EQ(Database::open(storePath(), Database::Mode::ReadWrite).queryInt64("PRAGMA user_version"), newer);
}

TEST_F(SchemaTest, RejectsRandomBytes) {
    writeFile(storePath(), randomBytes(64 * 1024, 1));
    const std::string expected = "cannot open " + storePath().string() + ": file is not a database";
    EXPECT_EQ(errorOf([&] { initializeStore(storePath()); }), expected);
    EXPECT_EQ(errorOf([&] { FlowWriter writer(storePath()); }), expected);
    EXPECT_EQ(errorOf([&] { FlowReader reader(storePath()); }), expected);
}

TEST_F(SchemaTest, RejectsATextFile) {
    writeFile(storePath(), "# not a database\nhello = world\n");
    std::string message = errorOf([&] { FlowWriter writer(storePath()); });
    EXPECT_THAT(message, HasSubstr(storePath().string()));
    EXPECT_THAT(message, HasSubstr("not a database"));
    // The file is left as it was.
    std::ifstream in(storePath());
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first, "# not a database");
}

TEST_F(SchemaTest, RejectsAnotherProgramsDatabase) {
    {
        Database db = Database::open(storePath(), Database::Mode::ReadWriteCreate);
        db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')");
    }
    const std::string message = errorOf([&] { initializeStore(storePath()); });
    EXPECT_EQ(message,
              storePath().string() + " is not a Flowscope flow store (it is another program's SQLite database)");
    EXPECT_THAT(errorOf([&] { FlowReader reader(storePath()); }), HasSubstr("is not a Flowscope flow store"));
    EXPECT_EQ(Database::open(storePath(), Database::Mode::ReadWrite).queryInt64("SELECT count(*) FROM contacts"), 1);
}

TEST_F(SchemaTest, RejectsAnotherProgramsVersionedDatabase) {
    // Other programs use user_version too; the application_id tells them apart.
    Database::open(storePath(), Database::Mode::ReadWriteCreate).exec("PRAGMA user_version = 1");
    EXPECT_THAT(errorOf([&] { initializeStore(storePath()); }), HasSubstr("is not a Flowscope flow store"));
}

TEST_F(SchemaTest, ReaderNeedsAnExistingStore) {
    EXPECT_THAT(errorOf([&] { FlowReader reader(dir() / "missing.sqlite"); }),
                HasSubstr("cannot open " + (dir() / "missing.sqlite").string()));
    EXPECT_FALSE(std::filesystem::exists(dir() / "missing.sqlite"));
    writeFile(storePath(), "");
    EXPECT_THAT(errorOf([&] { FlowReader reader(storePath()); }), HasSubstr("is not a Flowscope flow store"));
}

TEST_F(SchemaTest, ConcurrentInitializersMigrateOnce) {
    std::vector<std::thread> threads;
    std::vector<std::string> errors(4);
    for (std::size_t i = 0; i < errors.size(); ++i) {
        threads.emplace_back([&, i] {
            try {
                initializeStore(storePath());
            } catch (const StoreError& e) {
                errors[i] = e.what();
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const std::string& error : errors) {
        EXPECT_EQ(error, "");
    }
    EXPECT_EQ(FlowReader(storePath()).count(), 0);
}

} // namespace
} // namespace flowscope::store::test
