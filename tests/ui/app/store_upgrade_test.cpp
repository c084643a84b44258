// Starting the app on an older flow store: it is upgraded before the window opens, behind
// a progress dialog that is gone afterwards; current, missing and foreign files are left
// to the normal open (which reports a foreign file).
#include "app/store_upgrade.hpp"

#include "store/flow_store.hpp"
#include "store/flow_writer.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "support/temp_dir.hpp"

#include <QApplication>
#include <QProgressDialog>
#include <QWidget>
#include <gtest/gtest.h>

#include <fstream>

namespace flowscope::ui::test {
namespace {

using store::sqlite::Database;

bool progressDialogVisible() {
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        if (qobject_cast<QProgressDialog*>(widget) != nullptr && widget->isVisible())
            return true;
    }
    return false;
}

TEST(StoreUpgrade, OlderStoreIsUpgradedAndKeepsItsFlows) {
    flowscope::test::TempDir dir;
    const auto file = dir.path() / "flows.sqlite";
    {
        store::FlowWriter writer(file);
        store::Flow flow;
        flow.url = "http://old.example/";
        flow.host = "old.example";
        flow.responseBody.data = "kept";
        flow.responseBody.size = 4;
        writer.publish(flow);
    }
    {
        Database db = Database::open(file, Database::Mode::ReadWrite); // as schema 3 left it
        db.exec("DROP TABLE body_chunks");
        db.exec("PRAGMA user_version = 3");
    }
    ASSERT_TRUE(store::storeNeedsUpgrade(file));

    EXPECT_EQ(upgradeStoreWithProgress(file), QString());
    EXPECT_FALSE(progressDialogVisible());
    EXPECT_FALSE(store::storeNeedsUpgrade(file));
    {
        Database db = Database::open(file, Database::Mode::ReadWrite);
        EXPECT_EQ(db.queryInt64("PRAGMA user_version"), store::schema::latestVersion());
        EXPECT_EQ(db.queryInt64("SELECT count(*) FROM sqlite_master WHERE name = 'body_chunks'"), 1);
    }
    const auto flow = store::FlowReader(file).get(1);
    ASSERT_TRUE(flow.has_value());
    EXPECT_EQ(flow->responseBody.data, "kept");
}

TEST(StoreUpgrade, CurrentMissingAndForeignFilesAreLeftAlone) {
    flowscope::test::TempDir dir;
    const auto missing = dir.path() / "none.sqlite";
    EXPECT_EQ(upgradeStoreWithProgress(missing), QString());
    EXPECT_FALSE(std::filesystem::exists(missing)) << "nothing created";

    const auto current = dir.path() / "flows.sqlite";
    { store::FlowWriter writer(current); }
    EXPECT_EQ(upgradeStoreWithProgress(current), QString());

    const auto foreign = dir.path() / "notes.txt";
    std::ofstream(foreign) << "not a database";
    EXPECT_EQ(upgradeStoreWithProgress(foreign), QString()); // the normal open says what is wrong
    std::ifstream in(foreign);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "not a database") << "never modified";
    EXPECT_FALSE(progressDialogVisible());
}

} // namespace
} // namespace flowscope::ui::test
