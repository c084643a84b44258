#pragma once
// The Body tab: a BodyViewer (decoding, viewer choice, truncation notes) plus
// "Save Body As..." for the bytes as captured or as decoded.

#include "store/flow.hpp"

#include <QByteArray>
#include <QString>
#include <QWidget>
#include <functional>

class QAction;
class QLabel;
class QToolButton;

namespace flowscope::ui {

class BodyViewer;

class BodyPane : public QWidget {
    Q_OBJECT

public:
    // Returns the chosen path, or empty when the user cancelled. The default shows a
    // QFileDialog; tests install one that answers directly.
    using FileChooser = std::function<QString(QWidget* parent, const QString& suggestedName)>;

    explicit BodyPane(QWidget* parent = nullptr);

    // `url` only suggests a file name.
    void setBody(const store::BodyCapture& body, const QString& contentType, const QString& contentEncoding,
                 const QString& url);
    void clear();

    BodyViewer* viewer() const { return m_viewer; }
    const QByteArray& rawBytes() const { return m_raw; } // as captured, still content-encoded
    bool hasDecodedBytes() const;                        // a Content-Encoding was undone
    QString suggestedFileName() const;

    void setFileChooser(FileChooser chooser) { m_chooser = std::move(chooser); }
    // Asks for a path and writes the raw or decoded bytes there. Returns false when
    // cancelled or failed; statusText() says which.
    bool saveBody(bool decoded);
    QString statusText() const;

    QAction* saveRawAction() const { return m_saveRaw; }
    QAction* saveDecodedAction() const { return m_saveDecoded; }

private:
    void showStatus(const QString& text, bool isError);

    BodyViewer* m_viewer;
    QToolButton* m_saveButton;
    QLabel* m_status;
    QAction* m_saveRaw;
    QAction* m_saveDecoded;
    QByteArray m_raw;
    QString m_contentType;
    QString m_url;
    FileChooser m_chooser;
};

} // namespace flowscope::ui
