#include "detail/body_pane.hpp"

#include "detail/body_file.hpp"
#include "detail/flow_text.hpp"
#include "viewers/body_viewer.hpp"
#include "viewers/viewer_text.hpp"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace flowscope::ui {
namespace {

QString chooseWithDialog(QWidget* parent, const QString& suggestedName) {
    // Remembered for the session: several bodies are usually saved to one place.
    static QString lastDirectory = QDir::homePath();
    const QString path =
        QFileDialog::getSaveFileName(parent, BodyPane::tr("Save Body As"), QDir(lastDirectory).filePath(suggestedName));
    if (!path.isEmpty())
        lastDirectory = QFileInfo(path).absolutePath();
    return path;
}

} // namespace

BodyPane::BodyPane(QWidget* parent)
    : QWidget(parent), m_viewer(new BodyViewer(this)), m_saveButton(new QToolButton(this)), m_status(new QLabel(this)),
      m_saveRaw(new QAction(tr("Save Body As Captured\u2026"), this)),
      m_saveDecoded(new QAction(tr("Save Decoded Body\u2026"), this)), m_chooser(chooseWithDialog) {
    auto* menu = new QMenu(this);
    menu->addAction(m_saveRaw);
    menu->addAction(m_saveDecoded);
    m_saveButton->setText(tr("Save Body As\u2026"));
    m_saveButton->setMenu(menu);
    m_saveButton->setPopupMode(QToolButton::InstantPopup);
    m_saveButton->setAutoRaise(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumWidth(0);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_saveButton);
    bar->addWidget(m_status, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_viewer, 1);

    // The same actions on a right click anywhere in the pane outside the viewers' own menus.
    addAction(m_saveRaw);
    addAction(m_saveDecoded);
    setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_saveRaw, &QAction::triggered, this, [this] { saveBody(false); });
    connect(m_saveDecoded, &QAction::triggered, this, [this] { saveBody(true); });
    clear();
}

void BodyPane::setBody(const store::BodyCapture& body, const QString& contentType, const QString& contentEncoding,
                       const QString& url) {
    m_raw = toQByteArray(body.data);
    m_contentType = contentType;
    m_url = url;
    m_viewer->setBody(m_raw, contentType, contentEncoding, body.truncated, body.size);
    m_saveButton->setEnabled(!m_raw.isEmpty());
    m_saveRaw->setEnabled(!m_raw.isEmpty());
    m_saveDecoded->setEnabled(hasDecodedBytes());
    showStatus(QString(), false);
}

void BodyPane::clear() {
    setBody(store::BodyCapture{}, QString(), QString(), QString());
}

bool BodyPane::hasDecodedBytes() const {
    return m_viewer->isDecoded();
}

QString BodyPane::suggestedFileName() const {
    return suggestedBodyFileName(m_url, m_contentType);
}

bool BodyPane::saveBody(bool decoded) {
    if (m_raw.isEmpty() || (decoded && !hasDecodedBytes()))
        return false;
    const QString path = m_chooser ? m_chooser(this, suggestedFileName()) : QString();
    if (path.isEmpty())
        return false;
    const QByteArray& bytes = decoded ? m_viewer->body() : m_raw;
    const QString error = writeBodyFile(path, bytes);
    if (!error.isEmpty()) {
        showStatus(error, true);
        return false;
    }
    showStatus(
        tr("Saved %1 to %2").arg(formatByteSize(static_cast<quint64>(bytes.size())), QDir::toNativeSeparators(path)),
        false);
    return true;
}

QString BodyPane::statusText() const {
    return m_status->text();
}

void BodyPane::showStatus(const QString& text, bool isError) {
    m_status->setText(text);
    QPalette pal = palette();
    if (isError)
        pal.setColor(QPalette::WindowText, QColor(200, 40, 40));
    m_status->setPalette(pal);
}

} // namespace flowscope::ui
