#pragma once
// Opening a flow store file and reading it. Writing goes through FlowWriter.

#include "store/flow.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace flowscope::store {

// A readable, one-line reason: "cannot open /x/flows.sqlite: file is not a database".
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Creates the file if missing and applies pending migrations; throws StoreError for a
// file that is not SQLite, a Flowscope store from a newer version, or unreadable.
void initializeStore(const std::filesystem::path& file);

// True when `file` is a Flowscope store of an older schema, so that opening it will first
// migrate it (which can take seconds for a large store: docs/store-schema.md). False for a
// missing file, a current store, or anything that is not one of ours (opening it reports
// why). Never modifies the file.
bool storeNeedsUpgrade(const std::filesystem::path& file);

enum class FlowSortKey { Id, StartedAt, Host, Status, Duration, ResponseSize };

struct FlowQuery {
    std::string hostGlob;           // SQLite GLOB on host, empty = any ("*.example.com")
    std::optional<int> statusMin;   // inclusive
    std::optional<int> statusMax;   // inclusive
    std::optional<FlowKind> kind;
    bool errorsOnly = false;
    std::string urlContains;        // case-insensitive substring of url
    FlowSortKey sortKey = FlowSortKey::Id;
    bool descending = false;
    std::int64_t limit = 100;       // <= 0 means no limit
    std::int64_t offset = 0;
};

// The small, typed row a list shows; bodies and headers stay in the store.
struct FlowSummary {
    std::int64_t id = 0;
    FlowKind kind = FlowKind::Http;
    std::int64_t startedAtUs = 0;
    std::int64_t durationUs = 0;
    std::string method;
    std::string scheme;
    std::string host;
    std::uint16_t port = 0;
    std::string path;
    std::string url;
    int status = 0;
    std::string responseContentType;
    std::uint64_t requestBodySize = 0;
    std::uint64_t responseBodySize = 0;
    std::uint64_t bytesFromClient = 0;
    std::uint64_t bytesToClient = 0;
    std::string errorKind;
};

// Read access on its own SQLite connection (WAL readers never block the writer).
//
// Thread safety: one FlowReader per thread; open as many as needed.
class FlowReader {
public:
    // Throws StoreError when the file is missing, not SQLite, or not a Flowscope store.
    explicit FlowReader(const std::filesystem::path& file);
    ~FlowReader();
    FlowReader(FlowReader&&) noexcept;
    FlowReader& operator=(FlowReader&&) noexcept;

    std::vector<FlowSummary> list(const FlowQuery& query) const;
    std::int64_t count(const FlowQuery& query) const; // limit/offset ignored
    std::int64_t count() const;
    std::int64_t maxId() const; // 0 when empty
    // The flow's row (with its WebSocket counts and close status) and, when asked, its
    // bodies. Flow::messages stays empty: a connection may hold millions; page them with
    // messages().
    std::optional<Flow> get(std::int64_t id, bool withBodies = true) const;

    // WebSocket messages of flow `id` with seq > `afterSeq`, in seq order, at most `limit`
    // (<= 0: all). Page on by passing the last seq returned. `payloadLimit` >= 0 cuts each
    // payload to that many bytes (a list's preview); the other fields describe the whole
    // message either way.
    std::vector<WebSocketMessage> messages(std::int64_t id, std::int64_t afterSeq = -1, std::int64_t limit = 1000,
                                           std::int64_t payloadLimit = -1) const;
    std::int64_t messageCount(std::int64_t id) const; // messages stored for the flow

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::store
