#include "messages/websocket_messages_pane.hpp"

#include "messages/message_detail_view.hpp"
#include "messages/message_filter_model.hpp"
#include "messages/message_list_model.hpp"
#include "messages/message_text.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace flowscope::ui {

WebSocketMessagesPane::WebSocketMessagesPane(QWidget* parent)
    : QWidget(parent), m_model(new MessageListModel(this)), m_filter(new MessageFilterModel(this)),
      m_header(new QLabel(this)), m_text(new QLineEdit(this)), m_direction(new QComboBox(this)),
      m_type(new QComboBox(this)), m_splitter(new QSplitter(Qt::Vertical, this)), m_table(new QTableView(m_splitter)),
      m_detail(new MessageDetailView(m_splitter)) {
    m_filter->setSourceModel(m_model);

    m_header->setObjectName(QStringLiteral("connectionState"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);

    auto* filterRow = new QHBoxLayout;
    filterRow->setContentsMargins(0, 0, 0, 0);
    buildFilterRow(filterRow);

    m_table->setObjectName(QStringLiteral("messageList"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    // Fixed row heights and column widths: nothing is measured per row, however many there are.
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView* columns = m_table->horizontalHeader();
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(MessageListModel::DirectionColumn, digit * 4);
    m_table->setColumnWidth(MessageListModel::TimeColumn, digit * 14);
    m_table->setColumnWidth(MessageListModel::TypeColumn, digit * 13);
    m_table->setColumnWidth(MessageListModel::SizeColumn, digit * 10);

    m_splitter->setObjectName(QStringLiteral("messagesSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_header);
    layout->addLayout(filterRow);
    layout->addWidget(m_splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WebSocketMessagesPane::showCurrent);
    // A reset (another flow) or a filter that hides the selected row leaves nothing current.
    connect(m_filter, &QAbstractItemModel::modelReset, this, &WebSocketMessagesPane::showCurrent);
    connect(m_model, &MessageListModel::loadFailed, this, [this](const QString& message) {
        m_header->setText(QStringLiteral("Cannot read the messages: %1").arg(message));
    });
    clear();
}

WebSocketMessagesPane::~WebSocketMessagesPane() = default;

void WebSocketMessagesPane::buildFilterRow(QHBoxLayout* row) {
    m_text->setObjectName(QStringLiteral("messageFilterText"));
    m_text->setPlaceholderText(QStringLiteral("Filter messages"));
    m_text->setClearButtonEnabled(true);
    m_direction->setObjectName(QStringLiteral("messageFilterDirection"));
    m_direction->addItem(QStringLiteral("All directions"), static_cast<int>(MessageFilterModel::Direction::All));
    m_direction->addItem(QStringLiteral("\u2191 Sent"), static_cast<int>(MessageFilterModel::Direction::Sent));
    m_direction->addItem(QStringLiteral("\u2193 Received"), static_cast<int>(MessageFilterModel::Direction::Received));
    m_type->setObjectName(QStringLiteral("messageFilterType"));
    m_type->addItem(QStringLiteral("All types"), static_cast<int>(MessageFilterModel::Type::All));
    m_type->addItem(QStringLiteral("Text"), static_cast<int>(MessageFilterModel::Type::Text));
    m_type->addItem(QStringLiteral("Binary"), static_cast<int>(MessageFilterModel::Type::Binary));
    m_type->addItem(QStringLiteral("Control"), static_cast<int>(MessageFilterModel::Type::Control));
    row->addWidget(m_text, 1);
    row->addWidget(m_direction);
    row->addWidget(m_type);

    connect(m_text, &QLineEdit::textChanged, this, [this](const QString& text) { m_filter->setText(text); });
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setDirection(static_cast<MessageFilterModel::Direction>(m_direction->currentData().toInt()));
    });
    connect(m_type, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setType(static_cast<MessageFilterModel::Type>(m_type->currentData().toInt())); });
}

void WebSocketMessagesPane::showFlow(const std::filesystem::path& storeFile, const store::Flow& flow) {
    if (flow.id != 0 && flow.id == m_flow.id && storeFile == m_storeFile) {
        refresh();
        return;
    }
    m_storeFile = storeFile;
    m_flow = flow;
    m_flow.requestBody = {};
    m_flow.responseBody = {};
    m_flow.messages.clear();
    // An ended flow's messages are all stored (the final publish carries the rest with it).
    m_ended = flow.endedAtUs != 0;
    m_model->setFlow(storeFile, flow.id, flow.startedAtUs);
    m_detail->clear();
    updateHeader();
}

void WebSocketMessagesPane::clear() {
    m_storeFile.clear();
    m_flow = store::Flow{};
    m_flow.kind = store::FlowKind::WebSocket;
    m_ended = true;
    m_model->clear();
    m_detail->clear();
    m_header->clear();
}

void WebSocketMessagesPane::refresh() {
    if (m_ended || m_flow.id == 0 || !m_model->reader())
        return;
    // The row first, then the messages: when the row says the connection ended, the
    // messages committed with it are already readable.
    try {
        if (std::optional<store::Flow> row = m_model->reader()->get(m_flow.id, false)) {
            m_flow = std::move(*row);
            m_ended = m_flow.endedAtUs != 0;
        }
    } catch (const store::StoreError&) {
        return; // the next commit tries again; the model reports lasting failures
    }
    const bool follow = atBottom();
    if (m_model->refresh() > 0 && follow)
        m_table->scrollToBottom();
    updateHeader();
}

bool WebSocketMessagesPane::atBottom() const {
    const QScrollBar* bar = m_table->verticalScrollBar();
    return bar->value() >= bar->maximum();
}

void WebSocketMessagesPane::showCurrent() {
    const QModelIndex current = m_filter->mapToSource(m_table->selectionModel()->currentIndex());
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    if (std::optional<store::WebSocketMessage> message = m_model->fullMessage(current.row()))
        m_detail->showMessage(*message, m_flow.startedAtUs);
    else
        m_detail->clear();
}

void WebSocketMessagesPane::updateHeader() {
    if (m_model->errorText().isEmpty())
        m_header->setText(connectionStateText(m_flow, m_model->sentCount(), m_model->receivedCount()));
}

QString WebSocketMessagesPane::headerText() const {
    return m_header->text();
}

} // namespace flowscope::ui
