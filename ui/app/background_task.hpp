#pragma once
// Runs slow store work (imports, exports, deletes, session copies) off the GUI thread and
// delivers the outcome back on it. The result arrives only while `context` lives.

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <exception>
#include <functional>
#include <memory>

namespace flowscope::ui {

// `work` returns a one-line summary for the status bar or throws; `done` receives
// (ok, summary-or-error message) on the GUI thread.
inline void runInBackground(QObject* context, std::function<QString()> work,
                            std::function<void(bool ok, const QString& message)> done) {
    QThreadPool::globalInstance()->start([context, work = std::move(work), done = std::move(done)] {
        bool ok = true;
        QString message;
        try {
            message = work();
        } catch (const std::exception& failure) {
            ok = false;
            message = QString::fromUtf8(failure.what());
        }
        QMetaObject::invokeMethod(
            context, [done, ok, message] { done(ok, message); }, Qt::QueuedConnection);
    });
}

} // namespace flowscope::ui
