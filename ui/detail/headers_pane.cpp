#include "detail/headers_pane.hpp"

#include "detail/flow_text.hpp"
#include "detail/key_value_table.hpp"

#include <QFontDatabase>
#include <QLabel>
#include <QVBoxLayout>

namespace flowscope::ui {

HeadersPane::HeadersPane(QWidget* parent)
    : QWidget(parent), m_startLine(new QLabel(this)), m_table(new KeyValueTable({tr("Name"), tr("Value")}, this)) {
    m_startLine->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_startLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_startLine->setTextFormat(Qt::PlainText);
    m_startLine->setMargin(4);
    m_startLine->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_startLine);
    layout->addWidget(m_table, 1);
}

void HeadersPane::setHead(const QString& startLine, const store::HeaderList& headers, const QString& emptyText) {
    m_startLine->setText(startLine.isEmpty() ? emptyText : startLine);
    m_startLine->setEnabled(!startLine.isEmpty());
    m_table->setRows(headerRows(headers));
}

QString HeadersPane::startLineText() const {
    return m_startLine->text();
}

} // namespace flowscope::ui
