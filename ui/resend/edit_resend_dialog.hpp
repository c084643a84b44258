#pragma once
// "Edit and Resend": a captured request opened for editing (method, URL, headers, body) and
// sent again through the proxy, so the new exchange is recorded as a flow of its own. The
// dialog shows progress, then the response status, headers and body, or the error.
//
// The sending is injected (ResendFunction): the app wires client::RequestSender with the
// live proxy address and CA; tests pass a function that records the request.

#include "client/request_spec.hpp"
#include "resend/resend_request.hpp"
#include "store/flow.hpp"

#include <QDialog>
#include <string>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace flowscope::ui {

class BodyPane;
class HeaderEditor;
class HeadersPane;

class EditResendDialog : public QDialog {
    Q_OBJECT

public:
    explicit EditResendDialog(ResendFunction send, QWidget* parent = nullptr);
    ~EditResendDialog() override;

    // Fills the editor with the flow's request (managed headers left out; see resend_request.hpp).
    void setFlow(const store::Flow& flow);
    // The request Send would hand to the sender now (Host and Content-Length recomputed).
    client::RequestSpec currentRequest() const;
    bool isSending() const { return m_sending; }

    QComboBox* methodBox() const { return m_method; }
    QLineEdit* urlEdit() const { return m_url; }
    HeaderEditor* headerEditor() const { return m_headers; }
    QPlainTextEdit* bodyEdit() const { return m_body; }
    QPushButton* sendButton() const { return m_send; }
    QString statusText() const;
    HeadersPane* responseHeaders() const { return m_responseHeaders; }
    BodyPane* responseBody() const { return m_responseBody; }

public Q_SLOTS:
    // Validates, then hands the request to the sender; the answer arrives in showResult().
    void send();

Q_SIGNALS:
    void requestSent(const flowscope::client::RequestSpec& spec);
    void resultShown(const flowscope::client::SendResult& result);

private:
    void showResult(const client::SendResult& result);
    void showStatus(const QString& text, bool isError);
    void setSending(bool sending);

    ResendFunction m_sendFunction;
    std::string m_originalUrl;
    std::string m_binaryBody; // the body when it is not editable text: sent unchanged
    bool m_bodyIsText = true;
    bool m_sending = false;

    QComboBox* m_method;
    QLineEdit* m_url;
    HeaderEditor* m_headers;
    QPlainTextEdit* m_body;
    QLabel* m_bodyNote;
    QPushButton* m_send;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTabWidget* m_response;
    HeadersPane* m_responseHeaders;
    BodyPane* m_responseBody;
};

} // namespace flowscope::ui
