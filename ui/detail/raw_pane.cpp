#include "detail/raw_pane.hpp"

#include "viewers/hex_view.hpp"
#include "viewers/text_body_view.hpp"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace flowscope::ui {

RawPane::RawPane(QWidget* parent)
    : QWidget(parent), m_textButton(new QToolButton(this)), m_hexButton(new QToolButton(this)),
      m_note(new QLabel(this)), m_empty(new QLabel(tr("Nothing was received"), this)),
      m_stack(new QStackedWidget(this)), m_text(new TextBodyView(this)), m_hex(new HexView(this)) {
    auto* group = new QButtonGroup(this);
    group->setExclusive(true);
    m_textButton->setText(tr("Text"));
    m_hexButton->setText(tr("Hex"));
    for (QToolButton* button : {m_textButton, m_hexButton}) {
        button->setCheckable(true);
        button->setAutoRaise(true);
        group->addButton(button);
    }
    m_textButton->setChecked(true);
    m_note->setWordWrap(true);
    m_note->hide();
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_text);
    m_stack->addWidget(m_hex);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->setSpacing(2);
    bar->addWidget(m_textButton);
    bar->addWidget(m_hexButton);
    bar->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_note);
    layout->addWidget(m_stack, 1);

    connect(m_textButton, &QToolButton::clicked, this, [this] { setMode(Mode::Text); });
    connect(m_hexButton, &QToolButton::clicked, this, [this] { setMode(Mode::Hex); });
    clear();
}

void RawPane::setMessage(const QByteArray& bytes, const QString& note) {
    m_bytes = bytes;
    m_textFilled = false;
    m_hexFilled = false;
    m_text->clear();
    m_hex->setData(QByteArray());
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    m_textButton->setEnabled(!bytes.isEmpty());
    m_hexButton->setEnabled(!bytes.isEmpty());
    if (isVisible())
        populate();
    else
        m_stack->setCurrentWidget(bytes.isEmpty() ? m_empty
                                                  : (m_mode == Mode::Text ? static_cast<QWidget*>(m_text) : m_hex));
}

void RawPane::setMode(Mode mode) {
    m_mode = mode;
    (mode == Mode::Text ? m_textButton : m_hexButton)->setChecked(true);
    populate();
}

QString RawPane::text() {
    if (!m_textFilled && !m_bytes.isEmpty()) {
        m_text->setBody(m_bytes, SyntaxLanguage::None, TextBodyView::Formatting::AsIs);
        m_textFilled = true;
    }
    return m_text->text();
}

void RawPane::showEvent(QShowEvent* event) {
    populate();
    QWidget::showEvent(event);
}

void RawPane::populate() {
    if (m_bytes.isEmpty()) {
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    if (m_mode == Mode::Text) {
        text();
        m_stack->setCurrentWidget(m_text);
    } else {
        if (!m_hexFilled) {
            m_hex->setData(m_bytes);
            m_hexFilled = true;
        }
        m_stack->setCurrentWidget(m_hex);
    }
}

} // namespace flowscope::ui
