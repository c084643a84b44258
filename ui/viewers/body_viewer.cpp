#include "viewers/body_viewer.hpp"

#include "http/content_decoding.hpp"
#include "viewers/hex_view.hpp"
#include "viewers/image_preview.hpp"
#include "viewers/json_document.hpp"
#include "viewers/json_tree_view.hpp"
#include "viewers/text_body_view.hpp"
#include "viewers/viewer_text.hpp"

#include <QButtonGroup>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QStringDecoder>
#include <QToolButton>
#include <QVBoxLayout>
#include <string_view>

namespace flowscope::ui {
namespace {

constexpr BodyViewer::Mode kAllModes[] = {BodyViewer::Mode::Tree, BodyViewer::Mode::Text, BodyViewer::Mode::Image,
                                          BodyViewer::Mode::Hex, BodyViewer::Mode::Raw};

std::string_view view(const QByteArray& bytes) {
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

QByteArray toByteArray(const std::string& bytes) {
    return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
}

bool isUtf8Charset(const QString& charset) {
    return charset.isEmpty() || charset == u"utf-8" || charset == u"utf8" || charset == u"us-ascii";
}

} // namespace

BodyViewer::BodyViewer(QWidget* parent)
    : QWidget(parent), m_modeButtons(new QButtonGroup(this)), m_info(new QLabel(this)), m_banner(new QLabel(this)),
      m_truncation(new QLabel(this)), m_stack(new QStackedWidget(this)), m_empty(new QLabel(tr("No body"), this)),
      m_tree(new JsonTreeView(this)), m_text(new TextBodyView(this)), m_raw(new TextBodyView(this)),
      m_image(new ImagePreview(this)), m_hex(new HexView(this)) {
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->setSpacing(2);
    for (const Mode mode : kAllModes) {
        auto* button = new QToolButton(this);
        button->setText(modeName(mode));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->hide();
        m_modeButtons->addButton(button, static_cast<int>(mode));
        m_buttons[mode] = button;
        bar->addWidget(button);
    }
    m_modeButtons->setExclusive(true);
    bar->addStretch();
    bar->addWidget(m_info);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_banner->setWordWrap(true);
    m_banner->setAutoFillBackground(true);
    m_banner->setMargin(6);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->hide();
    m_truncation->setWordWrap(true);
    m_truncation->setMargin(4);
    m_truncation->hide();
    updateBannerColours();

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false); // greyed, like other "nothing here" placeholders
    for (QWidget* page : {static_cast<QWidget*>(m_empty), static_cast<QWidget*>(m_tree), static_cast<QWidget*>(m_text),
                          static_cast<QWidget*>(m_image), static_cast<QWidget*>(m_hex), static_cast<QWidget*>(m_raw)})
        m_stack->addWidget(page);
    m_stack->setCurrentWidget(m_empty);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_banner);
    layout->addWidget(m_truncation);
    layout->addWidget(m_stack, 1);

    connect(m_modeButtons, &QButtonGroup::idClicked, this, [this](int id) {
        const auto mode = static_cast<Mode>(id);
        m_userChoice[m_kind] = mode;
        showMode(mode);
    });
    clear();
}

BodyViewer::~BodyViewer() = default;

QString BodyViewer::modeName(Mode mode) {
    switch (mode) {
    case Mode::Tree:
        return tr("Tree");
    case Mode::Text:
        return tr("Text");
    case Mode::Image:
        return tr("Image");
    case Mode::Hex:
        return tr("Hex");
    case Mode::Raw:
        return tr("Raw");
    }
    return {};
}

void BodyViewer::clear() {
    setBody(QByteArray(), QString(), QString(), false, 0);
}

void BodyViewer::setBody(const QByteArray& raw, const QString& contentType, const QString& contentEncoding,
                         bool truncated, quint64 fullSize) {
    // Drop what the previous body left in the viewers, so memory follows the current body.
    for (auto& [mode, populated] : m_populated) {
        if (!populated)
            continue;
        switch (mode) {
        case Mode::Tree:
            m_tree->clear();
            break;
        case Mode::Text:
            m_text->clear();
            break;
        case Mode::Raw:
            m_raw->clear();
            break;
        case Mode::Image:
            m_image->clear();
            break;
        case Mode::Hex:
            m_hex->setData(QByteArray());
            break;
        }
        populated = false;
    }
    m_contentType = contentType;
    m_bannerText.clear();
    m_notes.clear();
    m_json.reset();

    if (truncated) {
        const QLocale locale;
        m_notes << (fullSize > 0 ? tr("Body truncated: %1 of %2 bytes captured.")
                                       .arg(locale.toString(static_cast<qulonglong>(raw.size())),
                                            locale.toString(static_cast<qulonglong>(fullSize)))
                                 : tr("Body truncated: %1 bytes captured.")
                                       .arg(locale.toString(static_cast<qulonglong>(raw.size()))));
    }
    decode(raw, contentEncoding, truncated);

    const QString charset = charsetOf(contentType);
    m_textBody = m_body;
    if (!isUtf8Charset(charset)) {
        QStringDecoder decoder(charset.toUtf8().constData());
        if (decoder.isValid())
            m_textBody = QString(decoder.decode(m_body)).toUtf8();
    }

    // Bytes that failed to decode are still encoded: the Content-Type describes what they
    // would have been, not what they are, so only the bytes themselves decide.
    m_kind = classifyBody(m_bannerText.isEmpty() ? contentType : QString(), m_textBody);
    if (m_kind == BodyKind::Json)
        m_json = std::make_shared<const JsonDocument>(JsonDocument::parse(m_textBody));
    chooseModes();

    m_banner->setText(m_bannerText);
    m_banner->setVisible(!m_bannerText.isEmpty());
    m_truncation->setText(m_notes.join(QLatin1Char(' ')));
    m_truncation->setVisible(!m_notes.isEmpty());
    m_info->setText(infoText());
}

void BodyViewer::decode(const QByteArray& raw, const QString& contentEncoding, bool truncated) {
    m_body = raw;
    m_decoded = false;
    const QString encoding = contentEncoding.trimmed();
    if (raw.isEmpty() || encoding.isEmpty() || encoding.compare(u"identity", Qt::CaseInsensitive) == 0)
        return;
    const QByteArray encodingBytes = encoding.toUtf8();
    const http::DecodeResult result = http::decodeContent(view(raw), view(encodingBytes), kDecodeLimit);
    if (result.ok) {
        m_body = toByteArray(result.data);
        m_decoded = true;
        if (result.truncated)
            m_notes
                << tr("The decoded body is larger than %1; only that much is shown.").arg(formatByteSize(kDecodeLimit));
        return;
    }
    if (truncated && !result.data.empty()) {
        // A capture cut at max_body_size ends mid-stream: that is expected, and the part that
        // did decode is far more useful than compressed bytes.
        m_body = toByteArray(result.data);
        m_decoded = true;
        m_notes << tr("The %1 stream is incomplete; showing the %2 that decoded.")
                       .arg(encoding, formatByteSize(static_cast<quint64>(m_body.size())));
        return;
    }
    m_bannerText = tr("Could not decode Content-Encoding \u201c%1\u201d: %2. Showing the raw bytes.")
                       .arg(encoding, QString::fromStdString(result.error));
}

void BodyViewer::chooseModes() {
    m_modes.clear();
    Mode preferred = Mode::Hex;
    const bool svg = mediaType(m_contentType) == u"image/svg+xml";
    switch (m_kind) {
    case BodyKind::Empty:
        break;
    case BodyKind::Json:
        if (m_json->isValid())
            m_modes << Mode::Tree;
        m_modes << Mode::Text << Mode::Hex << Mode::Raw;
        preferred = m_json->isValid() ? Mode::Tree : Mode::Text;
        break;
    case BodyKind::Image:
        m_modes << Mode::Image;
        if (svg)
            m_modes << Mode::Text;
        m_modes << Mode::Hex;
        if (svg)
            m_modes << Mode::Raw;
        preferred = ImagePreview::canDecode(m_body) ? Mode::Image : Mode::Hex;
        break;
    case BodyKind::Binary:
        m_modes << Mode::Hex;
        break;
    default:
        m_modes << Mode::Text << Mode::Hex << Mode::Raw;
        preferred = Mode::Text;
        break;
    }
    const auto choice = m_userChoice.find(m_kind);
    if (choice != m_userChoice.end() && m_modes.contains(choice->second))
        preferred = choice->second;

    for (const auto& [mode, button] : m_buttons)
        button->setVisible(m_modes.contains(mode));
    if (m_modes.isEmpty()) {
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    showMode(preferred);
}

bool BodyViewer::setMode(Mode mode) {
    if (!m_modes.contains(mode))
        return false;
    showMode(mode);
    return true;
}

void BodyViewer::populate(Mode mode) {
    bool& populated = m_populated[mode];
    if (populated)
        return;
    populated = true;
    switch (mode) {
    case Mode::Tree:
        m_tree->setDocument(m_json);
        break;
    case Mode::Text:
        if (m_kind == BodyKind::Form)
            m_text->setBody(formatFormUrlEncoded(m_textBody), SyntaxLanguage::None, TextBodyView::Formatting::AsIs);
        else
            m_text->setBody(m_textBody, m_kind == BodyKind::Image ? SyntaxLanguage::Xml : languageFor(m_kind));
        break;
    case Mode::Raw:
        m_raw->setBody(m_textBody, SyntaxLanguage::None, TextBodyView::Formatting::AsIs);
        break;
    case Mode::Image:
        m_image->setImageData(m_body);
        break;
    case Mode::Hex:
        m_hex->setData(m_body);
        break;
    }
}

QWidget* BodyViewer::pageFor(Mode mode) const {
    switch (mode) {
    case Mode::Tree:
        return m_tree;
    case Mode::Text:
        return m_text;
    case Mode::Image:
        return m_image;
    case Mode::Hex:
        return m_hex;
    case Mode::Raw:
        return m_raw;
    }
    return m_empty;
}

void BodyViewer::showMode(Mode mode) {
    populate(mode);
    m_mode = mode;
    m_buttons[mode]->setChecked(true);
    m_stack->setCurrentWidget(pageFor(mode));
    Q_EMIT modeChanged(mode);
}

QString BodyViewer::bannerText() const {
    return m_bannerText;
}

QString BodyViewer::truncationText() const {
    return m_notes.join(QLatin1Char(' '));
}

QString BodyViewer::infoText() const {
    if (m_kind == BodyKind::Empty)
        return {};
    QString text = mediaType(m_contentType);
    if (!text.isEmpty())
        text += QStringLiteral(" \u00b7 ");
    text += formatByteSize(static_cast<quint64>(m_body.size()));
    return text;
}

void BodyViewer::updateBannerColours() {
    // A red tint of the current base colour: an error on a light or a dark theme, with the
    // theme's own text colour on top.
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

void BodyViewer::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange)
        updateBannerColours();
    QWidget::changeEvent(event);
}

} // namespace flowscope::ui
