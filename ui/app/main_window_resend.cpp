// MainWindow: Edit and Resend. The edited request goes through the running proxy like any
// client's, so the engine records the result as a new flow in the list.
#include "app/main_window.hpp"

#include "capture/capture_host.hpp"
#include "flowlist/flow_table_view.hpp"
#include "resend/edit_resend_dialog.hpp"
#include "resend/sender_function.hpp"

#include "ca/certificate_authority.hpp"
#include "client/request_sender.hpp"
#include "store/flow.hpp"

namespace flowscope::ui {

void MainWindow::editAndResend() {
    const std::int64_t id = m_list->currentFlowId();
    if (id == 0) {
        return;
    }
    const std::optional<engine::ListenAddress> address = m_capture.address();
    if (!address) {
        showMessage(QStringLiteral("Start the proxy first: a resent request goes through it to be recorded"));
        return;
    }
    std::optional<store::Flow> flow = loadFlow(id, true);
    if (!flow) {
        return;
    }
    // One sender per proxy port, shared by the dialogs (each keeps the one it was made
    // with, so a port change never pulls a sender from under an open dialog).
    if (!m_sender || m_senderPort != address->port) {
        client::SenderConfig config;
        config.proxyHost = address->host;
        config.proxyPort = address->port;
        config.caPem = m_capture.authority().rootPem();
        m_sender = std::make_shared<client::RequestSender>(std::move(config));
        m_senderPort = address->port;
    }
    auto* dialog = new EditResendDialog(resendWith(m_sender), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFlow(*flow);
    dialog->show();
}

} // namespace flowscope::ui
