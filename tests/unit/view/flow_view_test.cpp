// FlowView over a generated store: every sort column both ways (against a reference sort
// and against SQLite's ORDER BY through store::FlowReader), filter + sort, appends with
// late ids, indexOfId, prepare/apply, cancellation, both residencies, memory per row.
#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "view/filter_match.hpp"
#include "view/filter_parser.hpp"
#include "view/flow_view.hpp"
#include "view_test_support.hpp"

#include <atomic>
#include <future>
#include <gmock/gmock.h>
#include <thread>

namespace flowscope::view::test {
namespace {

constexpr std::array kColumns = {
    SortColumn::Id,     SortColumn::Time, SortColumn::Method,      SortColumn::Host,         SortColumn::Path,
    SortColumn::Status, SortColumn::Type, SortColumn::RequestSize, SortColumn::ResponseSize, SortColumn::Duration};

FilterExpression filterOf(std::string_view text) {
    ParsedFilter parsed = parseFilter(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed.expression;
}

// -1, 0, 1 comparing two rows on a column, written independently of the view's keys:
// strings compare as std::string_view does (bytewise, like SQLite's BINARY collation).
int compareOn(SortColumn column, const FlowRow& a, const FlowRow& b) {
    auto three = [](const auto& x, const auto& y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (column) {
    case SortColumn::Id:
        return three(a.id, b.id);
    case SortColumn::Time:
        return three(a.startedAtUs, b.startedAtUs);
    case SortColumn::Method:
        return three(a.method, b.method);
    case SortColumn::Host:
        return three(a.host, b.host);
    case SortColumn::Path:
        return three(a.path, b.path);
    case SortColumn::Status:
        return three(a.status, b.status);
    case SortColumn::Type:
        return three(static_cast<int>(a.contentFamily), static_cast<int>(b.contentFamily));
    case SortColumn::RequestSize:
        return three(a.requestSize, b.requestSize);
    case SortColumn::ResponseSize:
        return three(a.responseSize, b.responseSize);
    case SortColumn::Duration:
        return three(a.durationUs, b.durationUs);
    }
    return 0;
}

// The expected ids of a view: every row of a full AllFlows view, filtered, then sorted
// with the reference comparison; ties by id in the column's direction.
std::vector<std::int64_t> expectedIds(const std::filesystem::path& store, const FilterExpression& filter,
                                      SortSpec sort) {
    FlowView all(store);
    EXPECT_TRUE(all.reload());
    std::vector<FlowRow> rows;
    for (std::size_t i = 0; i < all.rowCount(); ++i) {
        if (matches(filter, all.row(i))) {
            rows.push_back(all.row(i));
        }
    }
    std::sort(rows.begin(), rows.end(), [&](const FlowRow& a, const FlowRow& b) {
        int order = compareOn(sort.column, a, b);
        if (order == 0) {
            order = compareOn(SortColumn::Id, a, b);
        }
        return sort.order == SortOrder::Ascending ? order < 0 : order > 0;
    });
    std::vector<std::int64_t> ids;
    for (const FlowRow& row : rows) {
        ids.push_back(row.id);
    }
    return ids;
}

std::vector<std::int64_t> idsOf(const FlowView& view) {
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < view.rowCount(); ++i) {
        ids.push_back(view.idAt(i));
    }
    return ids;
}

void expectIndexConsistent(const FlowView& view) {
    for (std::size_t i = 0; i < view.rowCount(); ++i) {
        ASSERT_EQ(view.indexOfId(view.idAt(i)), i);
        ASSERT_EQ(view.row(i).id, view.idAt(i));
    }
}

class FlowViewTest : public ViewTest, public ::testing::WithParamInterface<Residency> {
protected:
    void SetUp() override {
        ViewTest::SetUp();
        store::FlowWriter writer(storePath());
        writeFlows(writer, 2000, 11);
    }
    FlowViewOptions options() const { return FlowViewOptions{GetParam()}; }
};

INSTANTIATE_TEST_SUITE_P(Residencies, FlowViewTest, ::testing::Values(Residency::AllFlows, Residency::MatchingFlows),
                         [](const auto& info) {
                             return info.param == Residency::AllFlows ? std::string("AllFlows")
                                                                      : std::string("MatchingFlows");
                         });

TEST_P(FlowViewTest, StartsEmptyAndLoadsEverythingInIdOrder) {
    FlowView view(storePath(), options());
    EXPECT_EQ(view.rowCount(), 0u);
    EXPECT_EQ(view.maxLoadedId(), 0);
    ASSERT_TRUE(view.reload());
    EXPECT_EQ(view.rowCount(), 2000u);
    EXPECT_EQ(view.idAt(0), 1);
    EXPECT_EQ(view.idAt(1999), 2000);
    EXPECT_EQ(view.maxLoadedId(), 2000);
    expectIndexConsistent(view);
}

TEST_P(FlowViewTest, EverySortColumnBothWaysMatchesTheReference) {
    FlowView view(storePath(), options());
    ASSERT_TRUE(view.reload());
    for (SortColumn column : kColumns) {
        for (SortOrder order : {SortOrder::Ascending, SortOrder::Descending}) {
            SortSpec sort{column, order};
            ASSERT_TRUE(view.setSort(sort));
            EXPECT_EQ(idsOf(view), expectedIds(storePath(), {}, sort))
                << toString(column) << (order == SortOrder::Ascending ? " asc" : " desc");
            expectIndexConsistent(view);
        }
    }
}

// The typed in-memory sorts agree with SQLite's ORDER BY key, id on the columns the store
// can sort by itself.
TEST_P(FlowViewTest, SortsAgreeWithTheStoresOrderBy) {
    store::FlowReader reader(storePath());
    const std::vector<std::pair<SortColumn, store::FlowSortKey>> pairs = {
        {SortColumn::Id, store::FlowSortKey::Id},
        {SortColumn::Time, store::FlowSortKey::StartedAt},
        {SortColumn::Host, store::FlowSortKey::Host},
        {SortColumn::Status, store::FlowSortKey::Status},
        // Not Duration: the store orders unfinished flows by their negative raw duration,
        // while rows (FlowSummary too) show them as 0 and sort them with the zeros.
        {SortColumn::ResponseSize, store::FlowSortKey::ResponseSize},
    };
    FlowView view(storePath(), options());
    ASSERT_TRUE(view.reload());
    for (auto [column, key] : pairs) {
        for (bool descending : {false, true}) {
            store::FlowQuery query;
            query.sortKey = key;
            query.descending = descending;
            query.limit = 0;
            std::vector<std::int64_t> fromStore;
            for (const store::FlowSummary& summary : reader.list(query)) {
                fromStore.push_back(summary.id);
            }
            ASSERT_TRUE(view.setSort({column, descending ? SortOrder::Descending : SortOrder::Ascending}));
            EXPECT_EQ(idsOf(view), fromStore) << toString(column) << (descending ? " desc" : " asc");
        }
    }
}

TEST_P(FlowViewTest, FilterAndSortTogether) {
    for (std::string_view text : {"status:4xx", "-kind:tunnel type:json", "host:*.example.com size:>1k", "error",
                                  "method:post -status:2xx", "\"items\" duration:>10ms"}) {
        for (SortSpec sort : {SortSpec{SortColumn::Host, SortOrder::Descending}, SortSpec{SortColumn::Path},
                              SortSpec{SortColumn::Duration, SortOrder::Descending}, SortSpec{SortColumn::Id}}) {
            FilterExpression filter = filterOf(text);
            FlowView view(storePath(), options(), filter, sort);
            ASSERT_TRUE(view.reload());
            std::vector<std::int64_t> expected = expectedIds(storePath(), filter, sort);
            EXPECT_GT(expected.size(), 0u) << text;
            EXPECT_LT(expected.size(), 2000u) << text;
            EXPECT_EQ(idsOf(view), expected) << text << " by " << toString(sort.column);
            expectIndexConsistent(view);
        }
    }
}

TEST_P(FlowViewTest, ChangingTheFilterKeepsTheSort) {
    FlowView view(storePath(), options(), {}, SortSpec{SortColumn::Status, SortOrder::Descending});
    ASSERT_TRUE(view.reload());
    for (std::string_view text : {"status:5xx", "host:api", "", "-error type:image", "status:5xx"}) {
        ASSERT_TRUE(view.setFilter(filterOf(text)));
        EXPECT_EQ(idsOf(view), expectedIds(storePath(), filterOf(text), view.sort())) << text;
        expectIndexConsistent(view);
    }
}

TEST_P(FlowViewTest, RowsCarryTheStoredFields) {
    FlowView view(storePath(), options());
    ASSERT_TRUE(view.reload());
    store::FlowReader reader(storePath());
    for (std::size_t i = 0; i < view.rowCount(); i += 97) {
        FlowRow row = view.row(i);
        std::optional<store::Flow> flow = reader.get(row.id, false);
        ASSERT_TRUE(flow);
        EXPECT_EQ(row.url(), flow->url);
        EXPECT_EQ(row.host, flow->host);
        EXPECT_EQ(row.path, flow->path);
        EXPECT_EQ(row.method, flow->method);
        EXPECT_EQ(row.scheme, flow->scheme);
        EXPECT_EQ(row.status, flow->status);
        EXPECT_EQ(row.kind, flow->kind);
        EXPECT_EQ(row.startedAtUs, flow->startedAtUs);
        EXPECT_EQ(row.durationUs, std::max<std::int64_t>(flow->endedAtUs - flow->startedAtUs, 0));
        EXPECT_EQ(row.contentFamily, classifyContentType(flow->responseContentType));
        EXPECT_EQ(row.requestSize, flow->requestBody.size);
        EXPECT_EQ(row.responseSize, flow->responseBody.size);
        EXPECT_EQ(row.errorKind, flow->errorKind);
        EXPECT_EQ(row.hasError(), !flow->errorKind.empty());
    }
}

TEST_P(FlowViewTest, IndexOfIdKnowsWhatIsShown) {
    FlowView view(storePath(), options(), filterOf("status:404"), SortSpec{SortColumn::Host});
    ASSERT_TRUE(view.reload());
    ASSERT_GT(view.rowCount(), 0u);
    expectIndexConsistent(view);
    std::size_t hidden = 0;
    for (std::int64_t id = 1; id <= 2000; ++id) {
        if (!view.indexOfId(id)) {
            ++hidden;
        }
    }
    EXPECT_EQ(hidden, 2000u - view.rowCount());
    EXPECT_FALSE(view.indexOfId(0));
    EXPECT_FALSE(view.indexOfId(999'999));
}

TEST_P(FlowViewTest, AppendMergesNewFlowsIntoTheOrderAndAppliesTheFilter) {
    const FilterExpression filter = filterOf("-kind:tunnel");
    for (SortSpec sort : {SortSpec{SortColumn::Id}, SortSpec{SortColumn::Host, SortOrder::Descending},
                          SortSpec{SortColumn::Time, SortOrder::Descending}, SortSpec{SortColumn::Path}}) {
        FlowView view(storePath(), options(), filter, sort);
        ASSERT_TRUE(view.reload());
        const std::int64_t before = view.maxLoadedId();
        {
            store::FlowWriter writer(storePath());
            writeFlows(writer, 300, 12 + static_cast<unsigned>(sort.column));
        }
        std::optional<AppendResult> appended = view.appendNewerThan(view.maxLoadedId());
        ASSERT_TRUE(appended);
        EXPECT_EQ(appended->read, GetParam() == Residency::AllFlows ? 300u : appended->rows.size());
        ASSERT_FALSE(appended->rows.empty());
        EXPECT_TRUE(std::is_sorted(appended->rows.begin(), appended->rows.end()));
        for (std::size_t row : appended->rows) {
            EXPECT_GT(view.idAt(row), before);
            EXPECT_NE(view.row(row).kind, store::FlowKind::Tunnel);
        }
        EXPECT_EQ(idsOf(view), expectedIds(storePath(), filter, sort)) << toString(sort.column);
        expectIndexConsistent(view);

        // Nothing new: nothing read, nothing moved.
        std::optional<AppendResult> again = view.appendNewerThan(view.maxLoadedId());
        ASSERT_TRUE(again);
        EXPECT_EQ(again->read, 0u);
        EXPECT_TRUE(again->rows.empty());
    }
}

// Ids are allocated when flows start and stored when they end: a re-read window below
// maxLoadedId() picks up a late flow, and flows already shown are not duplicated.
TEST_P(FlowViewTest, AppendWindowCatchesLateFlowsWithoutDuplicates) {
    FlowView view(storePath(), options(), {}, SortSpec{SortColumn::Time});
    ASSERT_TRUE(view.reload());
    std::mt19937 rng(5);
    store::Flow late;
    {
        store::FlowWriter writer(storePath());
        late = generatedFlow(writer.allocateId(), rng); // started first...
        late.kind = store::FlowKind::Http;
        for (int i = 0; i < 3; ++i) {
            writer.publish(generatedFlow(writer.allocateId(), rng));
        }
        writer.flush();
    }
    ASSERT_TRUE(view.appendNewerThan(view.maxLoadedId()));
    EXPECT_FALSE(view.indexOfId(late.id));
    {
        store::FlowWriter writer(storePath());
        writer.publish(late); // ...stored last
    }
    std::optional<AppendResult> window = view.appendNewerThan(view.maxLoadedId() - 10);
    ASSERT_TRUE(window);
    EXPECT_EQ(window->read, 1u);
    ASSERT_EQ(window->rows.size(), 1u);
    EXPECT_EQ(view.idAt(window->rows[0]), late.id);
    EXPECT_EQ(view.rowCount(), 2004u);
    EXPECT_EQ(idsOf(view), expectedIds(storePath(), {}, view.sort()));
    expectIndexConsistent(view);
}

TEST_P(FlowViewTest, CancelledWorkLeavesTheViewAsItWas) {
    FlowView view(storePath(), options(), filterOf("status:2xx"), SortSpec{SortColumn::Host});
    ASSERT_TRUE(view.reload());
    const std::vector<std::int64_t> shown = idsOf(view);
    std::atomic<bool> cancel{true};
    EXPECT_FALSE(view.reload(CancelToken(cancel)));
    EXPECT_FALSE(view.setFilter(filterOf("status:4xx"), CancelToken(cancel)));
    EXPECT_FALSE(view.setSort({SortColumn::Time}, CancelToken(cancel)));
    EXPECT_FALSE(view.setSort({SortColumn::Id}, CancelToken(cancel)));
    EXPECT_FALSE(view.prepare({}, {}, CancelToken(cancel)));
    EXPECT_FALSE(view.appendNewerThan(0, CancelToken(cancel)));
    EXPECT_EQ(idsOf(view), shown);
    EXPECT_TRUE(sameFilter(view.filter(), filterOf("status:2xx")));
    EXPECT_EQ(view.sort(), (SortSpec{SortColumn::Host}));
    expectIndexConsistent(view);
}

// A worker prepares while this thread keeps reading rows; the result is applied here.
TEST_P(FlowViewTest, PrepareOnAWorkerThenApply) {
    FlowView view(storePath(), options());
    ASSERT_TRUE(view.reload());
    const FilterExpression filter = filterOf("type:json");
    const SortSpec sort{SortColumn::ResponseSize, SortOrder::Descending};
    std::atomic<bool> cancel{false};
    auto work = std::async(std::launch::async, [&] { return view.prepare(filter, sort, CancelToken(cancel)); });
    std::size_t reads = 0;
    while (work.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
        reads += view.row(reads % view.rowCount()).id > 0 ? 1 : 0; // const reads alongside
    }
    std::optional<ViewUpdate> update = work.get();
    ASSERT_TRUE(update);
    EXPECT_EQ(view.rowCount(), 2000u); // untouched until applied
    view.apply(std::move(*update));
    EXPECT_EQ(idsOf(view), expectedIds(storePath(), filter, sort));
    expectIndexConsistent(view);
}

// Flows appended between prepare() and apply() are placed by apply().
TEST_P(FlowViewTest, ApplyPlacesFlowsAppendedAfterPrepare) {
    FlowView view(storePath(), options());
    ASSERT_TRUE(view.reload());
    const SortSpec sort{SortColumn::Duration};
    std::optional<ViewUpdate> update = view.prepare(view.filter(), sort);
    ASSERT_TRUE(update);
    {
        store::FlowWriter writer(storePath());
        writeFlows(writer, 50, 77);
    }
    ASSERT_TRUE(view.appendNewerThan(view.maxLoadedId()));
    view.apply(std::move(*update));
    EXPECT_EQ(view.rowCount(), 2050u);
    EXPECT_EQ(idsOf(view), expectedIds(storePath(), {}, sort));
    expectIndexConsistent(view);
}

TEST_P(FlowViewTest, CancelFromAnotherThreadIsSafe) {
    FlowView view(storePath(), options());
    ASSERT_TRUE(view.reload());
    const std::vector<std::int64_t> before = idsOf(view);
    for (int attempt = 0; attempt < 20; ++attempt) {
        std::atomic<bool> cancel{false};
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::microseconds(attempt * 100));
            cancel = true;
        });
        const bool done = view.reload(CancelToken(cancel));
        canceller.join();
        EXPECT_EQ(idsOf(view), before) << "attempt " << attempt << (done ? " (finished)" : " (cancelled)");
        expectIndexConsistent(view);
    }
}

TEST_P(FlowViewTest, MemoryPerRowIsSmall) {
    FlowView view(storePath(), options());
    ASSERT_TRUE(view.reload());
    ASSERT_TRUE(view.setSort({SortColumn::Path}));
    // 2,000 rows sit in the first 64K-record chunk (5 MiB) and the first text blocks; the
    // per-row figure for a million flows is the scale test's. Beyond those fixed costs a
    // row must stay under 200 bytes, sort buffers included.
    constexpr std::size_t kFixed = 64 * 1024 * sizeof(FlowRecord) + 1024 * 1024;
    EXPECT_LT(view.memoryUsage().total(), kFixed + view.rowCount() * 200);
    EXPECT_LE(sizeof(FlowRecord), 80u);
}

// Removed rows stay out through filter and sort changes and re-read windows.
TEST_P(FlowViewTest, RemovedRowsStayRemoved) {
    FlowView view(storePath(), options());
    ASSERT_TRUE(view.reload());
    std::vector<std::int64_t> expected = idsOf(view);
    ASSERT_GT(expected.size(), 20u);
    view.removeRows(3, 5);
    expected.erase(expected.begin() + 3, expected.begin() + 8);
    EXPECT_EQ(idsOf(view), expected);
    expectIndexConsistent(view);

    ASSERT_TRUE(view.setSort({SortColumn::Host, SortOrder::Descending}));
    ASSERT_TRUE(view.setSort({}));
    EXPECT_EQ(idsOf(view), expected);
    ASSERT_TRUE(view.appendNewerThan(0)); // re-reads everything: nothing comes back
    EXPECT_EQ(idsOf(view), expected);
    expectIndexConsistent(view);
    view.removeRows(view.rowCount() - 1, 10); // clamped at the end
    expected.pop_back();
    EXPECT_EQ(idsOf(view), expected);
    view.removeRows(view.rowCount(), 1); // nothing
    EXPECT_EQ(idsOf(view), expected);
}

TEST_P(FlowViewTest, MissingStoreIsAStoreError) {
    FlowView view(storePath().parent_path() / "nope.sqlite", options());
    EXPECT_THROW(view.reload(), store::StoreError);
    EXPECT_EQ(view.rowCount(), 0u);
}

// Both residencies end up showing the same rows.
TEST_F(ViewTest, ResidenciesAgree) {
    {
        store::FlowWriter writer(storePath());
        writeFlows(writer, 1500, 3);
    }
    FlowView all(storePath(), {Residency::AllFlows});
    FlowView matching(storePath(), {Residency::MatchingFlows});
    ASSERT_TRUE(all.reload());
    ASSERT_TRUE(matching.reload());
    for (std::string_view text : {"host:api", "status:>=400 -error", "type:image", ""}) {
        for (SortColumn column : kColumns) {
            SortSpec sort{column, SortOrder::Descending};
            ASSERT_TRUE(all.setFilter(filterOf(text)));
            ASSERT_TRUE(all.setSort(sort));
            ASSERT_TRUE(matching.setFilter(filterOf(text)));
            ASSERT_TRUE(matching.setSort(sort));
            EXPECT_EQ(idsOf(all), idsOf(matching)) << text << " by " << toString(column);
        }
    }
    ASSERT_TRUE(matching.setFilter(filterOf("type:image")));
    EXPECT_LT(matching.loadedCount(), all.loadedCount()); // only the matches are held
}

} // namespace
} // namespace flowscope::view::test
