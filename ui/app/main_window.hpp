#pragma once
// The main window: toolbar (record, clear, filter, quick filters), host sidebar, flow
// list, detail pane, status bar. It owns no engine state: CaptureHost runs the proxy and
// the store writer, FlowListModel shows a store (the live one or an opened session).

#include "engine/proxy_options.hpp"
#include "view/filter_expression.hpp"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QFrame;
class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTreeView;

namespace flowscope::client {
class RequestSender;
}
namespace flowscope::store {
struct Flow;
}

namespace flowscope::ui {

class CaptureHost;
class EmptyState;
class FilterBar;
class FlowDetailView;
class FlowListModel;
class FlowTableView;
class HostTreeModel;
class WebSocketMessagesPane;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `capture` must be open()ed and outlive the window.
    explicit MainWindow(CaptureHost& capture, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts the proxy on `options`; when the port is taken, says so in the window and
    // offers the next free port instead of failing silently.
    void startCapture(const engine::ProxyOptions& options);

    // The pieces, for tests and the screenshot tool.
    FlowListModel* flowModel() const { return m_model; }
    FlowTableView* flowList() const { return m_list; }
    FilterBar* filterBar() const { return m_filter; }
    HostTreeModel* hostModel() const { return m_hosts; }
    QTreeView* hostTree() const { return m_hostTree; }
    FlowDetailView* detailView() const { return m_detail; }
    WebSocketMessagesPane* messagesPane() const { return m_messages; }
    EmptyState* emptyState() const { return m_empty; }
    QAction* action(const QString& objectName) const;
    QString portProblemText() const;  // the banner's text, empty when hidden
    QString statusText() const;       // the status bar's labels joined, for tests
    bool viewingLiveCapture() const { return m_viewingLive; }

    // File operations without dialogs (the menu actions ask for the path, then call these).
    // An empty string on success, else why the file cannot be shown (nothing changes then).
    QString openSession(const std::filesystem::path& file);
    void showLiveCapture();
    void saveSessionAs(const std::filesystem::path& file, std::function<void(bool, QString)> done = {});
    enum class ExportScope { All, Filtered, Selected };
    void exportHar(const std::filesystem::path& file, ExportScope scope, std::function<void(bool, QString)> done = {});
    void importHar(const std::filesystem::path& file, std::function<void(bool, QString)> done = {});

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    // The proxy listens (at start, after a port change or a settings change).
    void listening(const QString& address);

private:
    void buildActions();
    void buildMenus();
    void buildToolbar();
    void buildCentre();
    void buildStatusBar();
    void applyFilter();
    void onFlowsCommitted(qint64 highestId);
    void onCurrentFlowChanged(qint64 id);
    void showMessagesOf(qint64 shownId);
    void updateStatus();
    void updateEmptyState();
    void updateHostTree();
    void showPortProblem(const QString& message, const engine::ProxyOptions& options);
    void deleteSelectedFlows();
    void clearFlows();
    void copyUrl();
    void copyAsCurl();
    void editAndResend();
    void saveBody(bool response);
    void openSettings();
    void showCaHelp();
    void reportStoreProblem(const QString& message);
    std::optional<store::Flow> loadFlow(std::int64_t id, bool withBodies) const;
    std::filesystem::path shownStoreFile() const;
    void showMessage(const QString& message);

    CaptureHost& m_capture;
    FlowListModel* m_model = nullptr;
    FlowTableView* m_list = nullptr;
    FilterBar* m_filter = nullptr;
    HostTreeModel* m_hosts = nullptr;
    QTreeView* m_hostTree = nullptr;
    FlowDetailView* m_detail = nullptr;
    WebSocketMessagesPane* m_messages = nullptr; // the detail's Messages tab (WebSocket flows)
    EmptyState* m_empty = nullptr;
    QStackedWidget* m_listStack = nullptr;
    QFrame* m_portBanner = nullptr;
    QLabel* m_portBannerText = nullptr;
    QPushButton* m_portBannerButton = nullptr;
    QLabel* m_addressLabel = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_recordingLabel = nullptr;
    QLabel* m_caLabel = nullptr;
    QAction* m_recordAction = nullptr;
    QTimer m_sidebarTimer;
    bool m_sidebarDirty = false;
    QTimer m_detailTimer;
    view::FilterExpression m_scope; // the sidebar's selection
    bool m_viewingLive = true;
    bool m_caTrusted = false;
    std::filesystem::path m_sessionFile;
    std::int64_t m_pendingDetailId = 0;
    std::shared_ptr<client::RequestSender> m_sender; // Edit and Resend, made for the current port
    std::uint16_t m_senderPort = 0;
};

} // namespace flowscope::ui
