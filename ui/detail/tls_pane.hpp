#pragma once
// The TLS tab: both halves of an intercepted connection. Client side: the name the client
// asked for (SNI), the protocol and version agreed with it. Upstream side: version, cipher,
// and the real server's certificate subject and issuer.

#include "store/flow.hpp"

#include <QWidget>

class QLabel;

namespace flowscope::ui {

class TlsPane : public QWidget {
    Q_OBJECT

public:
    explicit TlsPane(QWidget* parent = nullptr);

    void setFlow(const store::Flow& flow);
    void clear();

    // Value shown for a row, by its field label ("Server name (SNI)"); for tests.
    QString value(const QString& label) const;
    bool showsNotTls() const;

private:
    QWidget* m_details;
    QLabel* m_notTls;
    QList<std::pair<QString, QLabel*>> m_rows;
};

} // namespace flowscope::ui
