#include "viewers/image_preview.hpp"

#include "viewers/viewer_text.hpp"

#include <QBuffer>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace flowscope::ui {
namespace {

class ImageCanvas : public QWidget {
public:
    ImageCanvas(const ImagePreview* preview, QWidget* parent) : QWidget(parent), m_preview(preview) {}

protected:
    void paintEvent(QPaintEvent* event) override {
        Q_UNUSED(event)
        const QImage& image = m_preview->image();
        if (image.isNull())
            return;
        const double scale = m_preview->displayScale();
        const QSizeF size = QSizeF(image.size()) * scale;
        const QRectF target(std::max(0.0, (width() - size.width()) / 2), std::max(0.0, (height() - size.height()) / 2),
                            size.width(), size.height());
        QPainter painter(this);
        // A checkerboard behind the image, so transparent pixels read as transparent.
        constexpr int cell = 8;
        const QColor light = palette().color(QPalette::Base);
        const QColor dark = palette().color(QPalette::AlternateBase).darker(110);
        painter.save();
        painter.setClipRect(target);
        for (int y = static_cast<int>(target.top()); y < target.bottom(); y += cell) {
            for (int x = static_cast<int>(target.left()); x < target.right(); x += cell) {
                const bool odd =
                    ((x - static_cast<int>(target.left())) / cell + (y - static_cast<int>(target.top())) / cell) % 2;
                painter.fillRect(x, y, cell, cell, odd ? dark : light);
            }
        }
        painter.restore();
        painter.setRenderHint(QPainter::SmoothPixmapTransform, scale < 1.0);
        painter.drawImage(target, image);
    }

private:
    const ImagePreview* m_preview;
};

} // namespace

ImagePreview::ImagePreview(QWidget* parent)
    : QWidget(parent), m_info(new QLabel(this)), m_fit(new QToolButton(this)), m_actual(new QToolButton(this)),
      m_scroll(new QScrollArea(this)), m_canvas(new ImageCanvas(this, nullptr)) {
    m_fit->setText(tr("Fit"));
    m_fit->setCheckable(true);
    m_fit->setChecked(true);
    m_actual->setText(tr("100%"));
    m_actual->setCheckable(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_info, 1);
    bar->addWidget(m_fit);
    bar->addWidget(m_actual);
    m_scroll->setWidget(m_canvas);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setWidgetResizable(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_scroll, 1);

    connect(m_fit, &QToolButton::clicked, this, [this] { setZoom(Zoom::Fit); });
    connect(m_actual, &QToolButton::clicked, this, [this] { setZoom(Zoom::Actual); });
    updateInfo();
}

bool ImagePreview::canDecode(const QByteArray& data) {
    QByteArray copy = data; // QBuffer wants a non-const array; this is a shallow copy
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return QImageReader(&buffer).canRead();
}

bool ImagePreview::setImageData(const QByteArray& data) {
    m_image = QImage();
    m_format.clear();
    m_error.clear();
    m_frames = 0;
    m_byteSize = data.size();

    QByteArray copy = data;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    if (!reader.canRead()) {
        m_error = tr("Not an image format this build can decode.");
    } else {
        m_format = QString::fromLatin1(reader.format());
        m_frames = std::max(1, reader.imageCount());
        const QSize claimed = reader.size();
        if (claimed.isValid() && static_cast<qint64>(claimed.width()) * claimed.height() > kMaxPixels) {
            m_error = tr("Image too large to preview (%1 × %2).").arg(claimed.width()).arg(claimed.height());
        } else if (!reader.read(&m_image)) {
            m_error = tr("Cannot decode the image: %1").arg(reader.errorString());
            m_image = QImage();
        }
    }
    updateInfo();
    layoutCanvas();
    return hasImage();
}

void ImagePreview::clear() {
    m_image = QImage();
    m_format.clear();
    m_error.clear();
    m_frames = 0;
    m_byteSize = 0;
    updateInfo();
    layoutCanvas();
}

QString ImagePreview::infoText() const {
    return m_info->text();
}

void ImagePreview::updateInfo() {
    if (!m_error.isEmpty()) {
        m_info->setText(m_error);
        return;
    }
    if (!hasImage()) {
        m_info->clear();
        return;
    }
    QString text = tr("%1 · %2 × %3 · %4")
                       .arg(m_format.toUpper())
                       .arg(m_image.width())
                       .arg(m_image.height())
                       .arg(formatByteSize(static_cast<quint64>(m_byteSize)));
    if (m_frames > 1)
        text += tr(" · %1 frames (first shown)").arg(m_frames);
    if (m_zoom == Zoom::Fit && displayScale() < 1.0)
        text += tr(" · shown at %1%").arg(qRound(displayScale() * 100));
    m_info->setText(text);
}

void ImagePreview::setZoom(Zoom zoom) {
    m_zoom = zoom;
    m_fit->setChecked(zoom == Zoom::Fit);
    m_actual->setChecked(zoom == Zoom::Actual);
    layoutCanvas();
    updateInfo();
}

double ImagePreview::displayScale() const {
    if (m_image.isNull() || m_zoom == Zoom::Actual)
        return 1.0;
    const QSize available = m_scroll->viewport()->size();
    const double sx = static_cast<double>(available.width()) / m_image.width();
    const double sy = static_cast<double>(available.height()) / m_image.height();
    return std::clamp(std::min(sx, sy), 0.01, 1.0); // fit only ever shrinks
}

void ImagePreview::layoutCanvas() {
    // Fit: the canvas follows the viewport and scales the image inside it. 100%: the canvas
    // is the image's size and the scroll area scrolls.
    const bool fit = m_zoom == Zoom::Fit || m_image.isNull();
    m_scroll->setWidgetResizable(fit);
    if (!fit)
        m_canvas->resize(m_image.size());
    m_canvas->update();
}

void ImagePreview::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (m_zoom == Zoom::Fit)
        updateInfo();
}

} // namespace flowscope::ui
