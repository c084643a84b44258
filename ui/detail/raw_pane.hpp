#pragma once
// The Raw tab: the message bytes as captured (start line, fields, body), as text or hex.
// Filled when first shown: most flows are looked at without ever opening it.

#include <QByteArray>
#include <QWidget>

class QLabel;
class QStackedWidget;
class QToolButton;

namespace flowscope::ui {

class HexView;
class TextBodyView;

class RawPane : public QWidget {
    Q_OBJECT

public:
    enum class Mode { Text, Hex };

    explicit RawPane(QWidget* parent = nullptr);

    // `note` is shown above the bytes ("Body truncated: ..."), empty for none.
    void setMessage(const QByteArray& bytes, const QString& note = QString());
    void clear() { setMessage(QByteArray()); }

    const QByteArray& bytes() const { return m_bytes; }
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    // What the text view shows; fills it first if needed.
    QString text();
    TextBodyView* textView() const { return m_text; }
    HexView* hexView() const { return m_hex; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    void populate();

    QByteArray m_bytes;
    Mode m_mode = Mode::Text;
    bool m_textFilled = false;
    bool m_hexFilled = false;
    QToolButton* m_textButton;
    QToolButton* m_hexButton;
    QLabel* m_note;
    QLabel* m_empty;
    QStackedWidget* m_stack;
    TextBodyView* m_text;
    HexView* m_hex;
};

} // namespace flowscope::ui
