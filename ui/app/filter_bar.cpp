#include "app/filter_bar.hpp"

#include "view/filter_parser.hpp"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

#include <array>
#include <utility>

namespace flowscope::ui {
namespace {

constexpr int kDebounceMs = 150;

const char* const kFilterTooltip =
    "<b>Filter</b> (all terms must hold):<br>"
    "<code>api/v1</code> URL contains text<br>"
    "<code>host:example.com</code> · <code>host:*.example.com</code><br>"
    "<code>method:post</code> · <code>status:4xx</code> · <code>status:&gt;=500</code><br>"
    "<code>type:json</code> · <code>type:js,css</code> · <code>size:&gt;100k</code><br>"
    "<code>duration:&gt;500ms</code> · <code>kind:websocket</code> · <code>error</code><br>"
    "<code>-host:cdn</code> negates a term; <code>\"a b\"</code> keeps spaces.<br>"
    "Reference: docs/filtering.md";

} // namespace

FilterBar::FilterBar(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("filterField"));
    m_field->setPlaceholderText(QStringLiteral("Filter: text, host:, method:, status:4xx, type:json, size:>100k …"));
    m_field->setClearButtonEnabled(true);
    m_field->setToolTip(QString::fromUtf8(kFilterTooltip));
    m_field->addAction(QIcon(QStringLiteral(":/icons/filter.svg")), QLineEdit::LeadingPosition);
    m_field->setMinimumWidth(280);
    layout->addWidget(m_field, 1);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("filterError"));
    m_errorLabel->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    m_quickButtons = new QButtonGroup(this);
    m_quickButtons->setExclusive(true);
    static constexpr std::array<std::pair<Quick, const char*>, 8> kQuick = {{
        {Quick::All, "All"},
        {Quick::Json, "XHR/JSON"},
        {Quick::Docs, "Docs"},
        {Quick::Scripts, "JS/CSS"},
        {Quick::Images, "Images"},
        {Quick::WebSocket, "WebSocket"},
        {Quick::Errors, "Errors"},
        {Quick::HttpErrors, "4xx/5xx"},
    }};
    for (const auto& [quick, title] : kQuick) {
        auto* button = new QToolButton(this);
        button->setText(QString::fromUtf8(title));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setChecked(quick == Quick::All);
        button->setObjectName(QStringLiteral("quick-%1").arg(static_cast<int>(quick)));
        m_quickButtons->addButton(button, static_cast<int>(quick));
        layout->addWidget(button);
    }
    connect(m_quickButtons, &QButtonGroup::idClicked, this, [this](int id) {
        m_quick = static_cast<Quick>(id);
        Q_EMIT expressionChanged();
    });

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::parseNow);
    connect(m_field, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_field, &QLineEdit::returnPressed, this, [this] {
        m_debounce.stop();
        parseNow();
    });
}

void FilterBar::setText(const QString& text) {
    m_field->setText(text);
    m_debounce.stop();
    parseNow();
}

void FilterBar::setQuick(Quick quick) {
    if (QAbstractButton* button = m_quickButtons->button(static_cast<int>(quick))) {
        button->setChecked(true);
    }
    if (quick != m_quick) {
        m_quick = quick;
        Q_EMIT expressionChanged();
    }
}

void FilterBar::parseNow() {
    const view::ParsedFilter parsed = view::parseFilter(m_field->text().toStdString());
    if (!parsed.ok()) {
        // Keep showing the last valid filter's results while the user fixes the text.
        m_error = QString::fromStdString(parsed.error->message);
        m_errorLabel->setText(m_error);
        m_errorLabel->show();
        m_field->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #d32f2f; }"));
        return;
    }
    m_error.clear();
    m_errorLabel->hide();
    m_field->setStyleSheet({});
    if (parsed.expression == m_typed) {
        return;
    }
    m_typed = parsed.expression;
    Q_EMIT expressionChanged();
}

view::FilterExpression FilterBar::expression() const {
    view::FilterExpression combined = m_typed;
    for (view::FilterTerm& term : quickExpression(m_quick).terms) {
        combined.terms.push_back(std::move(term));
    }
    return combined;
}

view::FilterExpression FilterBar::quickExpression(Quick quick) {
    using view::ContentFamily;
    view::FilterExpression expression;
    auto add = [&](view::Predicate predicate) { expression.terms.push_back(view::FilterTerm{std::move(predicate)}); };
    switch (quick) {
    case Quick::All: break;
    case Quick::Json: add(view::TypeIs::of({ContentFamily::Json})); break;
    case Quick::Docs: add(view::TypeIs::of({ContentFamily::Html})); break;
    case Quick::Scripts: add(view::TypeIs::of({ContentFamily::Js, ContentFamily::Css})); break;
    case Quick::Images: add(view::TypeIs::of({ContentFamily::Image})); break;
    case Quick::WebSocket: add(view::KindIs{store::FlowKind::WebSocket}); break;
    case Quick::Errors: add(view::HasError{}); break;
    case Quick::HttpErrors: add(view::RangeMatch{view::NumberField::Status, 400, 599}); break;
    }
    return expression;
}

} // namespace flowscope::ui
