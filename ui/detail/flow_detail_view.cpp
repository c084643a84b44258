#include "detail/flow_detail_view.hpp"

#include "detail/body_pane.hpp"
#include "detail/error_pane.hpp"
#include "detail/flow_text.hpp"
#include "detail/headers_pane.hpp"
#include "detail/key_value_table.hpp"
#include "detail/raw_pane.hpp"
#include "detail/timing_waterfall.hpp"
#include "detail/tls_pane.hpp"
#include "viewers/viewer_text.hpp"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace flowscope::ui {
namespace {

bool hasQuery(const store::Flow& flow) {
    return flow.url.find('?') != std::string::npos;
}

bool hasHeader(const store::HeaderList& headers, std::string_view name) {
    return !headerValue(headers, name).isEmpty();
}

QString truncationNote(const store::BodyCapture& body) {
    if (!body.truncated)
        return {};
    return FlowDetailView::tr("Body truncated: %1 of %2 captured.")
        .arg(formatByteSize(static_cast<quint64>(body.data.size())), formatByteSize(body.size));
}

} // namespace

FlowDetailView::FlowDetailView(QWidget* parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_placeholder(new QLabel(tr("No flow selected"), this)),
      m_banner(new QFrame(this)), m_bannerText(new QLabel(m_banner)), m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_requestTabs(makeSide(tr("Request"), 0)), m_responseTabs(makeSide(tr("Response"), 1)),
      m_orientationButton(new QToolButton(this)), m_requestHeaders(new HeadersPane(this)),
      m_query(new KeyValueTable({tr("Name"), tr("Value")}, this)),
      m_requestCookies(new KeyValueTable({tr("Name"), tr("Value")}, this)), m_requestBody(new BodyPane(this)),
      m_requestRaw(new RawPane(this)), m_responseHeaders(new HeadersPane(this)),
      m_responseCookies(new KeyValueTable(responseCookieColumns(), this)), m_responseBody(new BodyPane(this)),
      m_responseRaw(new RawPane(this)), m_timing(new TimingWaterfall(this)), m_timingNote(new QLabel(this)),
      m_tls(new TlsPane(this)), m_error(new ErrorPane(this)) {
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setEnabled(false);

    // Error banner: a tinted strip with the error and a link to the Error tab.
    m_banner->setAutoFillBackground(true);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::PlainText);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* details = new QToolButton(m_banner);
    details->setText(tr("Details"));
    details->setAutoRaise(true);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 4, 4);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(details);
    m_banner->hide();
    connect(details, &QToolButton::clicked, this, [this] { m_responseTabs->setCurrentWidget(m_error); });
    updateBannerColours();

    m_orientationButton->setText(tr("Stack"));
    m_orientationButton->setToolTip(tr("Show the response below the request instead of beside it"));
    m_orientationButton->setCheckable(true);
    m_orientationButton->setAutoRaise(true);
    m_responseTabs->setCornerWidget(m_orientationButton, Qt::TopRightCorner);
    connect(m_orientationButton, &QToolButton::toggled, this,
            [this](bool stacked) { setOrientation(stacked ? Qt::Vertical : Qt::Horizontal); });

    auto* timingPage = new QWidget(this);
    auto* timingLayout = new QVBoxLayout(timingPage);
    m_timingNote->setWordWrap(true);
    m_timingNote->setEnabled(false);
    timingLayout->addWidget(m_timing);
    timingLayout->addWidget(m_timingNote);
    timingLayout->addStretch();

    const auto always = TabPredicate();
    addTab(m_requestTabs, m_requestHeaders, tr("Headers"), always);
    addTab(m_requestTabs, m_query, tr("Query"), hasQuery);
    addTab(m_requestTabs, m_requestCookies, tr("Cookies"),
           [](const store::Flow& flow) { return hasHeader(flow.requestHeaders, "Cookie"); });
    addTab(m_requestTabs, m_requestBody, tr("Body"), always);
    addTab(m_requestTabs, m_requestRaw, tr("Raw"), always);
    addTab(m_responseTabs, m_responseHeaders, tr("Headers"), always);
    addTab(m_responseTabs, m_responseCookies, tr("Cookies"),
           [](const store::Flow& flow) { return hasHeader(flow.responseHeaders, "Set-Cookie"); });
    addTab(m_responseTabs, m_responseBody, tr("Body"), always);
    addTab(m_responseTabs, m_responseRaw, tr("Raw"), always);
    addTab(m_responseTabs, timingPage, tr("Timing"), always);
    addTab(m_responseTabs, m_tls, tr("TLS"), isTlsFlow);
    addTab(m_responseTabs, m_error, tr("Error"), [](const store::Flow& flow) { return !flow.errorKind.empty(); });

    m_splitter->addWidget(m_requestTabs);
    m_splitter->addWidget(m_responseTabs);
    m_splitter->setChildrenCollapsible(false);

    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(2);
    contentLayout->addWidget(m_banner);
    contentLayout->addWidget(m_splitter, 1);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    clear();
}

FlowDetailView::~FlowDetailView() = default;

QTabWidget* FlowDetailView::makeSide(const QString& title, int side) {
    auto* tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    auto* label = new QLabel(title, tabs);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setContentsMargins(6, 0, 8, 0);
    tabs->setCornerWidget(label, Qt::TopLeftCorner);
    connect(tabs, &QTabWidget::currentChanged, this, [this, tabs, side](int index) {
        if (!m_updatingTabs && index >= 0)
            m_preferred[side] = tabs->widget(index);
    });
    return tabs;
}

void FlowDetailView::addTab(QTabWidget* tabs, QWidget* page, const QString& title, TabPredicate visibleFor) {
    tabs->addTab(page, title);
    m_rules.push_back({tabs, page, std::move(visibleFor)});
}

int FlowDetailView::addFlowTab(Side side, QWidget* page, const QString& title, TabPredicate visibleFor) {
    QTabWidget* target = tabs(side);
    addTab(target, page, title, std::move(visibleFor));
    applyTabRules(currentFlow());
    return target->indexOf(page);
}

bool FlowDetailView::isTabShown(QWidget* page) const {
    for (const TabRule& rule : m_rules) {
        if (rule.page == page)
            return rule.tabs->isTabVisible(rule.tabs->indexOf(page));
    }
    return false;
}

void FlowDetailView::showFlow(const store::Flow& flow) {
    fill(flow);
    m_flow = flow;
    // The viewers hold their own copies of the bytes; this copy is for currentFlow() users
    // (the Messages tab, actions), which need the record, not a second copy of 2 x 16 MB.
    m_flow->requestBody.data.clear();
    m_flow->requestBody.data.shrink_to_fit();
    m_flow->responseBody.data.clear();
    m_flow->responseBody.data.shrink_to_fit();
    applyTabRules(&*m_flow);
    m_stack->setCurrentIndex(1);
    Q_EMIT flowShown(flow.id);
}

void FlowDetailView::clear() {
    m_flow.reset();
    m_requestHeaders->clear();
    m_query->setRows({});
    m_requestCookies->setRows({});
    m_requestBody->clear();
    m_requestRaw->clear();
    m_responseHeaders->clear();
    m_responseCookies->setRows({});
    m_responseBody->clear();
    m_responseRaw->clear();
    m_timing->clear();
    m_tls->clear();
    m_error->clear();
    m_banner->hide();
    m_stack->setCurrentIndex(0);
    Q_EMIT flowShown(0);
}

void FlowDetailView::fill(const store::Flow& flow) {
    const QString url = toQString(flow.url);
    m_requestHeaders->setHead(requestLine(flow), flow.requestHeaders);
    m_query->setRows(queryRows(flow));
    m_requestCookies->setRows(requestCookieRows(flow));
    m_requestBody->setBody(flow.requestBody, toQString(flow.requestContentType),
                           headerValue(flow.requestHeaders, "Content-Encoding"), url);
    m_requestRaw->setMessage(rawRequest(flow), truncationNote(flow.requestBody));

    QString noResponse = tr("No response");
    if (flow.kind == store::FlowKind::Tunnel) {
        const QLocale locale;
        noResponse = tr("Tunnel, not decrypted: %1 bytes from the client, %2 bytes to it")
                         .arg(locale.toString(static_cast<qulonglong>(flow.bytesFromClient)),
                              locale.toString(static_cast<qulonglong>(flow.bytesToClient)));
    } else if (!flow.errorKind.empty()) {
        noResponse = tr("No response: %1").arg(errorKindTitle(toQString(flow.errorKind)));
    }
    m_responseHeaders->setHead(statusLine(flow), flow.responseHeaders, noResponse);
    m_responseCookies->setRows(responseCookieRows(flow));
    m_responseBody->setBody(flow.responseBody, toQString(flow.responseContentType),
                            headerValue(flow.responseHeaders, "Content-Encoding"), url);
    m_responseRaw->setMessage(rawResponse(flow), truncationNote(flow.responseBody));

    m_timing->setTiming(flow.timing);
    const qint64 durationUs = flow.endedAtUs > flow.startedAtUs ? flow.endedAtUs - flow.startedAtUs : -1;
    QString timingNote;
    if (m_timing->totalUs() < 0)
        timingNote = tr("No phase timings were recorded for this flow.");
    if (durationUs >= 0)
        timingNote = (timingNote.isEmpty() ? QString() : timingNote + QLatin1Char(' ')) +
                     tr("From first byte to last: %1.").arg(formatMilliseconds(durationUs));
    m_timingNote->setText(timingNote);
    m_tls->setFlow(flow);
    m_error->setFlow(flow);

    if (flow.errorKind.empty()) {
        m_banner->hide();
    } else {
        const QString kind = toQString(flow.errorKind);
        QString text = errorKindTitle(kind);
        if (text != kind)
            text += QStringLiteral(" (%1)").arg(kind);
        if (!flow.errorMessage.empty())
            text += QStringLiteral(": ") + toQString(flow.errorMessage);
        m_bannerText->setText(text);
        m_banner->show();
    }
}

void FlowDetailView::applyTabRules(const store::Flow* flow) {
    m_updatingTabs = true;
    for (const TabRule& rule : m_rules) {
        const bool shown = !rule.visibleFor || (flow != nullptr && rule.visibleFor(*flow));
        rule.tabs->setTabVisible(rule.tabs->indexOf(rule.page), shown);
    }
    QTabWidget* sides[] = {m_requestTabs, m_responseTabs};
    for (int side = 0; side < 2; ++side) {
        QTabWidget* tabs = sides[side];
        QWidget* preferred = m_preferred[side];
        if (preferred != nullptr && tabs->indexOf(preferred) >= 0 && tabs->isTabVisible(tabs->indexOf(preferred)))
            tabs->setCurrentWidget(preferred);
        else
            tabs->setCurrentIndex(0); // Headers always shows; not whichever neighbour Qt picked
    }
    m_updatingTabs = false;
}

void FlowDetailView::setOrientation(Qt::Orientation orientation) {
    if (orientation == m_splitter->orientation())
        return;
    m_splitter->setOrientation(orientation);
    {
        const QSignalBlocker block(m_orientationButton);
        m_orientationButton->setChecked(orientation == Qt::Vertical);
    }
    // Equal halves after a switch: the old pixel sizes belong to the other direction.
    const int total = orientation == Qt::Horizontal ? m_splitter->width() : m_splitter->height();
    m_splitter->setSizes({total / 2, total - total / 2});
    Q_EMIT orientationChanged(orientation);
}

Qt::Orientation FlowDetailView::orientation() const {
    return m_splitter->orientation();
}

bool FlowDetailView::isErrorBannerShown() const {
    return !m_banner->isHidden();
}

QString FlowDetailView::errorBannerText() const {
    return m_banner->isHidden() ? QString() : m_bannerText->text();
}

void FlowDetailView::updateBannerColours() {
    // The same red tint of the base colour the body viewer's decode banner uses.
    const QColor base = palette().color(QPalette::Base);
    const QColor red(220, 50, 47);
    const double w = base.lightness() < 128 ? 0.35 : 0.2;
    const QColor tint = QColor::fromRgbF(static_cast<float>(red.redF() * w + base.redF() * (1 - w)),
                                         static_cast<float>(red.greenF() * w + base.greenF() * (1 - w)),
                                         static_cast<float>(red.blueF() * w + base.blueF() * (1 - w)));
    QPalette pal = m_banner->palette();
    pal.setColor(QPalette::Window, tint);
    pal.setColor(QPalette::WindowText, palette().color(QPalette::Text));
    m_banner->setPalette(pal);
}

void FlowDetailView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange)
        updateBannerColours();
    QWidget::changeEvent(event);
}

} // namespace flowscope::ui
