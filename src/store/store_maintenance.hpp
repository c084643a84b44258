#pragma once
// Changes to a store other than adding flows: deleting flows the user removed, and
// copying the store to a session file. Each call opens its own connection, so it may run
// on a worker thread while the FlowWriter keeps committing (SQLite serialises writers;
// busy_timeout waits for the writer's current batch).

#include <cstdint>
#include <filesystem>
#include <span>

namespace flowscope::store {

// Deletes these flows with their bodies and WebSocket messages; unknown ids are ignored.
// Returns how many flows were deleted. Throws StoreError.
std::int64_t deleteFlows(const std::filesystem::path& file, std::span<const std::int64_t> ids);
// Deletes every flow with id <= maxId (the desktop's Clear). Flows the engine commits
// later, with larger ids, stay. Returns how many were deleted. Throws StoreError.
std::int64_t deleteFlowsUpTo(const std::filesystem::path& file, std::int64_t maxId);

// Writes a compact, self-contained copy of the store (no WAL beside it) to `destination`,
// replacing it if it exists; a consistent snapshot even while a writer commits. The copy
// is written next to the destination first and renamed, so a failure leaves no half file.
// Throws StoreError.
void copyStore(const std::filesystem::path& file, const std::filesystem::path& destination);

} // namespace flowscope::store
