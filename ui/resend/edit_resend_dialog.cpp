#include "resend/edit_resend_dialog.hpp"

#include "client/request_headers.hpp"
#include "detail/body_pane.hpp"
#include "detail/flow_text.hpp"
#include "detail/headers_pane.hpp"
#include "resend/header_editor.hpp"
#include "viewers/viewer_text.hpp"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace flowscope::ui {
namespace {

const char* const kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

} // namespace

EditResendDialog::EditResendDialog(ResendFunction send, QWidget* parent)
    : QDialog(parent), m_sendFunction(std::move(send)), m_method(new QComboBox(this)), m_url(new QLineEdit(this)),
      m_headers(new HeaderEditor(this)), m_body(new QPlainTextEdit(this)), m_bodyNote(new QLabel(this)),
      m_send(new QPushButton(tr("Send"), this)), m_progress(new QProgressBar(this)), m_status(new QLabel(this)),
      m_response(new QTabWidget(this)), m_responseHeaders(new HeadersPane(this)), m_responseBody(new BodyPane(this)) {
    setWindowTitle(tr("Edit and Resend"));
    m_method->setEditable(true); // any token: PURGE, PROPFIND...
    for (const char* method : kMethods)
        m_method->addItem(QLatin1String(method));
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_url->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_bodyNote->setWordWrap(true);
    m_bodyNote->hide();
    m_send->setDefault(true);
    m_progress->setRange(0, 0); // busy: the duration is unknown
    m_progress->setMaximumWidth(120);
    m_progress->hide();
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_url, 1);
    line->addWidget(m_send);

    auto* requestTabs = new QTabWidget(this);
    requestTabs->addTab(m_headers, tr("Headers"));
    auto* bodyPage = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(bodyPage);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_bodyNote);
    bodyLayout->addWidget(m_body, 1);
    requestTabs->addTab(bodyPage, tr("Body"));
    auto* managed = new QLabel(tr("Host, Content-Length and hop-by-hop fields (Connection, Keep-Alive, "
                                  "Transfer-Encoding\u2026) are set when sending."),
                               this);
    managed->setWordWrap(true);
    managed->setEnabled(false);

    m_response->addTab(m_responseHeaders, tr("Headers"));
    m_response->addTab(m_responseBody, tr("Body"));
    m_response->setEnabled(false);

    auto* request = new QWidget(this);
    auto* requestLayout = new QVBoxLayout(request);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    requestLayout->addLayout(line);
    requestLayout->addWidget(requestTabs, 1);
    requestLayout->addWidget(managed);
    auto* response = new QWidget(this);
    auto* responseLayout = new QVBoxLayout(response);
    responseLayout->setContentsMargins(0, 0, 0, 0);
    auto* statusLine = new QHBoxLayout;
    statusLine->addWidget(m_progress);
    statusLine->addWidget(m_status, 1);
    responseLayout->addLayout(statusLine);
    responseLayout->addWidget(m_response, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(request);
    splitter->addWidget(response);
    splitter->setChildrenCollapsible(false);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(820, 640);

    connect(m_send, &QPushButton::clicked, this, &EditResendDialog::send);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

EditResendDialog::~EditResendDialog() = default;

void EditResendDialog::setFlow(const store::Flow& flow) {
    const EditableRequest editable = editableRequest(flow);
    m_originalUrl = editable.spec.url;
    m_method->setCurrentText(QString::fromStdString(editable.spec.method));
    m_url->setText(QString::fromStdString(editable.spec.url));
    m_headers->setHeaders(editable.spec.headers);
    m_bodyIsText = editable.bodyIsText;
    m_binaryBody = m_bodyIsText ? std::string() : editable.spec.body;
    m_body->setPlainText(m_bodyIsText ? QString::fromStdString(editable.spec.body)
                                      : tr("(%1 of binary data, sent unchanged)")
                                            .arg(formatByteSize(static_cast<quint64>(editable.spec.body.size()))));
    m_body->setReadOnly(!m_bodyIsText);
    m_bodyNote->setText(editable.bodyNote);
    m_bodyNote->setVisible(!editable.bodyNote.isEmpty());
    showStatus(QString(), false);
}

client::RequestSpec EditResendDialog::currentRequest() const {
    client::RequestSpec spec;
    spec.method = m_method->currentText().trimmed().toStdString();
    spec.url = m_url->text().trimmed().toStdString();
    spec.headers = m_headers->headers();
    spec.body = m_bodyIsText ? m_body->toPlainText().toStdString() : m_binaryBody;
    return finalRequest(std::move(spec), m_originalUrl);
}

void EditResendDialog::send() {
    if (m_sending)
        return;
    const client::RequestSpec spec = currentRequest();
    if (const std::string problem = client::validateRequest(spec); !problem.empty()) {
        showStatus(QString::fromStdString(problem), true);
        return;
    }
    setSending(true);
    showStatus(tr("Sending\u2026"), false);
    Q_EMIT requestSent(spec);
    // The answer may come on the sender's thread, after this dialog is gone: it is posted to
    // the application object (which outlives both) and delivered only if the dialog lives.
    // QPointer copies are thread-safe (atomic reference counts); it is read on this thread.
    QPointer<EditResendDialog> self(this);
    m_sendFunction(spec, [self](client::SendResult result) {
        QCoreApplication* app = QCoreApplication::instance();
        if (app == nullptr)
            return;
        QMetaObject::invokeMethod(
            app,
            [self, result = std::move(result)] {
                if (self)
                    self->showResult(result);
            },
            Qt::QueuedConnection);
    });
}

void EditResendDialog::showResult(const client::SendResult& result) {
    setSending(false);
    m_response->setEnabled(result.ok());
    if (!result.ok()) {
        showStatus(tr("Failed: %1").arg(QString::fromStdString(result.error)), true);
        m_responseHeaders->clear();
        m_responseBody->clear();
        Q_EMIT resultShown(result);
        return;
    }
    const QString statusLine = QStringLiteral("HTTP/1.1 %1 %2").arg(result.status).arg(toQString(result.reason));
    m_responseHeaders->setHead(statusLine, result.headers);
    store::BodyCapture body{result.body, result.bodySize, result.bodyTruncated};
    m_responseBody->setBody(body, headerValue(result.headers, "Content-Type"),
                            headerValue(result.headers, "Content-Encoding"), m_url->text());
    showStatus(tr("%1 %2 \u00b7 %3 \u00b7 %4 ms \u2014 recorded as a new flow")
                   .arg(result.status)
                   .arg(toQString(result.reason), formatByteSize(result.bodySize))
                   .arg(result.elapsed.count()),
               false);
    Q_EMIT resultShown(result);
}

void EditResendDialog::setSending(bool sending) {
    m_sending = sending;
    m_send->setEnabled(!sending);
    m_progress->setVisible(sending);
}

QString EditResendDialog::statusText() const {
    return m_status->text();
}

void EditResendDialog::showStatus(const QString& text, bool isError) {
    m_status->setText(text);
    QPalette pal = palette();
    if (isError)
        pal.setColor(QPalette::WindowText, QColor(200, 40, 40));
    m_status->setPalette(pal);
}

} // namespace flowscope::ui
