#pragma once
// Image bodies: decoded with whatever image plugins Qt has (PNG, JPEG, GIF, ICO, BMP and
// SVG here; WebP with qt6-image-formats-plugins), shown on a checkerboard so transparency
// is visible, scaled down to fit or at 100%.

#include <QByteArray>
#include <QImage>
#include <QWidget>

class QLabel;
class QScrollArea;
class QToolButton;

namespace flowscope::ui {

class ImagePreview : public QWidget {
    Q_OBJECT

public:
    enum class Zoom { Fit, Actual };

    // Images larger than this many pixels are not decoded (a 1 KB PNG can claim 50000^2).
    static constexpr qint64 kMaxPixels = 64LL * 1024 * 1024;

    explicit ImagePreview(QWidget* parent = nullptr);

    // Decodes `data` (format detected from the content). On failure shows why and returns false.
    bool setImageData(const QByteArray& data);
    void clear();
    // True if some image plugin recognises the bytes; does not decode the pixels.
    static bool canDecode(const QByteArray& data);

    bool hasImage() const { return !m_image.isNull(); }
    const QImage& image() const { return m_image; }
    QSize imageSize() const { return m_image.size(); }
    QString formatName() const { return m_format; } // "png", "jpeg", "svg", ...
    int frameCount() const { return m_frames; }
    QString infoText() const; // "PNG · 64 × 48 · 1.2 KB", or why the image cannot be shown
    QString errorString() const { return m_error; }

    void setZoom(Zoom zoom);
    Zoom zoom() const { return m_zoom; }
    double displayScale() const; // 1.0 at 100%, below 1 when fitted down

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateInfo();
    void layoutCanvas();

    QImage m_image;
    QString m_format;
    QString m_error;
    qsizetype m_byteSize = 0;
    int m_frames = 0;
    Zoom m_zoom = Zoom::Fit;
    QLabel* m_info;
    QToolButton* m_fit;
    QToolButton* m_actual;
    QScrollArea* m_scroll;
    QWidget* m_canvas;
};

} // namespace flowscope::ui
