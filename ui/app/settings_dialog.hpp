#pragma once
// Capture → Settings: the engine options a user changes (listen address and LAN access,
// hosts never decrypted, hosts whose certificates are not verified, extra trusted CAs,
// body capture and its limit, upstream timeout). The window writes the result to
// config.json and restarts the proxy with it; options not shown here are kept as they were.

#include "engine/proxy_options.hpp"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace flowscope::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const engine::ProxyOptions& current, QWidget* parent = nullptr);

    // The edited options; valid after accept() (invalid input keeps the dialog open).
    engine::ProxyOptions options() const { return m_result; }

    // Reads the fields into options; returns an error message for the first invalid one.
    QString readFields(engine::ProxyOptions& options) const;

    QLineEdit* listenHostField() const { return m_host; }
    QSpinBox* portField() const { return m_port; }
    QCheckBox* lanBox() const { return m_lan; }
    QPlainTextEdit* noDecryptField() const { return m_noDecrypt; }
    QPlainTextEdit* insecureField() const { return m_insecure; }
    QPlainTextEdit* upstreamCaField() const { return m_upstreamCa; }
    QLineEdit* maxBodyField() const { return m_maxBody; }
    QCheckBox* captureBodiesBox() const { return m_captureBodies; }
    QSpinBox* upstreamTimeoutField() const { return m_upstreamTimeout; }

    void accept() override;

private:
    engine::ProxyOptions m_result;
    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QCheckBox* m_lan = nullptr;
    QPlainTextEdit* m_noDecrypt = nullptr;
    QPlainTextEdit* m_insecure = nullptr;
    QPlainTextEdit* m_upstreamCa = nullptr;
    QLineEdit* m_maxBody = nullptr;
    QCheckBox* m_captureBodies = nullptr;
    QSpinBox* m_upstreamTimeout = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace flowscope::ui
