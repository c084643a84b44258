#include "viewers/viewer_text.hpp"

#include <QObject>

namespace flowscope::ui {

QString formatByteSize(quint64 bytes) {
    if (bytes < 1024)
        return bytes == 1 ? QObject::tr("1 byte") : QObject::tr("%1 bytes").arg(bytes);
    static const char* const units[] = {"KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < std::size(units)) {
        value /= 1024.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1StringView(units[unit]));
}

QByteArrayView utf8Prefix(QByteArrayView bytes, qsizetype limit) {
    if (limit < 0 || bytes.size() <= limit)
        return bytes;
    qsizetype end = limit;
    // bytes[end] is the first byte left out; if it continues a sequence, drop the start too.
    while (end > 0 && (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80)
        --end;
    return bytes.first(end);
}

QByteArray formatFormUrlEncoded(QByteArrayView body) {
    const auto decode = [](QByteArrayView part) {
        QByteArray bytes = part.toByteArray();
        bytes.replace('+', ' ');
        return QByteArray::fromPercentEncoding(bytes);
    };
    QByteArray out;
    out.reserve(body.size() + body.size() / 4);
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        if (!pair.isEmpty()) {
            const qsizetype equals = pair.indexOf('=');
            out += decode(equals < 0 ? pair : pair.first(equals));
            out += " = ";
            if (equals >= 0)
                out += decode(pair.sliced(equals + 1));
            out += '\n';
        }
        start = end + 1;
    }
    return out;
}

} // namespace flowscope::ui
