#pragma once
// Small text helpers shared by the viewers.

#include <QByteArrayView>
#include <QString>

namespace flowscope::ui {

// "812 bytes", "1.5 KB", "10.0 MB" (binary multiples, one decimal).
QString formatByteSize(quint64 bytes);

// The longest prefix of UTF-8 `bytes` no longer than `limit` that does not split a
// multi-byte sequence.
QByteArrayView utf8Prefix(QByteArrayView bytes, qsizetype limit);

// application/x-www-form-urlencoded as readable lines, "name = value", percent-decoded
// and '+' read as a space (WHATWG URL §5.1). Returns UTF-8.
QByteArray formatFormUrlEncoded(QByteArrayView body);

} // namespace flowscope::ui
