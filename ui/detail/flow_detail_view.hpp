#pragma once
// The detail pane under (or beside) the flow list: one flow's request and response side by
// side (or stacked), each a tab widget, and an error banner on top when the exchange failed.
//
//   request side:  Headers | Query | Cookies | Body | Raw
//   response side: Headers | Cookies | Body | Raw | Timing | TLS | Error
//
// Tabs that have nothing for a flow are hidden (Query without a query string, TLS for plain
// http, Error without an error); Body and Raw always show, with "No body" when empty. The
// tab the user last picked on each side stays selected from flow to flow while it applies.
//
// Extra tabs (the WebSocket "Messages" tab) plug in with addFlowTab(); their owner listens
// to flowShown() and reads currentFlow() to fill them.

#include "store/flow.hpp"

#include <QWidget>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QFrame;
class QLabel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace flowscope::ui {

class BodyPane;
class ErrorPane;
class HeadersPane;
class KeyValueTable;
class RawPane;
class TimingWaterfall;
class TlsPane;

class FlowDetailView : public QWidget {
    Q_OBJECT

public:
    enum class Side { Request, Response };
    using TabPredicate = std::function<bool(const store::Flow&)>;

    explicit FlowDetailView(QWidget* parent = nullptr);
    ~FlowDetailView() override;

    void showFlow(const store::Flow& flow);
    void clear();

    bool hasFlow() const { return m_flow.has_value(); }
    qint64 currentFlowId() const { return m_flow ? m_flow->id : 0; }
    // The flow shown, with its body bytes dropped (sizes kept): the viewers hold those.
    const store::Flow* currentFlow() const { return m_flow ? &*m_flow : nullptr; }

    // Qt::Horizontal: request left, response right; Qt::Vertical: response below.
    void setOrientation(Qt::Orientation orientation);
    Qt::Orientation orientation() const;

    QTabWidget* requestTabs() const { return m_requestTabs; }
    QTabWidget* responseTabs() const { return m_responseTabs; }
    QTabWidget* tabs(Side side) const { return side == Side::Request ? m_requestTabs : m_responseTabs; }
    // Adds `page` (the view takes ownership) as a tab on `side`, shown for the flows
    // `visibleFor` accepts (every flow when empty). Returns the tab index.
    int addFlowTab(Side side, QWidget* page, const QString& title, TabPredicate visibleFor = {});
    bool isTabShown(QWidget* page) const; // visible in its tab bar for the current flow

    HeadersPane* headersPane(Side side) const { return side == Side::Request ? m_requestHeaders : m_responseHeaders; }
    BodyPane* bodyPane(Side side) const { return side == Side::Request ? m_requestBody : m_responseBody; }
    RawPane* rawPane(Side side) const { return side == Side::Request ? m_requestRaw : m_responseRaw; }
    KeyValueTable* cookiesTable(Side side) const {
        return side == Side::Request ? m_requestCookies : m_responseCookies;
    }
    KeyValueTable* queryTable() const { return m_query; }
    TimingWaterfall* timingView() const { return m_timing; }
    TlsPane* tlsPane() const { return m_tls; }
    ErrorPane* errorPane() const { return m_error; }

    bool isErrorBannerShown() const;
    QString errorBannerText() const;
    QToolButton* orientationButton() const { return m_orientationButton; }

Q_SIGNALS:
    // After showFlow() has filled every built-in tab (id of the flow), or after clear() (0).
    void flowShown(qint64 id);
    void orientationChanged(Qt::Orientation orientation);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct TabRule {
        QTabWidget* tabs;
        QWidget* page;
        TabPredicate visibleFor;
    };

    QTabWidget* makeSide(const QString& title, int side); // side 0: request, 1: response
    void addTab(QTabWidget* tabs, QWidget* page, const QString& title, TabPredicate visibleFor);
    void fill(const store::Flow& flow);
    void applyTabRules(const store::Flow* flow);
    void updateBannerColours();

    std::optional<store::Flow> m_flow;
    std::vector<TabRule> m_rules;
    // The page the user last chose on each side; re-selected whenever it is shown.
    QWidget* m_preferred[2] = {nullptr, nullptr};
    bool m_updatingTabs = false;

    QStackedWidget* m_stack;
    QLabel* m_placeholder;
    QFrame* m_banner;
    QLabel* m_bannerText;
    QSplitter* m_splitter;
    QTabWidget* m_requestTabs;
    QTabWidget* m_responseTabs;
    QToolButton* m_orientationButton;

    HeadersPane* m_requestHeaders;
    KeyValueTable* m_query;
    KeyValueTable* m_requestCookies;
    BodyPane* m_requestBody;
    RawPane* m_requestRaw;
    HeadersPane* m_responseHeaders;
    KeyValueTable* m_responseCookies;
    BodyPane* m_responseBody;
    RawPane* m_responseRaw;
    TimingWaterfall* m_timing;
    QLabel* m_timingNote;
    TlsPane* m_tls;
    ErrorPane* m_error;
};

} // namespace flowscope::ui
