// The 1,000,000-flow check (disabled: minutes of writing, a gigabyte of disk). Run with
//   view_unit_tests --gtest_also_run_disabled_tests --gtest_filter='*Scale*'
// FLOWSCOPE_SCALE_FLOWS changes the count; FLOWSCOPE_SCALE_STORE names a store file to
// keep between runs (written when missing). Prints load, filter and sort times and the
// memory per row; fails when a filter or sort change takes 300 ms or more.
#include "store/flow_writer.hpp"
#include "store/schema.hpp"
#include "view/filter_match.hpp"
#include "view/filter_parser.hpp"
#include "view/flow_view.hpp"
#include "view/store_loader.hpp"
#include "view_test_support.hpp"

#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>

namespace flowscope::view::test {
namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

template <typename Work> double timed(Work&& work) {
    const auto start = Clock::now();
    work();
    return millisecondsSince(start);
}

// Resident memory from /proc (Linux only; 0 elsewhere).
std::size_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0;
    std::size_t resident = 0;
    statm >> pages >> resident;
    return resident * 4096;
}

std::size_t scaleCount() {
    const char* text = std::getenv("FLOWSCOPE_SCALE_FLOWS");
    return text != nullptr ? static_cast<std::size_t>(std::stoull(text)) : 1'000'000;
}

FilterExpression filterOf(std::string_view text) {
    ParsedFilter parsed = parseFilter(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed.expression;
}

class ViewScaleTest : public ViewTest {};

TEST_F(ViewScaleTest, DISABLED_MillionFlows) {
    const std::size_t count = scaleCount();
    const char* keep = std::getenv("FLOWSCOPE_SCALE_STORE");
    const std::filesystem::path store = keep != nullptr ? std::filesystem::path(keep) : storePath();
    if (!std::filesystem::exists(store)) {
        double ms = timed([&] {
            store::FlowWriter writer(store);
            writeFlows(writer, count, 1, GeneratorOptions{true});
        });
        fmt::print("write {} flows: {:.0f} ms; store file {:.0f} MiB\n", count, ms,
                   static_cast<double>(std::filesystem::file_size(store)) / (1 << 20));
    }
    constexpr double kBudgetMs = 300;

    // ---- load (cold for SQLite's cache, warm for the OS page cache after writing)
    const std::size_t rssBefore = residentBytes();
    FlowView view(store);
    double loadMs = timed([&] { ASSERT_TRUE(view.reload()); });
    const std::size_t rows = view.rowCount();
    ASSERT_GT(rows, 0u);
    const MemoryUsage memory = view.memoryUsage();
    const std::size_t rssAfter = residentBytes();
    fmt::print("load (AllFlows, all rows): {:.0f} ms for {} rows\n", loadMs, rows);
    fmt::print("memory: {:.1f} bytes/row counted (table {:.1f} + order {:.1f}); RSS grew {:.1f} bytes/row; "
               "record {} bytes\n",
               static_cast<double>(memory.total()) / rows, static_cast<double>(memory.tableBytes) / rows,
               static_cast<double>(memory.orderBytes) / rows,
               static_cast<double>(rssAfter > rssBefore ? rssAfter - rssBefore : 0) / rows, sizeof(FlowRecord));
    EXPECT_LT(static_cast<double>(memory.total()) / rows, 200.0);

    // ---- filter changes, in memory
    for (std::string_view text : {"api", "status:4xx", "host:*.example.com type:json", "-error size:>100k",
                                  "method:post -status:2xx duration:>500ms", "\"items/42\"", ""}) {
        FilterExpression filter = filterOf(text);
        double ms = timed([&] { ASSERT_TRUE(view.setFilter(filter)); });
        fmt::print("filter {:45} {:7.1f} ms -> {} rows\n", fmt::format("'{}'", text), ms, view.rowCount());
        EXPECT_LT(ms, kBudgetMs) << text;
    }

    // ---- sort changes, in memory, on all rows
    constexpr std::array kColumns = {
        SortColumn::Id,     SortColumn::Time, SortColumn::Method,      SortColumn::Host,         SortColumn::Path,
        SortColumn::Status, SortColumn::Type, SortColumn::RequestSize, SortColumn::ResponseSize, SortColumn::Duration};
    // The first sort after a load allocates the sort buffers (page faults); later ones
    // reuse them.
    for (SortColumn column : kColumns) {
        for (SortOrder order : {SortOrder::Ascending, SortOrder::Descending}) {
            double ms = timed([&] { ASSERT_TRUE(view.setSort({column, order})); });
            fmt::print("sort {:14} {:4} {:7.1f} ms\n", toString(column), order == SortOrder::Ascending ? "asc" : "desc",
                       ms);
            EXPECT_LT(ms, kBudgetMs) << toString(column);
        }
    }
    {
        FilterExpression filter = filterOf("-kind:tunnel");
        double ms = timed([&] { ASSERT_TRUE(view.setFilter(filter)); });
        fmt::print("filter '-kind:tunnel' while sorted by duration desc: {:.1f} ms -> {} rows\n", ms, view.rowCount());
    }

    // ---- a comparison sort for reference (what the radix sort replaces)
    {
        const FlowTable table = [&] {
            FlowTable copy;
            StoreLoader loader(store);
            EXPECT_TRUE(loader.load(copy, toSql({}), 0));
            return copy;
        }();
        std::vector<std::uint32_t> records = table.byId();
        RecordOrder before(table, {SortColumn::Time});
        double stdMs = timed([&] { std::sort(records.begin(), records.end(), before); });
        records = table.byId();
        double radixMs = timed([&] { ASSERT_TRUE(sortRecords(table, records, {SortColumn::Time})); });
        fmt::print("sort by time: std::sort with comparator {:.1f} ms, radix {:.1f} ms\n", stdMs, radixMs);
    }

    // ---- SQL side: filtering in SQLite (MatchingFlows), ORDER BY in SQLite
    for (std::string_view text : {"status:5xx", "api", "host:*.example.com type:json"}) {
        FlowView matching(store, {Residency::MatchingFlows}, filterOf(text));
        double ms = timed([&] { ASSERT_TRUE(matching.reload()); });
        fmt::print("MatchingFlows reload (SQL WHERE) {:35} {:7.1f} ms -> {} rows\n", fmt::format("'{}'", text), ms,
                   matching.rowCount());
    }
    {
        store::sqlite::Database db = store::schema::openStore(store, store::schema::Purpose::Read);
        for (std::string_view order :
             {"id", "started_at_us, id", "host, id", "status, id", "max(ended_at_us - started_at_us, 0), id"}) {
            std::size_t seen = 0;
            double idsMs = timed([&] {
                store::sqlite::Statement statement = db.prepare(fmt::format("SELECT id FROM flows ORDER BY {}", order));
                while (statement.step()) {
                    ++seen;
                }
            });
            double rowsMs = timed([&] {
                store::sqlite::Statement statement = db.prepare(fmt::format(
                    "SELECT id, kind, started_at_us, ended_at_us, method, scheme, host, path, url, status, "
                    "response_content_type, request_body_size, response_body_size, error_kind FROM flows ORDER BY {}",
                    order));
                while (statement.step()) {
                    ++seen;
                }
            });
            fmt::print("SQL ORDER BY {:42} ids only {:7.1f} ms, with row columns {:7.1f} ms\n", order, idsMs, rowsMs);
        }
    }

    // ---- live append into a big sorted view (new flows land all over the order)
    {
        ASSERT_TRUE(view.setFilter({}));
        ASSERT_TRUE(view.setSort({SortColumn::Time, SortOrder::Descending}));
        for (unsigned round = 0; round < 2; ++round) {
            {
                store::FlowWriter writer(store);
                writeFlows(writer, 1000, 2 + round, GeneratorOptions{true});
            }
            std::optional<AppendResult> appended;
            double ms = timed([&] { appended = view.appendNewerThan(view.maxLoadedId()); });
            ASSERT_TRUE(appended);
            fmt::print("append 1000 new flows into {} rows sorted by time desc: {:.1f} ms{}\n", view.rowCount() - 1000,
                       ms, round == 0 ? " (opens the append connection)" : "");
        }
        ASSERT_TRUE(view.setSort({SortColumn::Id}));
        {
            store::FlowWriter writer(store);
            writeFlows(writer, 1000, 4, GeneratorOptions{true});
        }
        std::optional<AppendResult> appended;
        double ms = timed([&] { appended = view.appendNewerThan(view.maxLoadedId()); });
        ASSERT_TRUE(appended);
        fmt::print("append 1000 new flows sorted by id (all at the end): {:.1f} ms\n", ms);
        const MemoryUsage after = view.memoryUsage();
        fmt::print("memory after the sorts: {:.1f} bytes/row (table {:.1f}, order {:.1f}, kept sort buffers {:.1f})\n",
                   static_cast<double>(after.total()) / view.rowCount(),
                   static_cast<double>(after.tableBytes) / view.rowCount(),
                   static_cast<double>(after.orderBytes) / view.rowCount(),
                   static_cast<double>(after.scratchBytes) / view.rowCount());
    }
}

} // namespace
} // namespace flowscope::view::test
