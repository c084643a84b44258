#pragma once
// Helpers shared by the viewer tests.

#include <QAbstractItemModelTester>
#include <QByteArray>
#include <QMessageLogContext>
#include <QString>
#include <QStringList>
#include <cstring>
#include <memory>

namespace flowscope::ui::test {

// Runs QAbstractItemModelTester in Warning mode and turns what it reports into test
// failures: the tester's QtTest mode needs a QTest context, and Fatal mode would abort
// the whole binary instead of failing one test.
class ModelChecker {
public:
    explicit ModelChecker(QAbstractItemModel* model) {
        problems().clear();
        m_previous = qInstallMessageHandler(&ModelChecker::handler);
        m_tester =
            std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::Warning);
    }
    ~ModelChecker() {
        m_tester.reset();
        qInstallMessageHandler(m_previous);
    }
    ModelChecker(const ModelChecker&) = delete;
    ModelChecker& operator=(const ModelChecker&) = delete;

    static QStringList& problems() {
        static QStringList list;
        return list;
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
        if (type != QtDebugMsg && context.category && std::strcmp(context.category, "qt.modeltest") == 0)
            problems() << message;
    }

    QtMessageHandler m_previous = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

// gzip (RFC 1952) with zlib, for Content-Encoding tests.
QByteArray gzip(const QByteArray& data);

} // namespace flowscope::ui::test
