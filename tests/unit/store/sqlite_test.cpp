// The RAII wrapper: statements, binds, transactions and readable errors.
#include "store/sqlite.hpp"
#include "store_test_support.hpp"

#include <gmock/gmock.h>

namespace flowscope::store::test {
namespace {

using sqlite::Database;
using sqlite::Transaction;
using ::testing::HasSubstr;

class SqliteTest : public StoreTest {};

TEST_F(SqliteTest, BindsAndReadsEveryType) {
    Database db = Database::open(storePath(), Database::Mode::ReadWriteCreate);
    db.exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)");
    const std::string blob("a\0b\xff", 4);
    {
        auto insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
        insert.bindInt64(1, -(std::int64_t{1} << 62));
        insert.bindText(2, "h\xC3\xA9llo");
        insert.bindBlob(3, blob, sqlite::Lifetime::Static);
        insert.bindNull(4);
        insert.run();
    }
    auto select = db.prepare("SELECT i, s, b, n FROM t");
    ASSERT_TRUE(select.step());
    EXPECT_EQ(select.columnCount(), 4);
    EXPECT_EQ(select.columnInt64(0), -(std::int64_t{1} << 62));
    EXPECT_EQ(select.columnText(1), "h\xC3\xA9llo");
    EXPECT_EQ(select.columnBlob(2), blob);
    EXPECT_TRUE(select.columnIsNull(3));
    EXPECT_FALSE(select.step());
}

TEST_F(SqliteTest, StatementIsReusableAfterReset) {
    Database db = Database::open(storePath(), Database::Mode::ReadWriteCreate);
    db.exec("CREATE TABLE t (i INTEGER)");
    auto insert = db.prepare("INSERT INTO t VALUES (?)");
    for (int i = 0; i < 10; ++i) {
        insert.bindInt64(1, i);
        insert.run();
    }
    EXPECT_EQ(db.queryInt64("SELECT sum(i) FROM t"), 45);
}

TEST_F(SqliteTest, TransactionRollsBackUnlessCommitted) {
    Database db = Database::open(storePath(), Database::Mode::ReadWriteCreate);
    db.exec("CREATE TABLE t (i INTEGER)");
    {
        Transaction transaction(db, Transaction::Kind::Immediate);
        db.exec("INSERT INTO t VALUES (1)");
        EXPECT_TRUE(db.inTransaction());
    }
    EXPECT_FALSE(db.inTransaction());
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM t"), 0);
    {
        Transaction transaction(db);
        db.exec("INSERT INTO t VALUES (1)");
        transaction.commit();
    }
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM t"), 1);
}

TEST_F(SqliteTest, ErrorsNameTheFileAndTheStatement) {
    Database db = Database::open(storePath(), Database::Mode::ReadWriteCreate);
    try {
        db.prepare("SELECT * FROM missing_table");
        FAIL() << "expected StoreError";
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr(storePath().string()));
        EXPECT_THAT(e.what(), HasSubstr("no such table: missing_table"));
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
    db.exec("CREATE TABLE t (i INTEGER PRIMARY KEY)");
    db.exec("INSERT INTO t VALUES (1)");
    auto insert = db.prepare("INSERT INTO t VALUES (?)");
    insert.bindInt64(1, 1);
    EXPECT_THROW(insert.run(), StoreError);
    insert.bindInt64(1, 2);
    EXPECT_NO_THROW(insert.run()); // usable again after a failed step
}

TEST_F(SqliteTest, MissingFileWithoutCreateIsReadable) {
    try {
        Database::open(dir() / "nope.sqlite", Database::Mode::ReadWrite);
        FAIL() << "expected StoreError";
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr("cannot open " + (dir() / "nope.sqlite").string() + ": "));
    }
}

TEST_F(SqliteTest, GarbageFileFailsAtOpen) {
    writeFile(storePath(), randomBytes(8192, 7));
    try {
        Database::open(storePath(), Database::Mode::ReadWriteCreate);
        FAIL() << "expected StoreError";
    } catch (const StoreError& e) {
        EXPECT_EQ(std::string(e.what()), "cannot open " + storePath().string() + ": file is not a database");
    }
}

TEST_F(SqliteTest, MovedDatabaseKeepsStatementsWorking) {
    Database first = Database::open(storePath(), Database::Mode::ReadWriteCreate);
    auto statement = first.prepare("SELECT 42");
    Database second = std::move(first);
    ASSERT_TRUE(statement.step());
    EXPECT_EQ(statement.columnInt64(0), 42);
}

} // namespace
} // namespace flowscope::store::test
