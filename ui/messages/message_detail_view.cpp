#include "messages/message_detail_view.hpp"

#include "messages/message_text.hpp"
#include "viewers/body_viewer.hpp"
#include "viewers/viewer_text.hpp"

#include <QLabel>
#include <QStringList>
#include <QVBoxLayout>

namespace flowscope::ui {

MessageDetailView::MessageDetailView(QWidget* parent)
    : QWidget(parent), m_info(new QLabel(this)), m_close(new QLabel(this)), m_viewer(new BodyViewer(this)) {
    for (QLabel* label : {m_info, m_close}) {
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
    }
    m_info->setObjectName(QStringLiteral("messageInfo"));
    m_close->setObjectName(QStringLiteral("messageClose"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_info);
    layout->addWidget(m_close);
    layout->addWidget(m_viewer, 1);
    clear();
}

void MessageDetailView::showMessage(const store::WebSocketMessage& message, std::int64_t startedAtUs) {
    QStringList info;
    info << QStringLiteral("#%1 %2 %3")
                .arg(message.seq)
                .arg(directionName(message.direction), messageTypeName(message.opcode));
    info << formatByteSize(message.length);
    if (message.compressed)
        info << QStringLiteral("%1 on the wire (permessage-deflate)").arg(formatByteSize(message.wireLength));
    if (message.frameCount > 1)
        info << QStringLiteral("%1 frames").arg(message.frameCount);
    info << QStringLiteral("%1 (%2)").arg(clockTime(message.timeUs), relativeTime(message.timeUs, startedAtUs));
    if (message.payloadDropped)
        info << QStringLiteral("payload not kept: the store was saturated");
    else if (message.truncated)
        info << QStringLiteral("truncated: %1 of %2 captured")
                    .arg(formatByteSize(message.payload.size()), formatByteSize(message.length));
    QString text = info.join(QStringLiteral(" \u00b7 "));
    if (!message.error.empty())
        text += QStringLiteral("\n\u26a0 ") + QString::fromStdString(message.error);
    m_info->setText(text);

    if (message.opcode == store::kOpcodeClose) {
        m_close->setText(message.closeCode == 0
                             ? QStringLiteral("Close without a status code")
                             : QStringLiteral("Close %1: \u201c%2\u201d")
                                   .arg(closeCodeText(message.closeCode), escapedText(message.closeReason, 1000)));
        m_close->show();
    } else {
        m_close->clear();
        m_close->hide();
    }

    // A message has no Content-Type: the viewer sniffs JSON, XML, images and text from the
    // bytes, and shows the rest (binary, a Close's 2-byte code and reason) as hex.
    const QByteArray payload(message.payload.data(), static_cast<qsizetype>(message.payload.size()));
    m_viewer->setBody(payload, QString(), QString(), message.truncated, message.length);
}

void MessageDetailView::clear() {
    m_info->setText(QStringLiteral("Select a message to see its payload"));
    m_close->clear();
    m_close->hide();
    m_viewer->clear();
}

QString MessageDetailView::infoText() const {
    return m_info->text();
}

QString MessageDetailView::closeText() const {
    return m_close->text();
}

} // namespace flowscope::ui
