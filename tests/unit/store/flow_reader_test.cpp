// FlowReader queries over a small, hand-made set of flows.
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store_test_support.hpp"

#include <algorithm>
#include <functional>
#include <gmock/gmock.h>

namespace flowscope::store::test {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

struct Row {
    std::string host;
    int status;
    FlowKind kind;
    std::string errorKind;
    std::string path;
    std::int64_t startedOffsetUs;
    std::int64_t durationUs;
    std::uint64_t responseSize;
};

// Ids are 1..8 in this order. Ties on host, status and size check the id tie-break.
const std::vector<Row> kRows = {
    {"api.example.com", 200, FlowKind::Http, "", "/Users/List", 300, 50, 10},
    {"cdn.example.com", 304, FlowKind::Http, "", "/static/app.js", 100, 10, 0},
    {"api.example.com", 404, FlowKind::Http, "", "/missing", 200, 70, 5},
    {"example.org", 502, FlowKind::Http, "upstream_reset", "/boom", 350, 900, 120},
    {"ws.example.com", 101, FlowKind::WebSocket, "", "/socket", 50, 1000, 0},
    {"tunnel.example.net", 0, FlowKind::Tunnel, "", "", 400, 5000, 0},
    {"api.example.com", 0, FlowKind::Http, "upstream_timeout", "/slow", 250, 30000, 0},
    {"shop.test", 200, FlowKind::Http, "", "/CART?item=USERS", 150, 20, 300},
};

constexpr std::int64_t kEpochUs = 1'700'000'000'000'000;

class FlowReaderTest : public StoreTest {
protected:
    void SetUp() override {
        StoreTest::SetUp();
        FlowWriter writer(storePath());
        for (std::size_t i = 0; i < kRows.size(); ++i) {
            const Row& row = kRows[i];
            Flow flow = makeFlow(writer.allocateId());
            flow.host = row.host;
            flow.status = row.status;
            flow.kind = row.kind;
            flow.errorKind = row.errorKind;
            flow.path = row.path;
            flow.url = "https://" + row.host + row.path;
            flow.startedAtUs = kEpochUs + row.startedOffsetUs;
            flow.endedAtUs = flow.startedAtUs + row.durationUs;
            flow.responseBody.size = row.responseSize;
            writer.publish(std::move(flow));
        }
    }

    std::vector<std::int64_t> ids(const FlowQuery& query) const {
        std::vector<std::int64_t> result;
        for (const auto& summary : FlowReader(storePath()).list(query)) {
            result.push_back(summary.id);
        }
        return result;
    }

    static FlowQuery all() {
        FlowQuery query;
        query.limit = 0;
        return query;
    }
};

TEST_F(FlowReaderTest, ListsEverythingByIdByDefault) {
    FlowReader reader(storePath());
    EXPECT_EQ(reader.count(), 8);
    EXPECT_EQ(reader.maxId(), 8);
    EXPECT_THAT(ids(all()), ElementsAre(1, 2, 3, 4, 5, 6, 7, 8));
}

TEST_F(FlowReaderTest, SummaryCarriesTheListFields) {
    FlowQuery query = all();
    query.hostGlob = "example.org";
    auto rows = FlowReader(storePath()).list(query);
    ASSERT_EQ(rows.size(), 1u);
    const FlowSummary& row = rows[0];
    EXPECT_EQ(row.id, 4);
    EXPECT_EQ(row.kind, FlowKind::Http);
    EXPECT_EQ(row.startedAtUs, kEpochUs + 350);
    EXPECT_EQ(row.durationUs, 900);
    EXPECT_EQ(row.method, "GET");
    EXPECT_EQ(row.scheme, "https");
    EXPECT_EQ(row.port, 443);
    EXPECT_EQ(row.path, "/boom");
    EXPECT_EQ(row.url, "https://example.org/boom");
    EXPECT_EQ(row.status, 502);
    EXPECT_EQ(row.responseContentType, "application/json");
    EXPECT_EQ(row.responseBodySize, 120u);
    EXPECT_EQ(row.bytesFromClient, 100u);
    EXPECT_EQ(row.bytesToClient, 200u);
    EXPECT_EQ(row.errorKind, "upstream_reset");
}

TEST_F(FlowReaderTest, FiltersByHostGlob) {
    FlowQuery query = all();
    query.hostGlob = "*.example.com";
    EXPECT_THAT(ids(query), ElementsAre(1, 2, 3, 5, 7));
    query.hostGlob = "api.*";
    EXPECT_THAT(ids(query), ElementsAre(1, 3, 7));
    query.hostGlob = "API.*"; // GLOB is case-sensitive, as documented by SQLite
    EXPECT_TRUE(ids(query).empty());
    query.hostGlob = "'; DROP TABLE flows; --"; // bound, never spliced into SQL
    EXPECT_TRUE(ids(query).empty());
    EXPECT_EQ(FlowReader(storePath()).count(), 8);
}

TEST_F(FlowReaderTest, FiltersByStatusRange) {
    FlowQuery query = all();
    query.statusMin = 200;
    query.statusMax = 299;
    EXPECT_THAT(ids(query), ElementsAre(1, 8));
    query.statusMax.reset();
    query.statusMin = 400;
    EXPECT_THAT(ids(query), ElementsAre(3, 4));
    query.statusMin.reset();
    query.statusMax = 101;
    EXPECT_THAT(ids(query), ElementsAre(5, 6, 7));
}

TEST_F(FlowReaderTest, FiltersByKindAndErrors) {
    FlowQuery query = all();
    query.kind = FlowKind::Tunnel;
    EXPECT_THAT(ids(query), ElementsAre(6));
    query.kind = FlowKind::WebSocket;
    EXPECT_THAT(ids(query), ElementsAre(5));
    query.kind.reset();
    query.errorsOnly = true;
    EXPECT_THAT(ids(query), ElementsAre(4, 7));
    query.hostGlob = "api.*"; // filters combine with AND
    EXPECT_THAT(ids(query), ElementsAre(7));
}

TEST_F(FlowReaderTest, FiltersByUrlSubstringIgnoringCase) {
    FlowQuery query = all();
    query.urlContains = "users";
    EXPECT_THAT(ids(query), ElementsAre(1, 8));
    query.urlContains = "EXAMPLE.ORG/";
    EXPECT_THAT(ids(query), ElementsAre(4));
    query.urlContains = "%"; // no LIKE wildcards: a literal percent sign matches nothing here
    EXPECT_TRUE(ids(query).empty());
    query.urlContains = "_";
    EXPECT_TRUE(ids(query).empty());
}

TEST_F(FlowReaderTest, SortsByEveryKeyBothWays) {
    using Key = std::function<std::int64_t(const Row&)>;
    struct Case {
        FlowSortKey key;
        Key value; // for Host the rank of the host name
    };
    std::vector<std::string> hosts;
    for (const Row& row : kRows) {
        hosts.push_back(row.host);
    }
    std::sort(hosts.begin(), hosts.end());
    auto hostRank = [&](const Row& row) {
        return std::lower_bound(hosts.begin(), hosts.end(), row.host) - hosts.begin();
    };
    const std::vector<Case> cases = {
        {FlowSortKey::Id, [](const Row&) { return 0; }},
        {FlowSortKey::StartedAt, [](const Row& r) { return r.startedOffsetUs; }},
        {FlowSortKey::Host, hostRank},
        {FlowSortKey::Status, [](const Row& r) { return r.status; }},
        {FlowSortKey::Duration, [](const Row& r) { return r.durationUs; }},
        {FlowSortKey::ResponseSize, [](const Row& r) { return static_cast<std::int64_t>(r.responseSize); }},
    };
    for (const Case& c : cases) {
        for (bool descending : {false, true}) {
            std::vector<std::int64_t> expected{1, 2, 3, 4, 5, 6, 7, 8};
            // The key, then the id, both in the requested direction.
            std::sort(expected.begin(), expected.end(), [&](std::int64_t a, std::int64_t b) {
                auto ka = std::make_pair(c.value(kRows[a - 1]), a);
                auto kb = std::make_pair(c.value(kRows[b - 1]), b);
                return descending ? kb < ka : ka < kb;
            });
            FlowQuery query = all();
            query.sortKey = c.key;
            query.descending = descending;
            EXPECT_THAT(ids(query), ElementsAreArray(expected))
                << "sort key " << static_cast<int>(c.key) << (descending ? " desc" : " asc");
        }
    }
}

TEST_F(FlowReaderTest, PagesWithLimitAndOffset) {
    FlowQuery query;
    query.sortKey = FlowSortKey::StartedAt;
    query.limit = 3;
    std::vector<std::int64_t> paged;
    for (std::int64_t offset = 0; offset < 10; offset += 3) {
        query.offset = offset;
        auto page = ids(query);
        EXPECT_LE(page.size(), 3u);
        paged.insert(paged.end(), page.begin(), page.end());
    }
    FlowQuery whole = all();
    whole.sortKey = FlowSortKey::StartedAt;
    EXPECT_EQ(paged, ids(whole));
    EXPECT_EQ(paged.size(), 8u);

    query.offset = 100;
    EXPECT_TRUE(ids(query).empty());
    query.offset = -5; // treated as 0
    EXPECT_EQ(ids(query).size(), 3u);
}

TEST_F(FlowReaderTest, CountsWithFiltersIgnoringPaging) {
    FlowReader reader(storePath());
    FlowQuery query;
    query.hostGlob = "*.example.com";
    query.limit = 1;
    query.offset = 3;
    EXPECT_EQ(reader.count(query), 5);
    query.errorsOnly = true;
    EXPECT_EQ(reader.count(query), 1);
    EXPECT_EQ(reader.count(FlowQuery{}), 8);
}

TEST_F(FlowReaderTest, GetOfAMissingIdIsEmpty) {
    FlowReader reader(storePath());
    EXPECT_FALSE(reader.get(0));
    EXPECT_FALSE(reader.get(9));
    EXPECT_FALSE(reader.get(-1));
    auto flow = reader.get(8);
    ASSERT_TRUE(flow);
    EXPECT_EQ(flow->host, "shop.test");
    EXPECT_EQ(flow->responseBody.data, "{}");
}

TEST_F(FlowReaderTest, ReadersAreMovable) {
    FlowReader first(storePath());
    FlowReader second = std::move(first);
    EXPECT_EQ(second.count(), 8);
    first = FlowReader(storePath());
    EXPECT_EQ(first.maxId(), 8);
}

} // namespace
} // namespace flowscope::store::test
