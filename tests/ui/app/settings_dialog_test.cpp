// The settings dialog reads its fields into ProxyOptions, refuses invalid input in place,
// and asks for an explicit opt-in before listening beyond loopback.
#include "app/settings_dialog.hpp"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <gtest/gtest.h>

namespace flowscope::ui::test {
namespace {

TEST(SettingsDialog, FieldsBecomeOptions) {
    engine::ProxyOptions current;
    current.noDecryptHosts = {"*.apple.com"};
    current.drainTimeout = std::chrono::milliseconds(1234); // not in the dialog: kept
    SettingsDialog dialog(current);
    EXPECT_EQ(dialog.noDecryptField()->toPlainText(), QStringLiteral("*.apple.com"));
    dialog.portField()->setValue(9090);
    dialog.noDecryptField()->setPlainText(QStringLiteral("*.apple.com\n\n  bank.test  \n"));
    dialog.insecureField()->setPlainText(QStringLiteral("self-signed.test"));
    dialog.maxBodyField()->setText(QStringLiteral("2MiB"));
    dialog.captureBodiesBox()->setChecked(false);
    dialog.upstreamTimeoutField()->setValue(15);
    dialog.accept();
    ASSERT_EQ(dialog.result(), QDialog::Accepted);
    const engine::ProxyOptions options = dialog.options();
    EXPECT_EQ(options.listenHost, "127.0.0.1");
    EXPECT_EQ(options.listenPort, 9090);
    EXPECT_EQ(options.noDecryptHosts, (std::vector<std::string>{"*.apple.com", "bank.test"}));
    EXPECT_EQ(options.insecureHosts, (std::vector<std::string>{"self-signed.test"}));
    EXPECT_EQ(options.maxBodySize, 2u * 1024u * 1024u);
    EXPECT_FALSE(options.captureBodies);
    EXPECT_EQ(options.upstreamTimeout, std::chrono::seconds(15));
    EXPECT_EQ(options.drainTimeout, std::chrono::milliseconds(1234));
}

TEST(SettingsDialog, InvalidSizeStaysOpenWithAMessage) {
    SettingsDialog dialog(engine::ProxyOptions{});
    dialog.maxBodyField()->setText(QStringLiteral("lots"));
    dialog.accept();
    EXPECT_NE(dialog.result(), QDialog::Accepted);
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("settingsError"));
    ASSERT_NE(error, nullptr);
    EXPECT_FALSE(error->text().isEmpty());
}

TEST(SettingsDialog, LanNeedsTheCheckbox) {
    SettingsDialog dialog(engine::ProxyOptions{});
    dialog.listenHostField()->setText(QStringLiteral("0.0.0.0"));
    dialog.accept();
    EXPECT_NE(dialog.result(), QDialog::Accepted);
    dialog.lanBox()->setChecked(true);
    dialog.accept();
    EXPECT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_EQ(dialog.options().listenHost, "0.0.0.0");
}

} // namespace
} // namespace flowscope::ui::test
