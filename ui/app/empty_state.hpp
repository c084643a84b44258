#pragma once
// What the list shows before the first flow: exactly how to send traffic through the
// proxy (its address, the CA file, a curl line to paste), all selectable.

#include <QWidget>

class QLabel;

namespace flowscope::ui {

class EmptyState : public QWidget {
    Q_OBJECT
public:
    explicit EmptyState(QWidget* parent = nullptr);
    // `address` empty while the proxy is not listening.
    void setDetails(const QString& address, const QString& caPath, bool caTrusted);
    QString text() const; // for tests: what the panel says (rich text)

private:
    QLabel* m_label = nullptr;
};

} // namespace flowscope::ui
