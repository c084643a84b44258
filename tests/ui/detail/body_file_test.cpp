#include "detail/body_file.hpp"

#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

TEST(WriteBodyFile, WritesTheExactBytes) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QByteArray bytes("\x00\x01\xff\r\nbinary", 10);
    const QString path = dir.filePath(QStringLiteral("body.bin"));
    EXPECT_TRUE(writeBodyFile(path, bytes).isEmpty());
    EXPECT_EQ(readAll(path), bytes);
    // Overwrites an existing file whole.
    EXPECT_TRUE(writeBodyFile(path, QByteArrayView("x")).isEmpty());
    EXPECT_EQ(readAll(path), QByteArray("x"));
}

TEST(WriteBodyFile, FailureNamesTheFile) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing/sub/body.bin"));
    const QString error = writeBodyFile(path, QByteArrayView("x"));
    EXPECT_TRUE(error.contains(path)) << error.toStdString();
    EXPECT_FALSE(QFile::exists(path));
}

TEST(SuggestedBodyFileName, FromThePathAndTheMediaType) {
    EXPECT_EQ(suggestedBodyFileName(QStringLiteral("https://h.test/img/logo.png?v=2"), QStringLiteral("image/png")),
              QStringLiteral("logo.png"));
    EXPECT_EQ(suggestedBodyFileName(QStringLiteral("https://h.test/api/users"),
                                    QStringLiteral("application/json; charset=utf-8")),
              QStringLiteral("users.json"));
    EXPECT_EQ(suggestedBodyFileName(QStringLiteral("https://h.test/"), QStringLiteral("text/html")),
              QStringLiteral("body.html"));
    EXPECT_EQ(suggestedBodyFileName(QStringLiteral("https://h.test/x"), QStringLiteral("application/vnd.api+json")),
              QStringLiteral("x.json"));
    EXPECT_EQ(suggestedBodyFileName(QString(), QString()), QStringLiteral("body"));
}

TEST(SuggestedBodyFileName, NeverUnsafe) {
    // Decoded path segments may hold characters that are not allowed in file names.
    EXPECT_EQ(suggestedBodyFileName(QStringLiteral("https://h.test/a%3Cb%3E%3F%2A.txt"), QString()),
              QStringLiteral("ab.txt"));
    EXPECT_EQ(suggestedBodyFileName(QStringLiteral("https://h.test/..."), QString()), QStringLiteral("body"));
    EXPECT_EQ(suggestedBodyFileName(QStringLiteral("https://h.test/.env"), QString()), QStringLiteral("env"));
}

} // namespace
} // namespace flowscope::ui
