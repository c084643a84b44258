#include "viewers/image_preview.hpp"

#include <QBuffer>
#include <QImageWriter>
#include <QPainter>
#include <QtEndian>
#include <gtest/gtest.h>
#include <zlib.h>

namespace flowscope::ui {
namespace {

QByteArray encode(const char* format, QSize size = QSize(64, 48)) {
    QImage image(size, QImage::Format_ARGB32);
    image.fill(QColor(200, 30, 30, 128));
    QPainter(&image).fillRect(QRect(QPoint(0, 0), size / 2), Qt::blue);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    EXPECT_TRUE(image.save(&buffer, format)) << format;
    return bytes;
}

QByteArray pngChunk(const char* type, const QByteArray& data) {
    const QByteArray typed = QByteArray(type) + data;
    char field[4];
    QByteArray chunk;
    qToBigEndian<quint32>(static_cast<quint32>(data.size()), field);
    chunk.append(field, 4);
    chunk += typed;
    qToBigEndian<quint32>(static_cast<quint32>(crc32(0, reinterpret_cast<const Bytef*>(typed.constData()),
                                                     static_cast<uInt>(typed.size()))),
                          field);
    chunk.append(field, 4);
    return chunk;
}

// A PNG whose header claims `width` x `height` but holds a few bytes of pixel data.
QByteArray pngClaiming(quint32 width, quint32 height) {
    char fields[13] = {};
    qToBigEndian(width, fields);
    qToBigEndian(height, fields + 4);
    fields[8] = 8; // bit depth
    fields[9] = 6; // RGBA
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png += pngChunk("IHDR", QByteArray(fields, sizeof fields));
    png += pngChunk("IDAT", QByteArray("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9));
    png += pngChunk("IEND", QByteArray());
    return png;
}

TEST(ImagePreview, ShowsPngWithDimensionsAndFormat) {
    ImagePreview preview;
    ASSERT_TRUE(preview.setImageData(encode("PNG")));
    EXPECT_TRUE(preview.hasImage());
    EXPECT_EQ(preview.imageSize(), QSize(64, 48));
    EXPECT_EQ(preview.formatName(), QStringLiteral("png"));
    EXPECT_TRUE(preview.infoText().startsWith(QString::fromUtf8("PNG · 64 × 48 · ")))
        << preview.infoText().toStdString();
    EXPECT_TRUE(preview.errorString().isEmpty());
}

TEST(ImagePreview, OtherFormatsThePluginsProvide) {
    ImagePreview preview;
    ASSERT_TRUE(preview.setImageData(encode("JPEG")));
    EXPECT_EQ(preview.formatName(), QStringLiteral("jpeg"));
    ASSERT_TRUE(preview.setImageData(encode("BMP")));
    EXPECT_EQ(preview.formatName(), QStringLiteral("bmp"));
    if (QImageWriter::supportedImageFormats().contains("ico")) {
        ASSERT_TRUE(preview.setImageData(encode("ICO", QSize(32, 32))));
        EXPECT_EQ(preview.imageSize(), QSize(32, 32));
    }
    const QByteArray svg = R"(<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">)"
                           R"(<rect width="20" height="10" fill="red"/></svg>)";
    EXPECT_TRUE(ImagePreview::canDecode(svg));
    ASSERT_TRUE(preview.setImageData(svg));
    EXPECT_EQ(preview.imageSize(), QSize(20, 10));
}

TEST(ImagePreview, UndecodableBytesSayWhy) {
    ImagePreview preview;
    EXPECT_FALSE(ImagePreview::canDecode("definitely not an image"));
    EXPECT_FALSE(preview.setImageData("definitely not an image"));
    EXPECT_FALSE(preview.hasImage());
    EXPECT_FALSE(preview.errorString().isEmpty());
    EXPECT_EQ(preview.infoText(), preview.errorString());

    QByteArray broken = encode("PNG");
    broken.truncate(60); // header intact, pixel data cut off
    EXPECT_FALSE(preview.setImageData(broken));
    EXPECT_FALSE(preview.errorString().isEmpty());
}

TEST(ImagePreview, RefusesDecompressionBombs) {
    ImagePreview preview;
    EXPECT_FALSE(preview.setImageData(pngClaiming(50000, 50000)));
    EXPECT_TRUE(preview.errorString().contains(QStringLiteral("too large"))) << preview.errorString().toStdString();
}

TEST(ImagePreview, FitsLargeImagesAndShowsThemAtActualSize) {
    ImagePreview preview;
    preview.resize(300, 200);
    preview.show();
    ASSERT_TRUE(preview.setImageData(encode("PNG", QSize(1200, 800))));
    EXPECT_EQ(preview.zoom(), ImagePreview::Zoom::Fit);
    EXPECT_LT(preview.displayScale(), 0.5);
    EXPECT_TRUE(preview.infoText().contains(QStringLiteral("shown at")));
    preview.setZoom(ImagePreview::Zoom::Actual);
    EXPECT_DOUBLE_EQ(preview.displayScale(), 1.0);
    preview.grab(); // paints without trouble in both modes
    preview.setZoom(ImagePreview::Zoom::Fit);
    preview.grab();

    ASSERT_TRUE(preview.setImageData(encode("PNG", QSize(10, 10))));
    EXPECT_DOUBLE_EQ(preview.displayScale(), 1.0); // fit never enlarges
    preview.clear();
    EXPECT_FALSE(preview.hasImage());
}

} // namespace
} // namespace flowscope::ui
