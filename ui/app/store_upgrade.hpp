#pragma once
// Upgrading an older flow store before the main window opens, with a progress dialog.

#include <QString>

#include <filesystem>

namespace flowscope::ui {

// Migrates `storeFile` to this version's schema when it is an older Flowscope store,
// showing a modal "Upgrading…" dialog while the work runs on another thread: a store from
// before schema 3 is rewritten once (~9 s for a 1.9 GB store, docs/store-schema.md), and
// a window that does not appear for that long looks hung. Does nothing (and shows
// nothing) for a current, missing or foreign file. Returns the error message when the
// upgrade failed, else an empty string.
QString upgradeStoreWithProgress(const std::filesystem::path& storeFile);

} // namespace flowscope::ui
