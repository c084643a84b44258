#include "app/empty_state.hpp"

#include <QLabel>
#include <QVBoxLayout>

namespace flowscope::ui {

EmptyState::EmptyState(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("emptyStateText"));
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    layout->addStretch(1);
    layout->addWidget(m_label);
    layout->addStretch(2);
}

void EmptyState::setDetails(const QString& address, const QString& caPath, bool caTrusted) {
    if (address.isEmpty()) {
        m_label->setText(QStringLiteral("<h3>No flows yet</h3><p>The proxy is not listening. Choose a port in "
                                        "<b>Capture → Settings…</b> to start it.</p>"));
        return;
    }
    const QString curl = QStringLiteral("curl --proxy http://%1 --cacert %2 https://example.com/")
                             .arg(address, caPath)
                             .toHtmlEscaped();
    QString trust = caTrusted
                        ? QStringLiteral("The Flowscope CA is trusted by this system.")
                        : QStringLiteral("To see HTTPS, trust the CA certificate <code>%1</code> in your system or "
                                         "browser, or pass it to the client as above.")
                              .arg(caPath.toHtmlEscaped());
    m_label->setText(QStringLiteral("<h3>No flows yet</h3>"
                                    "<p>Point an HTTP client or browser at the proxy <b>%1</b>.</p>"
                                    "<p>%2</p>"
                                    "<p>Try it from a terminal:</p>"
                                    "<p><code>%3</code></p>")
                         .arg(address.toHtmlEscaped(), trust, curl));
}

QString EmptyState::text() const {
    return m_label->text(); // rich text; tests look for the address and paths in it
}

} // namespace flowscope::ui
