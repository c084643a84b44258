// The two evaluations of a filter agree: matches() over the in-memory rows and the SQL
// translation run by SQLite over the stored flows select exactly the same ids, for a
// table of hand-written filters and for randomly composed ones, over a generated store.
#include "store/flow_writer.hpp"
#include "store/schema.hpp"
#include "view/filter_match.hpp"
#include "view/filter_parser.hpp"
#include "view/filter_sql.hpp"
#include "view/store_loader.hpp"
#include "view_test_support.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>

namespace flowscope::view::test {
namespace {

constexpr std::size_t kFlowCount = 4000;

class FilterEquivalenceTest : public ViewTest {
protected:
    static void SetUpTestSuite() {
        s_dir = std::filesystem::temp_directory_path() / ("flowscope-view-equivalence-" + std::to_string(::getpid()));
        std::filesystem::remove_all(s_dir);
        std::filesystem::create_directories(s_dir);
        {
            store::FlowWriter writer(s_dir / "flows.sqlite");
            writeFlows(writer, kFlowCount, 7);
        }
        s_table = new FlowTable();
        StoreLoader loader(s_dir / "flows.sqlite");
        ASSERT_TRUE(loader.load(*s_table, toSql({}), 0));
    }
    static void TearDownTestSuite() {
        delete s_table;
        s_table = nullptr;
        std::error_code ec;
        std::filesystem::remove_all(s_dir, ec);
    }

    static std::vector<std::int64_t> inMemory(const FilterExpression& expression) {
        std::vector<std::int64_t> ids;
        for (std::uint32_t record : s_table->byId()) {
            if (matches(expression, s_table->row(record))) {
                ids.push_back(s_table->record(record).id);
            }
        }
        return ids;
    }

    static std::vector<std::int64_t> inSql(const FilterExpression& expression) {
        store::sqlite::Database db = store::schema::openStore(s_dir / "flows.sqlite", store::schema::Purpose::Read);
        SqlCondition condition = toSql(expression);
        store::sqlite::Statement statement =
            db.prepare(fmt::format("SELECT id FROM flows WHERE {} ORDER BY id", condition.text));
        condition.bind(statement);
        std::vector<std::int64_t> ids;
        while (statement.step()) {
            ids.push_back(statement.columnInt64(0));
        }
        return ids;
    }

    static FilterExpression parsed(std::string_view text) {
        ParsedFilter result = parseFilter(text);
        EXPECT_TRUE(result.ok()) << text << ": " << (result.error ? result.error->message : "");
        return result.expression;
    }

    static inline std::filesystem::path s_dir;
    static inline FlowTable* s_table = nullptr;
};

TEST_F(FilterEquivalenceTest, TheStoreIsLoadedWhole) {
    EXPECT_EQ(s_table->size(), kFlowCount);
}

TEST_F(FilterEquivalenceTest, HandWrittenFiltersSelectTheSameFlows) {
    const std::vector<std::string_view> filters = {
        "api",
        "API.EXAMPLE",
        "example.com/api",
        "\"com:8443/\"",
        "/items/1",
        "%20",
        "#fragment",
        "caf\xC3\xA9",
        "-api",
        "host:example",
        "host:*.example.com",
        "host:api.example.com",
        "host:*.cdn.*",
        "host:x[1]*",
        "host:????.test",
        "-host:*.example.com",
        "path:/api/v1",
        "path:/[brackets]",
        "url:https://*",
        "url:*.png",
        "url:*8443*",
        "method:get",
        "method:POST",
        "-method:get",
        "scheme:https",
        "scheme:ws",
        "scheme:WSS",
        "status:404",
        "status:4xx",
        "status:>=400",
        "status:<300",
        "status:500-599",
        "status:0",
        "-status:2xx",
        "status:101",
        "type:json",
        "type:html",
        "type:js",
        "type:css",
        "type:image",
        "type:xml",
        "type:text",
        "type:font",
        "type:media",
        "type:other",
        "-type:other",
        "kind:http",
        "kind:tunnel",
        "kind:websocket",
        "-kind:http",
        "size:>100k",
        "size:<1m",
        "size:10k-2m",
        "size:0",
        "size:>=10m",
        "size:<=1",
        "duration:>500ms",
        "duration:>2s",
        "duration:<1ms",
        "duration:0",
        "duration:10ms-1s",
        "error",
        "is:error",
        "-error",
        "error:upstream_timeout",
        "error:upstream",
        "error:*_*_*",
        "host:api status:4xx",
        "-host:cdn type:image size:>10k",
        "method:post -status:2xx error",
        "scheme:http -kind:tunnel duration:>100ms type:json",
        "\"items/1\" -host:api",
    };
    for (std::string_view text : filters) {
        FilterExpression expression = parsed(text);
        std::vector<std::int64_t> memory = inMemory(expression);
        EXPECT_EQ(memory, inSql(expression)) << text;
        // Each filter selects something and leaves something out, so the comparison means
        // something.
        EXPECT_GT(memory.size(), 0u) << text;
        EXPECT_LT(memory.size(), kFlowCount) << text;
    }
}

TEST_F(FilterEquivalenceTest, RandomlyComposedFiltersSelectTheSameFlows) {
    const std::vector<std::string> terms = {
        "api",
        "example",
        ".com/",
        "items",
        "x",
        "e",
        "host:example",
        "host:*.test",
        "host:c*",
        "host:?pi*",
        "path:/api",
        "path:.js",
        "url:*s://*",
        "method:get",
        "method:put",
        "method:connect",
        "scheme:http",
        "scheme:https",
        "status:2xx",
        "status:3xx",
        "status:>=500",
        "status:<=204",
        "status:0",
        "status:100-299",
        "type:json",
        "type:image",
        "type:other",
        "type:html",
        "type:text",
        "kind:http",
        "kind:tunnel",
        "kind:ws",
        "size:>1k",
        "size:<100",
        "size:1k-1m",
        "size:0",
        "duration:>1s",
        "duration:<10ms",
        "duration:5ms-500ms",
        "error",
        "error:upstream",
        "error:*refused",
        "\"%20\"",
        "\"?q=\"",
        "\"8443\"",
    };
    std::mt19937 rng(99);
    std::size_t nonTrivial = 0;
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const int count = 1 + static_cast<int>(rng() % 3);
        for (int i = 0; i < count; ++i) {
            text += rng() % 4 == 0 ? "-" : "";
            text += terms[rng() % terms.size()] + " ";
        }
        FilterExpression expression = parsed(text);
        std::vector<std::int64_t> memory = inMemory(expression);
        ASSERT_EQ(memory, inSql(expression)) << text;
        nonTrivial += !memory.empty() && memory.size() < kFlowCount;
    }
    EXPECT_GT(nonTrivial, 150u);
}

TEST_F(FilterEquivalenceTest, ValuesAreBoundNeverSpliced) {
    FilterExpression expression = parsed("host:\"'); DROP TABLE flows; --\" \"' OR 1=1 --\"");
    SqlCondition condition = toSql(expression);
    EXPECT_THAT(condition.text, ::testing::Not(::testing::HasSubstr("DROP")));
    EXPECT_EQ(condition.parameters.size(), 2u);
    EXPECT_TRUE(inSql(expression).empty());
    EXPECT_EQ(inSql({}).size(), kFlowCount);
}

TEST_F(FilterEquivalenceTest, EmptyFilterIsTrue) {
    SqlCondition condition = toSql({});
    EXPECT_EQ(condition.text, "1");
    EXPECT_TRUE(condition.parameters.empty());
}

class ContentFamilySqlTest : public ViewTest {};

// classifyContentType() and contentFamilySql() on the same values, through a real store.
TEST_F(ContentFamilySqlTest, SqlExpressionAgreesWithClassifier) {
    std::vector<std::string> types(kContentTypes.begin(), kContentTypes.end());
    for (std::string extra : {"APPLICATION/PROBLEM+JSON", "\timage/webp ; q=1", "text/html;", "application/font-woff",
                              "video/", "text", "json", "application/xhtml+xml; charset=utf-8", "image/svg+xml",
                              "application/rss+xml", "Audio/Ogg", "text/x-ecmascript", " ; json", "caf\xC3\xA9/json"}) {
        types.push_back(extra);
    }
    {
        store::FlowWriter writer(storePath());
        for (const std::string& type : types) {
            store::Flow flow;
            flow.id = writer.allocateId();
            flow.responseContentType = type;
            writer.publish(std::move(flow));
        }
    }
    store::sqlite::Database db = store::schema::openStore(storePath(), store::schema::Purpose::Read);
    store::sqlite::Statement statement =
        db.prepare(fmt::format("SELECT response_content_type, {} FROM flows ORDER BY id", contentFamilySql()));
    std::size_t rows = 0;
    while (statement.step()) {
        std::string type(statement.columnText(0));
        EXPECT_EQ(static_cast<int>(classifyContentType(type)), statement.columnInt64(1)) << "'" << type << "'";
        ++rows;
    }
    EXPECT_EQ(rows, types.size());
}

} // namespace
} // namespace flowscope::view::test
