#include "viewers/json_tree_view.hpp"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLatin1StringView>
#include <QLineEdit>
#include <QMenu>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace flowscope::ui {
namespace {

// Small documents open fully expanded; bigger ones show the first level only.
constexpr int kAutoExpandNodes = 200;

constexpr int kSearchDelayMs = 200;

class MatchDelegate : public QStyledItemDelegate {
public:
    MatchDelegate(const JsonTreeView* view, QObject* parent) : QStyledItemDelegate(parent), m_view(view) {}

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (!m_view->isMatch(index))
            return;
        // Translucent yellow reads on light and dark bases alike and keeps the text colour.
        const bool dark = option->palette.color(QPalette::Base).lightness() < 128;
        option->backgroundBrush = QColor(255, 196, 0, dark ? 90 : 120);
    }

private:
    const JsonTreeView* m_view;
};

// Case-insensitive containment. ASCII needles are matched on the raw UTF-8 bytes when the
// span has no escapes (no decoding, no allocation); anything else is decoded first.
class Matcher {
public:
    explicit Matcher(const QString& needle) : m_needle(needle) {
        bool ascii = true;
        for (const QChar ch : needle)
            ascii = ascii && ch.unicode() < 0x80;
        if (ascii)
            m_latin1 = needle.toLatin1();
        m_ascii = ascii;
    }

    bool matchesLiteral(QByteArrayView literal) const // a JSON string literal with quotes
    {
        const QByteArrayView inner = literal.size() >= 2 ? literal.sliced(1, literal.size() - 2) : literal;
        if (m_ascii && !inner.contains('\\'))
            return matchesBytes(inner);
        return JsonDocument::decodeString(literal).contains(m_needle, Qt::CaseInsensitive);
    }

    bool matchesBytes(QByteArrayView bytes) const {
        if (m_ascii)
            return QLatin1StringView(bytes.data(), bytes.size())
                .contains(QLatin1StringView(m_latin1.constData(), m_latin1.size()), Qt::CaseInsensitive);
        return QString::fromUtf8(bytes).contains(m_needle, Qt::CaseInsensitive);
    }

private:
    QString m_needle;
    QByteArray m_latin1;
    bool m_ascii = false;
};

} // namespace

JsonTreeView::JsonTreeView(QWidget* parent)
    : QWidget(parent), m_model(new JsonTreeModel(this)), m_tree(new QTreeView(this)), m_search(new QLineEdit(this)),
      m_previous(new QToolButton(this)), m_next(new QToolButton(this)), m_matchLabel(new QLabel(this)),
      m_error(new QLabel(this)), m_searchDelay(new QTimer(this)) {
    m_search->setPlaceholderText(tr("Search keys and values"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_previous->setText(tr("Previous"));
    m_previous->setArrowType(Qt::UpArrow);
    m_previous->setToolTip(tr("Previous match (Shift+Enter)"));
    m_next->setText(tr("Next"));
    m_next->setArrowType(Qt::DownArrow);
    m_next->setToolTip(tr("Next match (Enter)"));
    auto* expand = new QToolButton(this);
    expand->setText(tr("Expand all"));
    auto* collapse = new QToolButton(this);
    collapse->setText(tr("Collapse all"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_previous);
    bar->addWidget(m_next);
    bar->addWidget(m_matchLabel);
    bar->addSpacing(8);
    bar->addWidget(expand);
    bar->addWidget(collapse);

    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setItemDelegate(new MatchDelegate(this, m_tree));
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    m_tree->setColumnWidth(JsonTreeModel::KeyColumn, 240);
    m_tree->setColumnWidth(JsonTreeModel::TypeColumn, 80);
    m_tree->installEventFilter(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(m_tree, 1);

    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_searchDelay, &QTimer::timeout, this, [this] { setSearchText(m_search->text()); });
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_next, &QToolButton::clicked, this, &JsonTreeView::nextMatch);
    connect(m_previous, &QToolButton::clicked, this, &JsonTreeView::previousMatch);
    connect(expand, &QToolButton::clicked, this, &JsonTreeView::expandAll);
    connect(collapse, &QToolButton::clicked, this, &JsonTreeView::collapseAll);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &JsonTreeView::showContextMenu);
    updateMatchLabel();
}

JsonTreeView::~JsonTreeView() = default;

bool JsonTreeView::setJson(const QByteArray& json) {
    const bool ok = m_model->setJson(json);
    afterDocumentChanged();
    return ok;
}

void JsonTreeView::setDocument(std::shared_ptr<const JsonDocument> document) {
    m_model->setDocument(std::move(document));
    afterDocumentChanged();
}

void JsonTreeView::clear() {
    m_model->clear();
    afterDocumentChanged();
}

void JsonTreeView::afterDocumentChanged() {
    const QString error = m_model->errorString();
    m_error->setText(error.isEmpty() ? QString() : tr("Invalid JSON: %1").arg(error));
    m_error->setVisible(!error.isEmpty());
    const JsonDocument* document = m_model->document();
    if (document) {
        if (document->nodeCount() <= kAutoExpandNodes)
            m_tree->expandAll();
        else
            m_tree->expand(m_model->index(0, 0));
    }
    m_searchText.clear();
    setSearchText(m_search->text());
}

void JsonTreeView::setSearchText(const QString& text) {
    m_searchDelay->stop();
    if (m_search->text() != text) {
        const QSignalBlocker blocker(m_search);
        m_search->setText(text);
    }
    m_searchText = text;
    runSearch();
}

void JsonTreeView::runSearch() {
    m_matches.clear();
    m_matchFlags.clear();
    m_currentMatch = -1;
    const JsonDocument* document = m_model->document();
    if (document && !m_searchText.isEmpty()) {
        const Matcher matcher(m_searchText);
        const QByteArray& text = document->text();
        m_matchFlags.assign(static_cast<std::size_t>(document->nodeCount()), 0);
        // The tape is in document order, so one linear pass yields matches top to bottom.
        for (int i = 0; i < document->nodeCount(); ++i) {
            const JsonDocument::Node& n = document->node(i);
            quint8 flags = 0;
            if (n.keyLength > 0 && matcher.matchesLiteral(QByteArrayView(text.constData() + n.keyOffset, n.keyLength)))
                flags |= 1;
            if (n.type == JsonDocument::Type::String) {
                if (matcher.matchesLiteral(document->rawValue(i)))
                    flags |= 2;
            } else if (n.type != JsonDocument::Type::Object && n.type != JsonDocument::Type::Array) {
                if (matcher.matchesBytes(document->rawValue(i)))
                    flags |= 2;
            }
            if (flags != 0) {
                m_matchFlags[static_cast<std::size_t>(i)] = flags;
                m_matches.push_back(i);
            }
        }
    }
    m_tree->viewport()->update();
    if (!m_matches.empty())
        goToMatch(0);
    updateMatchLabel();
    Q_EMIT matchesChanged(matchCount());
}

QModelIndex JsonTreeView::currentMatch() const {
    if (m_currentMatch < 0)
        return {};
    const int node = m_matches[static_cast<std::size_t>(m_currentMatch)];
    const bool keyOnly = m_matchFlags[static_cast<std::size_t>(node)] == 1;
    return m_model->indexForNode(node, keyOnly ? JsonTreeModel::KeyColumn : JsonTreeModel::ValueColumn);
}

bool JsonTreeView::isMatch(const QModelIndex& index) const {
    const int node = m_model->nodeOf(index);
    if (node < 0 || static_cast<std::size_t>(node) >= m_matchFlags.size())
        return false;
    const quint8 flags = m_matchFlags[static_cast<std::size_t>(node)];
    if (index.column() == JsonTreeModel::KeyColumn)
        return (flags & 1) != 0;
    if (index.column() == JsonTreeModel::ValueColumn)
        return (flags & 2) != 0;
    return false;
}

void JsonTreeView::nextMatch() {
    if (!m_matches.empty())
        goToMatch((m_currentMatch + 1) % matchCount());
}

void JsonTreeView::previousMatch() {
    if (!m_matches.empty())
        goToMatch((m_currentMatch + matchCount() - 1) % matchCount());
}

void JsonTreeView::goToMatch(int number) {
    m_currentMatch = number;
    const QModelIndex index = currentMatch();
    for (QModelIndex ancestor = index.parent(); ancestor.isValid(); ancestor = ancestor.parent())
        m_tree->expand(ancestor);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index, QAbstractItemView::PositionAtCenter);
    updateMatchLabel();
}

void JsonTreeView::updateMatchLabel() {
    const bool any = !m_matches.empty();
    m_previous->setEnabled(any);
    m_next->setEnabled(any);
    if (m_searchText.isEmpty())
        m_matchLabel->clear();
    else if (!any)
        m_matchLabel->setText(tr("No matches"));
    else
        m_matchLabel->setText(tr("%1 of %2").arg(m_currentMatch + 1).arg(matchCount()));
}

void JsonTreeView::expandAll() {
    const JsonDocument* document = m_model->document();
    if (!document)
        return;
    if (document->nodeCount() <= m_expandAllNodes) {
        m_tree->expandAll();
        return;
    }
    std::vector<int> frontier{0};
    std::vector<int> toExpand;
    qsizetype rows = 1;
    for (std::size_t i = 0; i < frontier.size(); ++i) {
        const JsonDocument::Node& n = document->node(frontier[i]);
        if (rows >= m_expandRowBudget)
            break;
        toExpand.push_back(frontier[i]);
        rows += n.childCount;
        for (int row = 0; row < n.childCount; ++row) {
            const int child = document->childAt(frontier[i], row);
            if (document->node(child).childCount > 0)
                frontier.push_back(child);
        }
    }
    // expandRecursively() puts the view into "layout pending" first, so the expand() calls
    // below only record indexes and the rows are laid out once, not once per call.
    m_tree->expandRecursively(m_model->index(0, 0), 0);
    for (const int node : toExpand)
        m_tree->expand(m_model->indexForNode(node));
}

void JsonTreeView::collapseAll() {
    m_tree->collapseAll();
}

void JsonTreeView::copyValue(const QModelIndex& index) const {
    if (index.isValid())
        QGuiApplication::clipboard()->setText(m_model->plainValueText(index));
}

void JsonTreeView::copyJson(const QModelIndex& index) const {
    if (index.isValid())
        QGuiApplication::clipboard()->setText(m_model->valueText(index));
}

void JsonTreeView::copyPath(const QModelIndex& index) const {
    if (index.isValid())
        QGuiApplication::clipboard()->setText(m_model->pathOf(index));
}

void JsonTreeView::copyKey(const QModelIndex& index) const {
    if (index.isValid())
        QGuiApplication::clipboard()->setText(m_model->keyText(index));
}

void JsonTreeView::showContextMenu(const QPoint& pos) {
    const QModelIndex index = m_tree->indexAt(pos);
    if (!index.isValid())
        return;
    QMenu menu(this);
    menu.addAction(tr("Copy value"), this, [this, index] { copyValue(index); });
    menu.addAction(tr("Copy as JSON"), this, [this, index] { copyJson(index); });
    menu.addAction(tr("Copy path"), this, [this, index] { copyPath(index); });
    menu.addAction(tr("Copy key"), this, [this, index] { copyKey(index); });
    if (m_model->hasChildren(index.siblingAtColumn(0))) {
        menu.addSeparator();
        menu.addAction(tr("Expand children"), this,
                       [this, index] { m_tree->expandRecursively(index.siblingAtColumn(0)); });
        menu.addAction(tr("Collapse children"), this, [this, index] { m_tree->collapse(index.siblingAtColumn(0)); });
    }
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

bool JsonTreeView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (watched == m_search) {
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (m_searchDelay->isActive() || m_search->text() != m_searchText)
                setSearchText(m_search->text());
            else if (key->modifiers() & Qt::ShiftModifier)
                previousMatch();
            else
                nextMatch();
            return true;
        }
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            setSearchText(QString());
            return true;
        }
    } else if (watched == m_tree && key->matches(QKeySequence::Copy)) {
        copyValue(m_tree->currentIndex());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace flowscope::ui
