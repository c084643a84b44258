#include "test_support.hpp"
#include "viewers/body_viewer.hpp"
#include "viewers/hex_view.hpp"
#include "viewers/image_preview.hpp"
#include "viewers/json_tree_view.hpp"
#include "viewers/text_body_view.hpp"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>
#include <QToolButton>
#include <gtest/gtest.h>
#include <iostream>

namespace flowscope::ui {
namespace {

using Mode = BodyViewer::Mode;

const QByteArray kJson = R"({"user": {"name": "Ada", "id": 12345678901234567890}, "tags": ["x", "y"]})";

QByteArray pngBytes() {
    QImage image(32, 16, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    EXPECT_TRUE(image.save(&buffer, "PNG"));
    return bytes;
}

QByteArray binaryBytes() {
    QByteArray bytes;
    for (int i = 0; i < 600; ++i)
        bytes += static_cast<char>((i * 37) & 0xFF); // includes NULs and bytes >= 0x80
    return bytes;
}

// The visible label showing `text`, if any: what the user actually sees.
bool showsLabel(const BodyViewer& viewer, const QString& text) {
    for (const QLabel* label : viewer.findChildren<QLabel*>()) {
        if (label->text() == text && label->isVisibleTo(&viewer))
            return true;
    }
    return false;
}

class BodyViewerTest : public ::testing::Test {
protected:
    BodyViewerTest() { viewer.resize(800, 600); }
    BodyViewer viewer;
};

TEST_F(BodyViewerTest, JsonOpensAsATree) {
    viewer.setBody(kJson, QStringLiteral("application/json; charset=utf-8"), QString(), false,
                   static_cast<quint64>(kJson.size()));
    EXPECT_EQ(viewer.kind(), BodyKind::Json);
    EXPECT_EQ(viewer.currentMode(), Mode::Tree);
    EXPECT_EQ(viewer.availableModes(), (QList<Mode>{Mode::Tree, Mode::Text, Mode::Hex, Mode::Raw}));
    ASSERT_EQ(viewer.treeView()->model()->rowCount(), 1);
    EXPECT_TRUE(viewer.bannerText().isEmpty());
    EXPECT_TRUE(viewer.truncationText().isEmpty());
    // Other viewers are filled only when first shown.
    EXPECT_TRUE(viewer.textView()->text().isEmpty());
    ASSERT_TRUE(viewer.setMode(Mode::Text));
    EXPECT_TRUE(viewer.textView()->isPrettyPrinted());
    EXPECT_TRUE(viewer.textView()->text().contains(QStringLiteral("\"id\": 12345678901234567890")));
    ASSERT_TRUE(viewer.setMode(Mode::Raw));
    EXPECT_EQ(viewer.rawView()->text(), QString::fromUtf8(kJson));
    ASSERT_TRUE(viewer.setMode(Mode::Hex));
    EXPECT_EQ(viewer.hexView()->data(), kJson);
    EXPECT_FALSE(viewer.setMode(Mode::Image));
    EXPECT_EQ(viewer.currentMode(), Mode::Hex);
}

TEST_F(BodyViewerTest, InvalidJsonFallsBackToText) {
    viewer.setBody("{\"a\": [1, 2", QStringLiteral("application/json"), QString(), false, 11);
    EXPECT_EQ(viewer.currentMode(), Mode::Text);
    EXPECT_FALSE(viewer.availableModes().contains(Mode::Tree));
    EXPECT_FALSE(viewer.setMode(Mode::Tree));
    EXPECT_EQ(viewer.textView()->text(), QStringLiteral("{\"a\": [1, 2"));
}

TEST_F(BodyViewerTest, HtmlOpensAsHighlightedText) {
    const QByteArray html = "<!DOCTYPE html><html><body><p class=\"x\">Hi</p></body></html>";
    viewer.setBody(html, QStringLiteral("text/html; charset=utf-8"), QString(), false, 0);
    EXPECT_EQ(viewer.kind(), BodyKind::Html);
    EXPECT_EQ(viewer.currentMode(), Mode::Text);
    EXPECT_EQ(viewer.availableModes(), (QList<Mode>{Mode::Text, Mode::Hex, Mode::Raw}));
    EXPECT_EQ(viewer.textView()->highlighter()->language(), SyntaxLanguage::Html);
    EXPECT_EQ(viewer.textView()->text(), QString::fromUtf8(html));
}

TEST_F(BodyViewerTest, PngOpensAsAnImage) {
    const QByteArray png = pngBytes();
    viewer.setBody(png, QStringLiteral("image/png"), QString(), false, static_cast<quint64>(png.size()));
    EXPECT_EQ(viewer.kind(), BodyKind::Image);
    EXPECT_EQ(viewer.currentMode(), Mode::Image);
    EXPECT_EQ(viewer.availableModes(), (QList<Mode>{Mode::Image, Mode::Hex}));
    EXPECT_TRUE(viewer.imagePreview()->hasImage());
    EXPECT_EQ(viewer.imagePreview()->imageSize(), QSize(32, 16));

    // Without a Content-Type the bytes are sniffed.
    viewer.setBody(png, QString(), QString(), false, 0);
    EXPECT_EQ(viewer.currentMode(), Mode::Image);
}

TEST_F(BodyViewerTest, UndecodableImageOpensAsHex) {
    viewer.setBody("RIFF....WEBP not really", QStringLiteral("image/webp"), QString(), false, 0);
    EXPECT_EQ(viewer.currentMode(), Mode::Hex);
    EXPECT_TRUE(viewer.availableModes().contains(Mode::Image));
}

TEST_F(BodyViewerTest, OctetStreamOpensAsHex) {
    const QByteArray bytes = binaryBytes();
    viewer.setBody(bytes, QStringLiteral("application/octet-stream"), QString(), false, 0);
    EXPECT_EQ(viewer.kind(), BodyKind::Binary);
    EXPECT_EQ(viewer.currentMode(), Mode::Hex);
    EXPECT_EQ(viewer.availableModes(), QList<Mode>{Mode::Hex});
    EXPECT_EQ(viewer.hexView()->data(), bytes);
}

TEST_F(BodyViewerTest, GzipEncodedJsonIsDecoded) {
    const QByteArray compressed = test::gzip(kJson);
    ASSERT_FALSE(compressed.isEmpty());
    viewer.setBody(compressed, QStringLiteral("application/json"), QStringLiteral("gzip"), false,
                   static_cast<quint64>(compressed.size()));
    EXPECT_TRUE(viewer.isDecoded());
    EXPECT_EQ(viewer.body(), kJson);
    EXPECT_TRUE(viewer.bannerText().isEmpty());
    EXPECT_EQ(viewer.currentMode(), Mode::Tree);
    ASSERT_TRUE(viewer.setMode(Mode::Raw));
    EXPECT_EQ(viewer.rawView()->text(), QString::fromUtf8(kJson));
    ASSERT_TRUE(viewer.setMode(Mode::Text));
    EXPECT_TRUE(viewer.textView()->text().contains(QStringLiteral("\"name\": \"Ada\"")));
}

TEST_F(BodyViewerTest, CorruptGzipShowsABannerAndTheRawBytes) {
    QByteArray corrupt = test::gzip(kJson);
    corrupt[12] = static_cast<char>(corrupt[12] ^ 0x55);
    corrupt[13] = static_cast<char>(corrupt[13] ^ 0x55);
    corrupt.truncate(corrupt.size() - 4);
    viewer.show();
    viewer.setBody(corrupt, QStringLiteral("application/json"), QStringLiteral("gzip"), false,
                   static_cast<quint64>(corrupt.size()));
    EXPECT_FALSE(viewer.isDecoded());
    EXPECT_TRUE(viewer.bannerText().contains(QStringLiteral("Could not decode Content-Encoding")));
    EXPECT_TRUE(viewer.bannerText().contains(QStringLiteral("gzip")));
    EXPECT_TRUE(showsLabel(viewer, viewer.bannerText()));
    EXPECT_EQ(viewer.body(), corrupt);
    EXPECT_EQ(viewer.currentMode(), Mode::Hex); // compressed bytes are binary
    EXPECT_EQ(viewer.hexView()->data(), corrupt);

    // The next, good body clears the banner.
    viewer.setBody(kJson, QStringLiteral("application/json"), QString(), false, 0);
    EXPECT_TRUE(viewer.bannerText().isEmpty());
    EXPECT_FALSE(showsLabel(viewer, QStringLiteral("Could not decode")));
}

TEST_F(BodyViewerTest, UnsupportedEncodingIsReported) {
    viewer.setBody("abc", QStringLiteral("text/plain"), QStringLiteral("compress"), false, 3);
    EXPECT_TRUE(viewer.bannerText().contains(QStringLiteral("compress")));
    EXPECT_EQ(viewer.body(), QByteArray("abc"));
    EXPECT_EQ(viewer.currentMode(), Mode::Text);
}

TEST_F(BodyViewerTest, TruncatedBodySaysHowMuchWasCaptured) {
    const QByteArray captured(1024, 'a');
    viewer.show();
    viewer.setBody(captured, QStringLiteral("text/plain"), QString(), true, 4096);
    const QLocale locale;
    const QString expected =
        QStringLiteral("Body truncated: %1 of %2 bytes captured.").arg(locale.toString(1024), locale.toString(4096));
    EXPECT_EQ(viewer.truncationText(), expected);
    EXPECT_TRUE(showsLabel(viewer, expected));
}

TEST_F(BodyViewerTest, TruncatedGzipShowsWhatDecoded) {
    QByteArray big;
    for (int i = 0; i < 20000; ++i)
        big += "line " + QByteArray::number(i) + " of a long text body\n";
    const QByteArray compressed = test::gzip(big);
    const QByteArray cut = compressed.left(compressed.size() / 2);
    viewer.setBody(cut, QStringLiteral("text/plain"), QStringLiteral("gzip"), true,
                   static_cast<quint64>(compressed.size()));
    EXPECT_TRUE(viewer.bannerText().isEmpty()); // expected for a cut capture, not an error
    EXPECT_TRUE(viewer.isDecoded());
    EXPECT_TRUE(big.startsWith(viewer.body()));
    EXPECT_GT(viewer.body().size(), cut.size());
    EXPECT_TRUE(viewer.truncationText().contains(QStringLiteral("incomplete")));
    EXPECT_EQ(viewer.currentMode(), Mode::Text);
}

TEST_F(BodyViewerTest, EmptyBodySaysNoBody) {
    viewer.setBody(QByteArray(), QStringLiteral("application/json"), QString(), false, 0);
    EXPECT_FALSE(viewer.hasBody());
    EXPECT_TRUE(viewer.availableModes().isEmpty());
    auto* stack = viewer.findChild<QStackedWidget*>();
    ASSERT_NE(stack, nullptr);
    auto* page = qobject_cast<QLabel*>(stack->currentWidget());
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(page->text(), QStringLiteral("No body"));
    for (const QToolButton* button : viewer.findChildren<QToolButton*>(Qt::FindDirectChildrenOnly))
        EXPECT_TRUE(button->isHidden());
}

TEST_F(BodyViewerTest, SwitcherButtonsChangeModeAndAreRemembered) {
    viewer.show();
    viewer.setBody(kJson, QStringLiteral("application/json"), QString(), false, 0);
    QToolButton* rawButton = nullptr;
    for (QToolButton* button : viewer.findChildren<QToolButton*>(Qt::FindDirectChildrenOnly)) {
        if (button->text() == BodyViewer::modeName(Mode::Raw))
            rawButton = button;
        if (button->text() == BodyViewer::modeName(Mode::Image)) {
            EXPECT_TRUE(button->isHidden());
        }
    }
    ASSERT_NE(rawButton, nullptr);
    QSignalSpy spy(&viewer, &BodyViewer::modeChanged);
    QTest::mouseClick(rawButton, Qt::LeftButton);
    EXPECT_EQ(viewer.currentMode(), Mode::Raw);
    ASSERT_EQ(spy.count(), 1);
    EXPECT_EQ(spy.at(0).at(0).value<Mode>(), Mode::Raw);

    // The user's pick sticks for the next JSON body, not for other kinds.
    viewer.setBody("[1]", QStringLiteral("application/json"), QString(), false, 0);
    EXPECT_EQ(viewer.currentMode(), Mode::Raw);
    viewer.setBody("<p>x</p>", QStringLiteral("text/html"), QString(), false, 0);
    EXPECT_EQ(viewer.currentMode(), Mode::Text);
}

TEST_F(BodyViewerTest, CharsetAndFormBodies) {
    viewer.setBody("caf\xE9", QStringLiteral("text/plain; charset=iso-8859-1"), QString(), false, 4);
    EXPECT_EQ(viewer.textView()->text(), QString::fromUtf8("café"));

    viewer.setBody("name=Ada+Lovelace&lang=en%2Dgb&empty=&flag", QStringLiteral("application/x-www-form-urlencoded"),
                   QString(), false, 0);
    EXPECT_EQ(viewer.currentMode(), Mode::Text);
    EXPECT_EQ(viewer.textView()->text(), QStringLiteral("name = Ada Lovelace\nlang = en-gb\nempty = \nflag = \n"));
    ASSERT_TRUE(viewer.setMode(Mode::Raw));
    EXPECT_EQ(viewer.rawView()->text(), QStringLiteral("name=Ada+Lovelace&lang=en%2Dgb&empty=&flag"));
}

TEST_F(BodyViewerTest, SvgOffersImageAndText) {
    const QByteArray svg = R"(<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>)";
    viewer.setBody(svg, QStringLiteral("image/svg+xml"), QString(), false, 0);
    EXPECT_EQ(viewer.currentMode(), Mode::Image);
    EXPECT_EQ(viewer.availableModes(), (QList<Mode>{Mode::Image, Mode::Text, Mode::Hex, Mode::Raw}));
    ASSERT_TRUE(viewer.setMode(Mode::Text));
    EXPECT_EQ(viewer.textView()->highlighter()->language(), SyntaxLanguage::Xml);
}

TEST_F(BodyViewerTest, TenMegabyteGzippedJsonOpensQuickly) {
    QByteArray json = "[";
    for (int i = 0; json.size() < 10 * 1024 * 1024; ++i)
        json += (i ? "," : "") + QByteArray("{\"id\": ") + QByteArray::number(i) + ", \"name\": \"user " +
                QByteArray::number(i) + "\", \"active\": true, \"score\": 12.5, \"tags\": [\"a\", \"b\"]}";
    json += "]";
    const QByteArray compressed = test::gzip(json);
    viewer.show();
    QElapsedTimer timer;
    timer.start();
    viewer.setBody(compressed, QStringLiteral("application/json"), QStringLiteral("gzip"), false,
                   static_cast<quint64>(compressed.size()));
    viewer.repaint();
    const qint64 ms = timer.elapsed();
    std::cout << "[timing] BodyViewer: 10 MB JSON (" << compressed.size() / 1024
              << " KB gzipped) decoded, parsed and shown as a tree in " << ms << " ms\n";
    EXPECT_EQ(viewer.currentMode(), Mode::Tree);
    EXPECT_EQ(viewer.body().size(), json.size());
    // The figure is printed, not asserted: speed belongs in benchmarks (noisy machines).
}

} // namespace
} // namespace flowscope::ui
