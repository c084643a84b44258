#pragma once
// "Save body as...": the file writing and the suggested name, apart from the dialog so tests
// can run them directly.

#include <QByteArrayView>
#include <QString>

namespace flowscope::ui {

// Writes `bytes` to `path` atomically (QSaveFile: a failed write leaves an existing file as
// it was). Returns an empty string on success, else a readable reason naming the file.
QString writeBodyFile(const QString& path, QByteArrayView bytes);

// A file name for a body: the URL's last path segment when it has one ("logo.png"), else
// "body"; plus the extension the media type implies when the name has none
// ("application/json" -> "body.json"). Only characters safe in file names on every OS.
QString suggestedBodyFileName(const QString& url, const QString& contentType);

} // namespace flowscope::ui
