#include "app/store_upgrade.hpp"

#include "app/background_task.hpp"
#include "store/flow_store.hpp"

#include <QEventLoop>
#include <QProgressDialog>

namespace flowscope::ui {

QString upgradeStoreWithProgress(const std::filesystem::path& storeFile) {
    if (!store::storeNeedsUpgrade(storeFile))
        return {};
    // No cancel button: a migration is one transaction per step, and stopping it half way
    // would only roll back to the old schema and make the next start pay again.
    QProgressDialog progress(QStringLiteral("Upgrading the flow store to this version of Flowscope.\n"
                                            "This happens once; a large store takes a while."),
                             QString(), 0, 0);
    progress.setWindowTitle(QStringLiteral("Flowscope"));
    progress.setWindowModality(Qt::ApplicationModal);
    progress.setMinimumDuration(0);
    progress.show();

    QString error;
    QEventLoop loop;
    runInBackground(
        &progress,
        [storeFile] {
            store::initializeStore(storeFile);
            return QString();
        },
        [&error, &loop](bool ok, const QString& message) {
            if (!ok)
                error = message;
            loop.quit();
        });
    loop.exec();
    return error;
}

} // namespace flowscope::ui
