#include "detail/body_pane.hpp"
#include "test_support.hpp"
#include "viewers/body_viewer.hpp"

#include <QAction>
#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

const QByteArray kJson = R"({"id":7,"name":"Ada"})";

store::BodyCapture capture(const QByteArray& bytes, bool truncated = false, std::uint64_t size = 0) {
    return {bytes.toStdString(), size != 0 ? size : static_cast<std::uint64_t>(bytes.size()), truncated};
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

class BodyPaneTest : public ::testing::Test {
protected:
    BodyPaneTest() {
        pane.resize(600, 400);
        pane.setFileChooser([this](QWidget*, const QString& suggested) {
            suggestions << suggested;
            return answer;
        });
    }
    QTemporaryDir dir;
    BodyPane pane;
    QString answer;
    QStringList suggestions;
};

TEST_F(BodyPaneTest, DecodesForDisplayAndSavesEitherForm) {
    const QByteArray gz = test::gzip(kJson);
    pane.setBody(capture(gz), QStringLiteral("application/json"), QStringLiteral("gzip"),
                 QStringLiteral("https://h.test/users/7"));
    EXPECT_EQ(pane.viewer()->body(), kJson);
    EXPECT_EQ(pane.viewer()->kind(), BodyKind::Json);
    EXPECT_EQ(pane.rawBytes(), gz);
    EXPECT_TRUE(pane.hasDecodedBytes());
    EXPECT_TRUE(pane.saveDecodedAction()->isEnabled());

    answer = dir.filePath(QStringLiteral("raw.gz"));
    pane.saveRawAction()->trigger();
    EXPECT_EQ(readAll(answer), gz);
    EXPECT_EQ(suggestions, QStringList{QStringLiteral("7.json")});
    EXPECT_TRUE(pane.statusText().startsWith(QStringLiteral("Saved"))) << pane.statusText().toStdString();

    answer = dir.filePath(QStringLiteral("decoded.json"));
    EXPECT_TRUE(pane.saveBody(true));
    EXPECT_EQ(readAll(answer), kJson);
}

TEST_F(BodyPaneTest, ADecodeFailureShowsABannerNotACrash) {
    const QByteArray notGzip("this is not gzip at all");
    pane.setBody(capture(notGzip), QStringLiteral("text/plain"), QStringLiteral("gzip"), QString());
    EXPECT_FALSE(pane.viewer()->bannerText().isEmpty());
    EXPECT_TRUE(pane.viewer()->bannerText().contains(QStringLiteral("gzip")));
    EXPECT_EQ(pane.viewer()->body(), notGzip); // the raw bytes are shown
    // Nothing decoded: only the captured bytes can be saved.
    EXPECT_FALSE(pane.hasDecodedBytes());
    EXPECT_FALSE(pane.saveDecodedAction()->isEnabled());
    answer = dir.filePath(QStringLiteral("x"));
    EXPECT_FALSE(pane.saveBody(true));
    EXPECT_TRUE(pane.saveBody(false));
    EXPECT_EQ(readAll(answer), notGzip);
}

TEST_F(BodyPaneTest, CancelledOrFailedSaves) {
    pane.setBody(capture("abc"), QStringLiteral("text/plain"), QString(), QString());
    answer.clear(); // the user cancelled the dialog
    EXPECT_FALSE(pane.saveBody(false));
    EXPECT_TRUE(pane.statusText().isEmpty());
    answer = dir.filePath(QStringLiteral("no/such/dir/file.txt"));
    EXPECT_FALSE(pane.saveBody(false));
    EXPECT_TRUE(pane.statusText().startsWith(QStringLiteral("Cannot write"))) << pane.statusText().toStdString();
}

TEST_F(BodyPaneTest, EmptyBodyOffersNothingToSave) {
    pane.setBody(capture(QByteArray()), QString(), QString(), QString());
    EXPECT_FALSE(pane.viewer()->hasBody());
    EXPECT_FALSE(pane.saveRawAction()->isEnabled());
    EXPECT_FALSE(pane.saveBody(false));
    EXPECT_TRUE(suggestions.isEmpty());
}

TEST_F(BodyPaneTest, TruncatedCaptureIsSaid) {
    pane.setBody(capture("0123456789", true, 4096), QStringLiteral("text/plain"), QString(), QString());
    EXPECT_TRUE(pane.viewer()->truncationText().startsWith(QStringLiteral("Body truncated: 10 of ")))
        << pane.viewer()->truncationText().toStdString();
}

} // namespace
} // namespace flowscope::ui
