#include "resend/resend_request.hpp"

#include "client/request_headers.hpp"
#include "http/headers.hpp"
#include "http/url.hpp"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringDecoder>

namespace flowscope::ui {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("flowscope::ui::EditResendDialog", text);
}

bool isEditableText(const std::string& bytes) {
    if (bytes.find('\0') != std::string::npos)
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())));
    // A text editor would normalise what it cannot represent; only clean UTF-8 survives.
    return !decoder.hasError() && text.toUtf8() == QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size()));
}

} // namespace

EditableRequest editableRequest(const store::Flow& flow) {
    EditableRequest out;
    out.spec.method = flow.method.empty() ? "GET" : flow.method;
    out.spec.url = flow.url;
    bool encoded = false;
    for (const auto& field : flow.requestHeaders) {
        if (http::equalsIgnoreCase(field.first, "Content-Encoding"))
            encoded = true;
        // Recomputed on send; showing stale values would only invite confusion.
        if (client::isManagedHeader(field.first) && !http::equalsIgnoreCase(field.first, "Host"))
            continue;
        out.spec.headers.push_back(field);
    }
    out.spec.body = flow.requestBody.data;
    out.bodyIsText = !encoded && isEditableText(out.spec.body);
    if (!out.bodyIsText) {
        out.bodyNote = (encoded ? tr("The body is %1 bytes of content-encoded data; it is sent exactly as captured.")
                                : tr("The body is %1 bytes of binary data; it is sent exactly as captured."))
                           .arg(static_cast<qulonglong>(out.spec.body.size()));
    }
    if (flow.requestBody.truncated) {
        const QString truncated = tr("Only %1 of the original %2 body bytes were captured; only those are sent.")
                                      .arg(static_cast<qulonglong>(flow.requestBody.data.size()))
                                      .arg(static_cast<qulonglong>(flow.requestBody.size));
        out.bodyNote = out.bodyNote.isEmpty() ? truncated : out.bodyNote + QLatin1Char(' ') + truncated;
    }
    return out;
}

std::string hostHeaderOf(const std::string& url) {
    const auto parsed = http::parseAbsoluteUrl(url);
    return parsed ? parsed->authority.hostHeader(parsed->scheme) : std::string();
}

client::RequestSpec finalRequest(client::RequestSpec edited, const std::string& originalUrl) {
    const std::string before = hostHeaderOf(originalUrl);
    const std::string after = hostHeaderOf(edited.url);
    if (!before.empty() && !after.empty() && before != after) {
        for (auto& [name, value] : edited.headers) {
            if (http::equalsIgnoreCase(name, "Host") && http::equalsIgnoreCase(value, before))
                value = after;
        }
    }
    edited.headers = client::effectiveHeaders(edited);
    return edited;
}

} // namespace flowscope::ui
