#include "app/settings_dialog.hpp"

#include "engine/config_file.hpp"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <chrono>

namespace flowscope::ui {
namespace {

QString joinLines(const std::vector<std::string>& items) {
    QStringList lines;
    for (const std::string& item : items) {
        lines << QString::fromStdString(item);
    }
    return lines.join(QLatin1Char('\n'));
}

std::vector<std::string> splitLines(const QString& text) {
    std::vector<std::string> items;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty()) {
            items.push_back(trimmed.toStdString());
        }
    }
    return items;
}

QPlainTextEdit* listField(const QString& text, const QString& placeholder, QWidget* parent) {
    auto* field = new QPlainTextEdit(text, parent);
    field->setPlaceholderText(placeholder);
    field->setMaximumHeight(80);
    return field;
}

bool isLoopback(const std::string& host) {
    return host == "127.0.0.1" || host == "::1" || host == "localhost";
}

} // namespace

SettingsDialog::SettingsDialog(const engine::ProxyOptions& current, QWidget* parent)
    : QDialog(parent), m_result(current) {
    setWindowTitle(QStringLiteral("Settings"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();
    layout->addLayout(form);

    m_host = new QLineEdit(QString::fromStdString(current.listenHost), this);
    m_host->setToolTip(QStringLiteral("127.0.0.1 keeps the proxy to this machine"));
    form->addRow(QStringLiteral("Listen address"), m_host);
    m_port = new QSpinBox(this);
    m_port->setRange(0, 65535);
    m_port->setValue(current.listenPort);
    m_port->setSpecialValueText(QStringLiteral("any free port"));
    form->addRow(QStringLiteral("Port"), m_port);
    m_lan = new QCheckBox(QStringLiteral("Allow devices on my network (listen on all interfaces)"), this);
    m_lan->setChecked(current.listenHost == "0.0.0.0" || current.listenHost == "::");
    connect(m_lan, &QCheckBox::toggled, this, [this](bool lan) {
        m_host->setText(lan ? QStringLiteral("0.0.0.0") : QStringLiteral("127.0.0.1"));
    });
    form->addRow(QString(), m_lan);

    m_noDecrypt = listField(joinLines(current.noDecryptHosts),
                            QStringLiteral("one host per line, * globs: *.apple.com"), this);
    form->addRow(QStringLiteral("Never decrypt"), m_noDecrypt);
    m_insecure = listField(joinLines(current.insecureHosts),
                           QStringLiteral("hosts whose certificates are not verified (self-signed test servers)"), this);
    form->addRow(QStringLiteral("Skip verification"), m_insecure);
    std::vector<std::string> caFiles;
    for (const auto& file : current.upstreamCaFiles) {
        caFiles.push_back(file.string());
    }
    m_upstreamCa = listField(joinLines(caFiles), QStringLiteral("PEM files trusted besides the system store"), this);
    form->addRow(QStringLiteral("Extra trusted CAs"), m_upstreamCa);

    m_captureBodies = new QCheckBox(QStringLiteral("Capture request and response bodies"), this);
    m_captureBodies->setChecked(current.captureBodies);
    form->addRow(QString(), m_captureBodies);
    m_maxBody = new QLineEdit(QStringLiteral("%1").arg(current.maxBodySize), this);
    m_maxBody->setToolTip(QStringLiteral("Bytes kept per body; the rest is counted. 16MiB, 512k, 1000000"));
    form->addRow(QStringLiteral("Body capture limit"), m_maxBody);
    m_upstreamTimeout = new QSpinBox(this);
    m_upstreamTimeout->setRange(1, 3600);
    m_upstreamTimeout->setSuffix(QStringLiteral(" s"));
    m_upstreamTimeout->setValue(static_cast<int>(
        std::chrono::duration_cast<std::chrono::seconds>(current.upstreamTimeout).count()));
    form->addRow(QStringLiteral("Upstream timeout"), m_upstreamTimeout);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(buttons);
}

QString SettingsDialog::readFields(engine::ProxyOptions& options) const {
    const std::string host = m_host->text().trimmed().toStdString();
    try {
        // The same parser as config.json and --listen: brackets for IPv6.
        const std::string address = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        engine::parseListenAddress(address + ":" + std::to_string(m_port->value()), options);
        options.maxBodySize = engine::parseByteSize(m_maxBody->text().trimmed().toStdString());
    } catch (const std::exception& failure) {
        return QString::fromUtf8(failure.what());
    }
    options.noDecryptHosts = splitLines(m_noDecrypt->toPlainText());
    options.insecureHosts = splitLines(m_insecure->toPlainText());
    options.upstreamCaFiles.clear();
    for (const std::string& file : splitLines(m_upstreamCa->toPlainText())) {
        options.upstreamCaFiles.emplace_back(file);
    }
    options.captureBodies = m_captureBodies->isChecked();
    options.upstreamTimeout = std::chrono::seconds(m_upstreamTimeout->value());
    return {};
}

void SettingsDialog::accept() {
    engine::ProxyOptions options = m_result;
    const QString error = readFields(options);
    if (!error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    if (!isLoopback(options.listenHost) && !m_lan->isChecked()) {
        m_error->setText(QStringLiteral("Listening on %1 lets other machines use this proxy: tick \"Allow devices "
                                        "on my network\" to confirm.")
                             .arg(QString::fromStdString(options.listenHost)));
        m_error->show();
        return;
    }
    m_result = std::move(options);
    QDialog::accept();
}

} // namespace flowscope::ui
