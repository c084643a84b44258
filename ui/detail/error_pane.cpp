#include "detail/error_pane.hpp"

#include "detail/flow_text.hpp"

#include <QCoreApplication>
#include <QLabel>
#include <QVBoxLayout>

namespace flowscope::ui {
namespace {

struct KindText {
    const char* kind;
    const char* title;
    const char* hint;
};

// Kinds from engine/flow_errors.hpp; the UI keeps its own words so the engine stays Qt-free.
constexpr KindText kKinds[] = {
    {"bad_request", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Invalid request"),
     QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "The client sent HTTP the proxy refuses to forward.")},
    {"client_timeout", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Client too slow"),
     QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "The client did not finish its request head in time.")},
    {"dns_failure", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Host not found"), ""},
    {"connect_refused", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Connection refused"),
     QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Nothing listens on that port of the server.")},
    {"connect_failed", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Connection failed"), ""},
    {"connect_timeout", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Connection timed out"), ""},
    {"upstream_cert_expired", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Server certificate expired"), ""},
    {"upstream_cert_hostname_mismatch",
     QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Server certificate does not match the host"), ""},
    {"upstream_cert_self_signed", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Server certificate is self-signed"),
     QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane",
                       "Trust its CA with an upstream CA file, or allow the host as insecure.")},
    {"upstream_cert_untrusted", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Server certificate not trusted"),
     QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane",
                       "Trust its CA with an upstream CA file, or allow the host as insecure.")},
    {"upstream_cert_invalid", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Server certificate invalid"), ""},
    {"upstream_tls_failed", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "TLS handshake with the server failed"), ""},
    {"upstream_timeout", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Server did not answer in time"), ""},
    {"upstream_reset", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Server closed the connection"), ""},
    {"upstream_bad_response", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Invalid response from the server"), ""},
    {"client_tls_rejected", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Client rejected the Flowscope certificate"),
     QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane",
                       "Install and trust the Flowscope root CA on the client, or the app pins its certificates "
                       "(add the host to the no-decrypt list).")},
    {"client_tls_failed", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "TLS handshake with the client failed"), ""},
    {"client_aborted", QT_TRANSLATE_NOOP("flowscope::ui::ErrorPane", "Client left mid-exchange"), ""},
};

const KindText* find(const QString& kind) {
    for (const KindText& entry : kKinds) {
        if (kind == QLatin1String(entry.kind))
            return &entry;
    }
    return nullptr;
}

QString translate(const char* text) {
    return QCoreApplication::translate("flowscope::ui::ErrorPane", text);
}

} // namespace

QString errorKindTitle(const QString& kind) {
    const KindText* entry = find(kind);
    return entry != nullptr ? translate(entry->title) : kind;
}

QString errorKindHint(const QString& kind) {
    const KindText* entry = find(kind);
    return entry != nullptr && *entry->hint != '\0' ? translate(entry->hint) : QString();
}

ErrorPane::ErrorPane(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_kind(new QLabel(this)), m_message(new QLabel(this)),
      m_hint(new QLabel(this)) {
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    for (QLabel* label : {m_title, m_kind, m_message, m_hint}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_kind->setEnabled(false); // the stable kind, greyed: for filters ("error:connect_refused")
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_kind);
    layout->addWidget(m_message);
    layout->addWidget(m_hint);
    layout->addStretch();
    clear();
}

void ErrorPane::setFlow(const store::Flow& flow) {
    const QString kind = toQString(flow.errorKind);
    m_title->setText(kind.isEmpty() ? tr("No error") : errorKindTitle(kind));
    m_kind->setText(kind);
    m_message->setText(toQString(flow.errorMessage));
    m_hint->setText(errorKindHint(kind));
    m_hint->setVisible(!m_hint->text().isEmpty());
}

void ErrorPane::clear() {
    setFlow(store::Flow{});
}

QString ErrorPane::titleText() const {
    return m_title->text();
}

QString ErrorPane::messageText() const {
    return m_message->text();
}

} // namespace flowscope::ui
