#pragma once
// The body pane a flow's detail view embeds: undoes the Content-Encoding, works out what
// the body is, opens the fitting viewer and offers the others that apply
// (Tree | Text | Image | Hex | Raw). Viewers are filled only when first shown, so a
// 10 MB JSON body is not also hex-formatted and highlighted just to be looked at as a tree.

#include "viewers/body_kind.hpp"

#include <QByteArray>
#include <QList>
#include <QStringList>
#include <QWidget>
#include <map>
#include <memory>

class QButtonGroup;
class QLabel;
class QStackedWidget;
class QToolButton;

namespace flowscope::ui {

class HexView;
class ImagePreview;
class JsonDocument;
class JsonTreeView;
class TextBodyView;

class BodyViewer : public QWidget {
    Q_OBJECT

public:
    enum class Mode { Tree, Text, Image, Hex, Raw };
    Q_ENUM(Mode)

    // Decoded output past this is cut (a 10 KB gzip bomb can inflate to gigabytes).
    static constexpr std::size_t kDecodeLimit = 64u * 1024u * 1024u;

    explicit BodyViewer(QWidget* parent = nullptr);
    ~BodyViewer() override;

    // `raw` is the body as captured (still Content-Encoded). `truncated` and `fullSize`
    // come from the store: the capture kept raw.size() of fullSize bytes.
    void setBody(const QByteArray& raw, const QString& contentType, const QString& contentEncoding, bool truncated,
                 quint64 fullSize);
    void clear();

    bool hasBody() const { return m_kind != BodyKind::Empty; }
    BodyKind kind() const { return m_kind; }
    const QByteArray& body() const { return m_body; } // decoded bytes, or the raw bytes if decoding failed
    bool isDecoded() const { return m_decoded; }

    QList<Mode> availableModes() const { return m_modes; }
    Mode currentMode() const { return m_mode; } // meaningful when hasBody()
    bool setMode(Mode mode);                    // false if the mode does not apply to this body

    // The decode-failure banner ("Could not decode gzip …"), empty when there is none.
    QString bannerText() const;
    // "Body truncated: 1024 of 4096 bytes captured", empty when complete.
    QString truncationText() const;
    QString infoText() const;

    JsonTreeView* treeView() const { return m_tree; }
    TextBodyView* textView() const { return m_text; }
    TextBodyView* rawView() const { return m_raw; }
    ImagePreview* imagePreview() const { return m_image; }
    HexView* hexView() const { return m_hex; }

    static QString modeName(Mode mode);

Q_SIGNALS:
    void modeChanged(flowscope::ui::BodyViewer::Mode mode);

protected:
    void changeEvent(QEvent* event) override;

private:
    void decode(const QByteArray& raw, const QString& contentEncoding, bool truncated);
    void chooseModes();
    void populate(Mode mode);
    void showMode(Mode mode);
    QWidget* pageFor(Mode mode) const;
    void updateBannerColours();

    QByteArray m_body;
    QByteArray m_textBody; // m_body as UTF-8: differs only for a non-UTF-8 charset
    QString m_bannerText;
    QStringList m_notes; // truncation and decode notes
    QString m_contentType;
    BodyKind m_kind = BodyKind::Empty;
    bool m_decoded = false;
    std::shared_ptr<const JsonDocument> m_json;
    QList<Mode> m_modes;
    Mode m_mode = Mode::Hex;
    std::map<Mode, bool> m_populated;
    std::map<BodyKind, Mode> m_userChoice; // what the user last picked for each kind

    QButtonGroup* m_modeButtons;
    std::map<Mode, QToolButton*> m_buttons;
    QLabel* m_info;
    QLabel* m_banner;
    QLabel* m_truncation;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    JsonTreeView* m_tree;
    TextBodyView* m_text;
    TextBodyView* m_raw;
    ImagePreview* m_image;
    HexView* m_hex;
};

} // namespace flowscope::ui
