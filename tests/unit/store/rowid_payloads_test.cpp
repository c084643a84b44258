// Schema 3: bodies and WebSocket messages moved from WITHOUT ROWID tables to rowid tables
// with a unique index. A schema-2 file keeps every byte across the migration; the new
// tables keep their one-row-per-key rule; the writer's replace-by-id still works.
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "store_test_support.hpp"

#include <fmt/format.h>

namespace flowscope::store::test {
namespace {

using sqlite::Database;

class RowidPayloadsTest : public StoreTest {
protected:
    // A file as schema 2 left it: two flows with bodies from empty-ish to overflowing
    // several pages, and messages of one of them.
    void createSchemaTwoStore() {
        Database db = Database::open(storePath(), Database::Mode::ReadWriteCreate);
        db.exec("PRAGMA page_size = 32768");
        db.exec(schema::migrations().at(0).sql);
        db.exec(schema::migrations().at(1).sql);
        db.exec("PRAGMA user_version = 2");
        db.exec("INSERT INTO flows (id, kind, started_at_us, ended_at_us, host, status) "
                "VALUES (1, 'http', 10, 20, 'a.example', 200), (2, 'websocket', 30, 40, 'b.example', 101)");
        sqlite::Statement body = db.prepare("INSERT INTO bodies (flow_id, part, data) VALUES (?, ?, ?)");
        for (const auto& [flowId, part, bytes] : oldBodies()) {
            body.bindInt64(1, flowId);
            body.bindInt64(2, part);
            body.bindBlob(3, bytes);
            body.run();
        }
        sqlite::Statement message =
            db.prepare("INSERT INTO websocket_messages (flow_id, seq, direction, time_us, opcode, length, "
                       "wire_length, payload) VALUES (2, ?, ?, ?, 2, ?, ?, ?)");
        for (int seq = 0; seq < 3; ++seq) {
            const std::string payload = oldMessagePayload(seq);
            message.bindInt64(1, seq);
            message.bindInt64(2, seq % 2);
            message.bindInt64(3, 100 + seq);
            message.bindInt64(4, static_cast<std::int64_t>(payload.size()));
            message.bindInt64(5, static_cast<std::int64_t>(payload.size()));
            message.bindBlob(6, payload);
            message.run();
        }
    }

    static std::vector<std::tuple<std::int64_t, int, std::string>> oldBodies() {
        return {{1, 0, "x"}, {1, 1, randomBytes(300'000, 1)}, {2, 0, randomBytes(20'000, 2)}};
    }
    static std::string oldMessagePayload(int seq) { return randomBytes(seq == 1 ? 200'000 : 10 + seq, 3 + seq); }

    static std::string tableSql(Database& db, std::string_view table) {
        return db.queryText(fmt::format("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{}'", table));
    }
};

TEST_F(RowidPayloadsTest, SchemaThreeRebuildsThePayloadTables) {
    ASSERT_GE(schema::latestVersion(), 3);
    EXPECT_EQ(schema::migrations().at(2).name, "0003_rowid_payloads.sql");
}

TEST_F(RowidPayloadsTest, NewStoreHasRowidTablesWithUniqueKeys) {
    { FlowWriter writer(storePath()); }
    Database db = Database::open(storePath(), Database::Mode::ReadWrite);
    EXPECT_EQ(tableSql(db, "bodies").find("WITHOUT ROWID"), std::string::npos);
    EXPECT_EQ(tableSql(db, "websocket_messages").find("WITHOUT ROWID"), std::string::npos);
    db.exec("INSERT INTO bodies (flow_id, part, data) VALUES (1, 0, 'a')");
    EXPECT_THROW(db.exec("INSERT INTO bodies (flow_id, part, data) VALUES (1, 0, 'b')"), StoreError);
    db.exec("INSERT INTO websocket_messages (flow_id, seq, direction, time_us, opcode, length, wire_length, payload) "
            "VALUES (1, 0, 0, 0, 1, 0, 0, '')");
    EXPECT_THROW(db.exec("INSERT INTO websocket_messages (flow_id, seq, direction, time_us, opcode, length, "
                         "wire_length, payload) VALUES (1, 0, 1, 0, 1, 0, 0, '')"),
                 StoreError);
    // Lookups by flow go through the index, never a table scan.
    sqlite::Statement explain = db.prepare("EXPLAIN QUERY PLAN SELECT part, data FROM bodies WHERE flow_id = 1");
    ASSERT_TRUE(explain.step());
    const std::string plan(explain.columnText(3)); // id, parent, notused, detail
    EXPECT_NE(plan.find("bodies_flow_part"), std::string::npos) << plan;
}

TEST_F(RowidPayloadsTest, SchemaTwoStoreMigratesEveryByte) {
    createSchemaTwoStore();
    {
        const FlowReader reader(storePath()); // a reader migrates an older file too
        const auto first = reader.get(1);
        ASSERT_TRUE(first.has_value());
        EXPECT_EQ(first->requestBody.data, std::get<2>(oldBodies()[0]));
        EXPECT_EQ(first->responseBody.data, std::get<2>(oldBodies()[1]));
        const auto second = reader.get(2);
        ASSERT_TRUE(second.has_value());
        EXPECT_EQ(second->requestBody.data, std::get<2>(oldBodies()[2]));
        EXPECT_EQ(second->responseBody.data, "");
        const auto messages = reader.messages(2, -1, 0);
        ASSERT_EQ(messages.size(), 3u);
        for (int seq = 0; seq < 3; ++seq) {
            EXPECT_EQ(messages[static_cast<std::size_t>(seq)].seq, seq);
            EXPECT_EQ(messages[static_cast<std::size_t>(seq)].payload, oldMessagePayload(seq));
        }
    }
    Database db = Database::open(storePath(), Database::Mode::ReadWrite);
    EXPECT_EQ(db.queryInt64("PRAGMA user_version"), schema::latestVersion());
    EXPECT_EQ(db.queryText("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(tableSql(db, "bodies").find("WITHOUT ROWID"), std::string::npos);
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM sqlite_master WHERE name LIKE '%_rowid'"), 0);

    // The migrated file takes new flows; publishing an id again still replaces its bodies.
    {
        FlowWriter writer(storePath());
        Flow flow = makeFlow(writer.allocateId());
        EXPECT_EQ(flow.id, 3);
        flow.responseBody.data = randomBytes(1'000'000, 9);
        writer.publish(flow);
        writer.flush();
        flow.requestBody.data = "";
        flow.responseBody.data = "short now";
        writer.publish(flow);
    }
    const FlowReader reader(storePath());
    EXPECT_EQ(reader.get(3)->responseBody.data, "short now");
    EXPECT_EQ(reader.get(1)->responseBody.data, std::get<2>(oldBodies()[1]));
    EXPECT_EQ(db.queryInt64("SELECT count(*) FROM bodies WHERE flow_id = 3"), 1);
}

} // namespace
} // namespace flowscope::store::test
