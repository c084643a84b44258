#include "app/main_window.hpp"

#include "app/empty_state.hpp"
#include "app/filter_bar.hpp"
#include "capture/capture_host.hpp"
#include "detail/flow_detail_view.hpp"
#include "flowlist/flow_list_model.hpp"
#include "flowlist/flow_table_view.hpp"
#include "flowlist/host_tree_model.hpp"
#include "messages/websocket_messages_pane.hpp"

#include "client/request_sender.hpp"
#include "store/flow_store.hpp"

#include <QAction>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace flowscope::ui {
namespace {

constexpr int kSidebarRefreshMs = 1000;
// Arrow keys through a long list: only the flow the user stops on is read from the store.
constexpr int kDetailDelayMs = 40;

QString fromPath(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

} // namespace

MainWindow::MainWindow(CaptureHost& capture, QWidget* parent) : QMainWindow(parent), m_capture(capture) {
    setWindowTitle(QStringLiteral("Flowscope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/flowscope.svg")));
    resize(1400, 860);
    m_model = new FlowListModel(this);
    // The load runs on the worker while the widgets are built.
    m_model->openStore(m_capture.paths().storeFile());
    buildActions();
    buildMenus();
    buildToolbar();
    buildCentre();
    buildStatusBar();

    connect(&m_capture, &CaptureHost::flowsCommittedUpTo, this, &MainWindow::onFlowsCommitted);
    connect(m_model, &FlowListModel::countsChanged, this, [this] {
        updateStatus();
        updateEmptyState();
        // The sidebar follows at most once a second while flows stream in, but a change
        // after a quiet spell (a load, a clear) shows at once.
        if (m_sidebarTimer.isActive()) {
            m_sidebarDirty = true;
        } else {
            updateHostTree();
            m_sidebarTimer.start();
        }
    });
    connect(m_model, &FlowListModel::busyChanged, this, [this] {
        updateStatus();
        updateEmptyState();
    });
    connect(m_model, &FlowListModel::loadFailed, this, &MainWindow::reportStoreProblem);
    // A load, clear or removal gives the view a new table: recount the sidebar at once.
    connect(m_model, &FlowListModel::rowsReplaced, this, &MainWindow::updateHostTree);
    m_sidebarTimer.setSingleShot(true);
    m_sidebarTimer.setInterval(kSidebarRefreshMs);
    connect(&m_sidebarTimer, &QTimer::timeout, this, [this] {
        if (std::exchange(m_sidebarDirty, false)) {
            updateHostTree();
            m_sidebarTimer.start();
        }
    });
    m_detailTimer.setSingleShot(true);
    m_detailTimer.setInterval(kDetailDelayMs);
    connect(&m_detailTimer, &QTimer::timeout, this, [this] {
        if (m_pendingDetailId == 0) {
            m_detail->clear();
            return;
        }
        if (std::optional<store::Flow> flow = loadFlow(m_pendingDetailId, true)) {
            m_detail->showFlow(*flow);
        } else {
            m_detail->clear();
        }
    });

    m_caTrusted = m_capture.caTrusted();
    updateStatus();
    updateEmptyState();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildCentre() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_portBanner = new QFrame(central);
    m_portBanner->setObjectName(QStringLiteral("portBanner"));
    m_portBanner->setStyleSheet(QStringLiteral("#portBanner { background: #fff3cd; color: #5c4400; }"));
    auto* bannerLayout = new QHBoxLayout(m_portBanner);
    m_portBannerText = new QLabel(m_portBanner);
    m_portBannerText->setWordWrap(true);
    m_portBannerButton = new QPushButton(m_portBanner);
    auto* settingsButton = new QPushButton(QStringLiteral("Settings…"), m_portBanner);
    connect(settingsButton, &QPushButton::clicked, this, &MainWindow::openSettings);
    bannerLayout->addWidget(m_portBannerText, 1);
    bannerLayout->addWidget(m_portBannerButton);
    bannerLayout->addWidget(settingsButton);
    m_portBanner->hide();
    layout->addWidget(m_portBanner);

    auto* outer = new QSplitter(Qt::Horizontal, central);
    outer->setObjectName(QStringLiteral("outerSplitter"));
    m_hosts = new HostTreeModel(this);
    auto* sidebar = new QWidget(outer);
    auto* sidebarLayout = new QVBoxLayout(sidebar);
    sidebarLayout->setContentsMargins(0, 0, 0, 0);
    sidebarLayout->setSpacing(0);
    auto* allHosts = new QPushButton(QStringLiteral("All hosts"), sidebar);
    allHosts->setObjectName(QStringLiteral("allHosts"));
    allHosts->setFlat(true);
    allHosts->setStyleSheet(QStringLiteral("text-align: left; padding: 4px 8px; font-weight: bold;"));
    sidebarLayout->addWidget(allHosts);
    m_hostTree = new QTreeView(sidebar);
    sidebarLayout->addWidget(m_hostTree, 1);
    connect(allHosts, &QPushButton::clicked, this, [this] {
        m_hostTree->selectionModel()->clear(); // current becomes invalid: the scope empties
    });
    m_hostTree->setObjectName(QStringLiteral("hostTree"));
    m_hostTree->setModel(m_hosts);
    m_hostTree->setHeaderHidden(true);
    m_hostTree->setUniformRowHeights(true);
    m_hostTree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_hostTree->header()->setStretchLastSection(false);
    m_hostTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    // A fixed count column: ResizeToContents re-measures every row on each count change,
    // ~100 ms per sidebar update with a few hundred hosts (bench/ui_scale).
    m_hostTree->header()->setSectionResizeMode(1, QHeaderView::Fixed);
    m_hostTree->header()->resizeSection(1, m_hostTree->fontMetrics().horizontalAdvance(QStringLiteral("10,000,000")) + 16);
    connect(m_hostTree, &QTreeView::expanded, m_hosts, &HostTreeModel::populate);
    connect(m_hostTree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                m_scope = HostTreeModel::scopeFor(current);
                applyFilter();
            });

    auto* right = new QSplitter(Qt::Vertical, outer);
    right->setObjectName(QStringLiteral("listDetailSplitter"));
    m_listStack = new QStackedWidget(right);
    m_list = new FlowTableView(m_listStack);
    m_list->setObjectName(QStringLiteral("flowList"));
    m_list->setFlowModel(m_model);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (const char* name : {"copyUrl", "copyCurl", "resend", "saveRequestBody", "saveResponseBody", "delete"}) {
        m_list->addAction(action(QString::fromLatin1(name)));
    }
    m_empty = new EmptyState(m_listStack);
    m_listStack->addWidget(m_list);
    m_listStack->addWidget(m_empty);
    connect(m_list, &FlowTableView::currentFlowChanged, this, &MainWindow::onCurrentFlowChanged);

    m_detail = new FlowDetailView(right);
    m_detail->setObjectName(QStringLiteral("flowDetail"));
    m_messages = new WebSocketMessagesPane(m_detail);
    m_messages->setObjectName(QStringLiteral("messagesPane"));
    m_detail->addFlowTab(FlowDetailView::Side::Response, m_messages, tr("Messages"),
                         [](const store::Flow& flow) { return flow.kind == store::FlowKind::WebSocket; });
    connect(m_detail, &FlowDetailView::flowShown, this, &MainWindow::showMessagesOf);
    right->addWidget(m_listStack);
    right->addWidget(m_detail);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);

    outer->addWidget(sidebar);
    outer->addWidget(right);
    outer->setStretchFactor(0, 0);
    outer->setStretchFactor(1, 1);
    outer->setSizes({240, 1160});
    layout->addWidget(outer, 1);
    setCentralWidget(central);
}

void MainWindow::buildToolbar() {
    QToolBar* toolbar = addToolBar(QStringLiteral("Capture"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_recordAction);
    toolbar->addAction(action(QStringLiteral("clear")));
    toolbar->addSeparator();
    m_filter = new FilterBar(toolbar);
    m_filter->setObjectName(QStringLiteral("filterBar"));
    toolbar->addWidget(m_filter);
    connect(m_filter, &FilterBar::expressionChanged, this, &MainWindow::applyFilter);
}

void MainWindow::buildStatusBar() {
    auto makeLabel = [this](const char* name) {
        auto* label = new QLabel(this);
        label->setObjectName(QString::fromLatin1(name));
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        statusBar()->addPermanentWidget(label);
        return label;
    };
    m_countLabel = makeLabel("flowCount");
    m_recordingLabel = makeLabel("recordingState");
    m_caLabel = makeLabel("caState");
    m_caLabel->setTextInteractionFlags(Qt::NoTextInteraction);
    m_caLabel->setCursor(Qt::PointingHandCursor);
    m_caLabel->installEventFilter(this);
    m_caLabel->setToolTip(QStringLiteral("Capture → CA Certificate… shows where it is and how to trust it"));
    m_addressLabel = makeLabel("listenAddress");
}

void MainWindow::applyFilter() {
    view::FilterExpression expression = m_filter->expression();
    for (const view::FilterTerm& term : m_scope.terms) {
        expression.terms.push_back(term);
    }
    m_model->setFilter(std::move(expression));
}

void MainWindow::onFlowsCommitted(qint64 highestId) {
    if (m_viewingLive) {
        m_model->refresh(highestId);
        // A commit may carry messages of the open connection shown in the Messages tab.
        if (m_messages->flowId() != 0 && m_messages->flowId() == m_detail->currentFlowId()) {
            m_messages->refresh();
        }
    }
}

void MainWindow::showMessagesOf(qint64 shownId) {
    const store::Flow* flow = m_detail->currentFlow();
    if (shownId != 0 && flow && flow->kind == store::FlowKind::WebSocket) {
        m_messages->showFlow(shownStoreFile(), *flow);
    } else {
        m_messages->clear();
    }
}

void MainWindow::onCurrentFlowChanged(qint64 id) {
    m_pendingDetailId = id;
    m_detailTimer.start();
}

std::filesystem::path MainWindow::shownStoreFile() const {
    return m_model->storeFile();
}

std::optional<store::Flow> MainWindow::loadFlow(std::int64_t id, bool withBodies) const {
    try {
        return store::FlowReader(shownStoreFile()).get(id, withBodies);
    } catch (const store::StoreError& failure) {
        const_cast<MainWindow*>(this)->reportStoreProblem(QString::fromUtf8(failure.what()));
        return std::nullopt;
    }
}

void MainWindow::updateStatus() {
    const std::optional<engine::ListenAddress> address = m_capture.address();
    m_addressLabel->setText(address ? QStringLiteral("Listening on %1").arg(QString::fromStdString(address->toString()))
                                    : QStringLiteral("Proxy stopped"));
    const QLocale locale;
    const QString total = locale.toString(static_cast<qulonglong>(m_model->totalFlows()));
    const QString shown = locale.toString(m_model->rowCount());
    QString count = m_model->rowCount() == static_cast<int>(m_model->totalFlows())
                        ? QStringLiteral("%1 flows").arg(total)
                        : QStringLiteral("%1 of %2 flows").arg(shown, total);
    if (m_model->busy()) {
        count += QStringLiteral(" · working…");
    }
    if (!m_viewingLive) {
        count += QStringLiteral(" · session %1").arg(fromPath(m_sessionFile.filename()));
    }
    m_countLabel->setText(count);
    m_recordingLabel->setText(m_capture.recording() ? QStringLiteral("● Recording") : QStringLiteral("Paused"));
    m_caLabel->setText(m_caTrusted ? QStringLiteral("CA trusted") : QStringLiteral("⚠ CA not trusted"));
}

void MainWindow::updateEmptyState() {
    const std::optional<engine::ListenAddress> address = m_capture.address();
    m_empty->setDetails(address ? QString::fromStdString(address->toString()) : QString(),
                        fromPath(m_capture.caCertificateFile()), m_caTrusted);
    const bool empty = m_model->totalFlows() == 0 && !m_model->busy() && m_viewingLive;
    m_listStack->setCurrentWidget(empty ? static_cast<QWidget*>(m_empty) : static_cast<QWidget*>(m_list));
}

void MainWindow::updateHostTree() {
    m_hosts->update(m_model->flowView(), m_model->tableGeneration());
}

void MainWindow::startCapture(const engine::ProxyOptions& options) {
    try {
        const engine::ListenAddress address = m_capture.start(options);
        m_portBanner->hide();
        Q_EMIT listening(QString::fromStdString(address.toString()));
    } catch (const engine::EngineError& failure) {
        showPortProblem(QString::fromUtf8(failure.what()), options);
    }
    updateStatus();
    updateEmptyState();
}

void MainWindow::showPortProblem(const QString& message, const engine::ProxyOptions& options) {
    m_portBannerText->setText(QStringLiteral("<b>The proxy is not running:</b> %1").arg(message.toHtmlEscaped()));
    m_portBannerButton->setText(QStringLiteral("Use another port"));
    m_portBannerButton->disconnect(this);
    connect(m_portBannerButton, &QPushButton::clicked, this, [this, options] {
        try {
            const engine::ListenAddress address = m_capture.startOnNextFreePort(options);
            m_portBanner->hide();
            showMessage(QStringLiteral("Listening on %1 (for this run; Settings… keeps it)")
                            .arg(QString::fromStdString(address.toString())));
            Q_EMIT listening(QString::fromStdString(address.toString()));
        } catch (const engine::EngineError& failure) {
            m_portBannerText->setText(QStringLiteral("<b>No free port found:</b> %1")
                                          .arg(QString::fromUtf8(failure.what()).toHtmlEscaped()));
        }
        updateStatus();
        updateEmptyState();
    });
    m_portBanner->show();
}

QString MainWindow::portProblemText() const {
    return m_portBanner->isVisibleTo(this) ? m_portBannerText->text() : QString();
}

QString MainWindow::statusText() const {
    return QStringList{m_addressLabel->text(), m_countLabel->text(), m_recordingLabel->text(), m_caLabel->text()}.join(
        QStringLiteral(" | "));
}

void MainWindow::showMessage(const QString& message) {
    statusBar()->showMessage(message, 8000);
}

} // namespace flowscope::ui
