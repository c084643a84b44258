#include "detail/tls_pane.hpp"

#include "detail/flow_text.hpp"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace flowscope::ui {
namespace {

QString orDash(const std::string& text) {
    return text.empty() ? QStringLiteral("\u2014") : toQString(text);
}

} // namespace

TlsPane::TlsPane(QWidget* parent)
    : QWidget(parent), m_details(new QWidget(this)),
      m_notTls(new QLabel(tr("Not TLS: this exchange was plain HTTP."), this)) {
    auto* form = new QFormLayout(m_details);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    const auto section = [&](const QString& title) {
        auto* label = new QLabel(title, m_details);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        form->addRow(label);
    };
    const auto row = [&](const QString& name) {
        auto* value = new QLabel(m_details);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        form->addRow(name, value);
        m_rows << std::pair{name, value};
    };
    section(tr("Client \u2194 Flowscope"));
    row(tr("Server name (SNI)"));
    row(tr("ALPN"));
    row(tr("Client TLS version"));
    section(tr("Flowscope \u2194 Server"));
    row(tr("Upstream TLS version"));
    row(tr("Cipher"));
    row(tr("Certificate subject"));
    row(tr("Certificate issuer"));

    m_notTls->setAlignment(Qt::AlignCenter);
    m_notTls->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_details);
    layout->addWidget(m_notTls, 1);
    layout->addStretch();
    clear();
}

void TlsPane::setFlow(const store::Flow& flow) {
    const bool tls = isTlsFlow(flow);
    m_details->setVisible(tls);
    m_notTls->setVisible(!tls);
    const std::string* values[] = {&flow.tls.sni,
                                   &flow.tls.clientAlpn,
                                   &flow.tls.clientVersion,
                                   &flow.tls.upstreamVersion,
                                   &flow.tls.upstreamCipher,
                                   &flow.tls.upstreamCertSubject,
                                   &flow.tls.upstreamCertIssuer};
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        m_rows[i].second->setText(orDash(*values[i]));
}

void TlsPane::clear() {
    setFlow(store::Flow{});
}

QString TlsPane::value(const QString& label) const {
    for (const auto& [name, value] : m_rows) {
        if (name == label)
            return value->text();
    }
    return {};
}

bool TlsPane::showsNotTls() const {
    return !m_notTls->isHidden();
}

} // namespace flowscope::ui
