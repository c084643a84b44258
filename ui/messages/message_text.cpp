#include "messages/message_text.hpp"

#include <QDateTime>
#include <QStringList>
#include <algorithm>
#include <utility>

namespace flowscope::ui {
namespace {

constexpr int kHexPreviewBytes = 64; // 64 bytes make ~190 characters, the text preview's width

QString fromStd(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// The bytes without a multi-byte sequence cut off at the end: previews come from a payload
// prefix the store cut at a byte count, and a half character would show as U+FFFD.
std::string_view withoutPartialTail(std::string_view utf8) {
    const std::size_t size = utf8.size();
    for (std::size_t back = 1; back <= std::min<std::size_t>(3, size); ++back) {
        const auto byte = static_cast<unsigned char>(utf8[size - back]);
        if ((byte & 0xC0) == 0x80)
            continue; // continuation byte: keep looking for the lead byte
        const std::size_t needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
        return needed > back ? utf8.substr(0, size - back) : utf8;
    }
    return utf8;
}

// Ping/pong payloads are often short ASCII tokens; anything else reads better as hex.
bool looksPrintable(std::string_view bytes) {
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r')
            return false;
    }
    return !fromStd(withoutPartialTail(bytes)).contains(QChar::ReplacementCharacter);
}

} // namespace

QString directionArrow(store::MessageDirection direction) {
    return direction == store::MessageDirection::ClientToServer ? QStringLiteral("\u2191") : QStringLiteral("\u2193");
}

QString directionName(store::MessageDirection direction) {
    return direction == store::MessageDirection::ClientToServer ? QStringLiteral("sent (client \u2192 server)")
                                                                : QStringLiteral("received (server \u2192 client)");
}

QString messageTypeName(int opcode) {
    return QString::fromStdString(store::opcodeName(opcode));
}

bool isControlOpcode(int opcode) {
    return opcode >= 0x8 && opcode <= 0xF;
}

QString clockTime(std::int64_t timeUs) {
    return QDateTime::fromMSecsSinceEpoch(timeUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString relativeTime(std::int64_t timeUs, std::int64_t startUs) {
    const double seconds = static_cast<double>(timeUs - startUs) / 1e6;
    return QStringLiteral("%1%2 s").arg(seconds < 0 ? QString() : QStringLiteral("+")).arg(seconds, 0, 'f', 3);
}

QString escapedText(std::string_view utf8, int maxChars) {
    const QString text = fromStd(withoutPartialTail(utf8));
    QString out;
    out.reserve(qMin(text.size(), static_cast<qsizetype>(maxChars)) + 8);
    for (const QChar c : text) {
        if (out.size() >= maxChars) {
            out += QChar(0x2026);
            return out;
        }
        switch (c.unicode()) {
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7F)
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out;
}

QString hexPreview(std::string_view bytes, int maxBytes) {
    const auto shown = std::min(bytes.size(), static_cast<std::size_t>(maxBytes));
    QString out = QString::fromLatin1(QByteArray(bytes.data(), static_cast<qsizetype>(shown)).toHex(' '));
    if (shown < bytes.size())
        out += QChar(0x2026);
    return out;
}

QString closeCodeText(int code) {
    // RFC 6455 §7.4.1; 1005 and 1006 never travel in a frame but a broken peer may send them.
    static constexpr std::pair<int, const char*> kNames[] = {
        {1000, "normal closure"},       {1001, "going away"},       {1002, "protocol error"},
        {1003, "unsupported data"},     {1005, "no status"},        {1006, "abnormal closure"},
        {1007, "invalid payload data"}, {1008, "policy violation"}, {1009, "message too big"},
        {1010, "mandatory extension"},  {1011, "internal error"},   {1015, "TLS handshake"},
    };
    for (const auto& [known, name] : kNames) {
        if (known == code)
            return QStringLiteral("%1 (%2)").arg(code).arg(QLatin1StringView(name));
    }
    return QString::number(code);
}

QString messagePreview(const store::WebSocketMessage& message) {
    if (message.payloadDropped)
        return QStringLiteral("(payload not kept: the store was saturated)");
    const bool cut = message.payload.size() < message.length;
    QString preview;
    switch (message.opcode) {
    case store::kOpcodeText:
        preview = escapedText(message.payload, kPreviewChars);
        break;
    case store::kOpcodeClose:
        if (message.closeCode == 0)
            return QStringLiteral("(no status code)");
        preview = closeCodeText(message.closeCode);
        if (!message.closeReason.empty())
            preview += QLatin1Char(' ') + escapedText(message.closeReason, kPreviewChars);
        return preview;
    case store::kOpcodePing:
    case store::kOpcodePong:
        preview = looksPrintable(message.payload) ? escapedText(message.payload, kPreviewChars)
                                                  : hexPreview(message.payload, kHexPreviewBytes);
        break;
    default:
        preview = hexPreview(message.payload, kHexPreviewBytes);
        break;
    }
    if (cut && !preview.endsWith(QChar(0x2026)) && !message.payload.empty())
        preview += QChar(0x2026);
    return preview;
}

QString connectionStateText(const store::Flow& flow, std::uint64_t sentSoFar, std::uint64_t receivedSoFar) {
    const store::WebSocketSummary& ws = flow.webSocket;
    const bool open = flow.endedAtUs == 0;
    const std::uint64_t sent = open ? std::max(ws.messagesFromClient, sentSoFar) : ws.messagesFromClient;
    const std::uint64_t received = open ? std::max(ws.messagesFromServer, receivedSoFar) : ws.messagesFromServer;

    QStringList parts;
    if (open) {
        parts << QStringLiteral("Open");
    } else if (ws.closedBy == store::CloseInitiator::None) {
        parts << (flow.errorKind.empty()
                      ? QStringLiteral("Ended without a Close frame")
                      : QStringLiteral("Ended without a Close frame (%1)").arg(fromStd(flow.errorKind)));
    } else {
        QString closed = QStringLiteral("Closed by the %1")
                             .arg(ws.closedBy == store::CloseInitiator::Client ? QStringLiteral("client")
                                                                               : QStringLiteral("server"));
        if (ws.closeCode != 0)
            closed += QStringLiteral(": ") + closeCodeText(ws.closeCode);
        if (!ws.closeReason.empty())
            closed += QStringLiteral(" \u201c%1\u201d").arg(escapedText(ws.closeReason, kPreviewChars));
        parts << closed;
    }
    parts << QStringLiteral("%1 sent").arg(sent) << QStringLiteral("%1 received").arg(received);
    if (ws.messagesDropped > 0)
        parts << QStringLiteral("%1 not stored (store saturated)").arg(ws.messagesDropped);
    if (ws.payloadsDropped > 0)
        parts << QStringLiteral("%1 without payload").arg(ws.payloadsDropped);
    QString text = parts.join(QStringLiteral(" \u00b7 "));
    if (!ws.protocolError.empty())
        text += QStringLiteral("\n\u26a0 Protocol error: ") + fromStd(ws.protocolError);
    return text;
}

} // namespace flowscope::ui
