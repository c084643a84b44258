#include "detail/body_file.hpp"

#include "viewers/body_kind.hpp"

#include <QCoreApplication>
#include <QSaveFile>
#include <QUrl>

namespace flowscope::ui {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("flowscope::ui::BodyFile", text);
}

QString extensionFor(const QString& media) {
    static const std::pair<const char*, const char*> kExtensions[] = {
        {"application/json", "json"}, {"text/html", "html"},        {"text/plain", "txt"},
        {"text/css", "css"},          {"text/javascript", "js"},    {"application/javascript", "js"},
        {"application/xml", "xml"},   {"text/xml", "xml"},          {"image/png", "png"},
        {"image/jpeg", "jpg"},        {"image/gif", "gif"},         {"image/webp", "webp"},
        {"image/svg+xml", "svg"},     {"application/pdf", "pdf"},   {"application/zip", "zip"},
        {"text/csv", "csv"},          {"application/wasm", "wasm"}, {"image/x-icon", "ico"},
    };
    for (const auto& [type, extension] : kExtensions) {
        if (media == QLatin1String(type))
            return QLatin1String(extension);
    }
    if (media.endsWith(QLatin1String("+json")))
        return QStringLiteral("json");
    if (media.endsWith(QLatin1String("+xml")))
        return QStringLiteral("xml");
    return {};
}

// Characters that are reserved in file names on Windows, plus control characters.
bool isSafeFileNameChar(QChar c) {
    return c.unicode() >= 0x20 && !QStringLiteral("<>:\"/\\|?*").contains(c);
}

} // namespace

QString writeBodyFile(const QString& path, QByteArrayView bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    if (file.write(bytes.data(), bytes.size()) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return tr("Cannot write %1: %2").arg(path, reason);
    }
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString suggestedBodyFileName(const QString& url, const QString& contentType) {
    QString name = QUrl(url).fileName(QUrl::FullyDecoded);
    QString safe;
    for (const QChar c : name) {
        if (isSafeFileNameChar(c))
            safe += c;
    }
    safe = safe.trimmed();
    while (safe.startsWith(QLatin1Char('.')))
        safe.remove(0, 1); // no hidden files, no ".."
    if (safe.isEmpty())
        safe = QStringLiteral("body");
    const QString extension = extensionFor(mediaType(contentType));
    if (!extension.isEmpty() && !safe.contains(QLatin1Char('.')))
        safe += QLatin1Char('.') + extension;
    return safe.left(120);
}

} // namespace flowscope::ui
