// The whole path: a flow captured by a real engine, opened in the dialog, edited, sent with
// the real RequestSender through the same engine to a real TLS origin; the origin must get
// the edited request and the store must record it as a new flow.
#include "client/request_sender.hpp"
#include "resend/edit_resend_dialog.hpp"
#include "resend/header_editor.hpp"
#include "resend/sender_function.hpp"
#include "support/proxy_harness.hpp"
#include "support/temp_dir.hpp"
#include "support/test_origin.hpp"
#include "support/test_pki.hpp"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

using namespace std::chrono_literals;

test::TestPki makePki(const test::TempDir& dir) {
    std::filesystem::create_directories(dir.path() / "pki");
    return test::createTestPki(dir.path() / "pki");
}

engine::ProxyOptions trusting(const test::TestPki& pki) {
    engine::ProxyOptions options = test::ProxyHarness::defaultOptions();
    options.upstreamCaFiles = {pki.caCert};
    return options;
}

TEST(ResendEndToEnd, EditedRequestReachesTheOriginAndIsRecorded) {
    test::TempDir scratch("flowscope-resend-it");
    const test::TestPki pki = makePki(scratch);
    test::TestOrigin origin(pki.valid);
    test::ProxyHarness proxy(trusting(pki));
    client::SenderConfig config;
    config.proxyPort = proxy.port();
    config.caPem = test::readFile(proxy.caPath());
    config.timeout = 20s;
    auto sender = std::make_shared<client::RequestSender>(config);

    // A first exchange, captured by the engine: the flow the user opens.
    const client::SendResult first =
        sender->send({"POST", origin.url("/echo", "localhost"), {{"Content-Type", "text/plain"}}, "original"});
    ASSERT_TRUE(first.ok()) << first.error;
    const auto captured = proxy.flows(1);
    ASSERT_EQ(captured.size(), 1u);

    EditResendDialog dialog(resendWith(sender));
    dialog.setFlow(captured[0]);
    dialog.show();
    dialog.bodyEdit()->selectAll();
    QTest::keyClicks(dialog.bodyEdit(), QStringLiteral("edited body"));
    QTest::mouseClick(dialog.headerEditor()->addButton(), Qt::LeftButton);
    const int row = dialog.headerEditor()->table()->rowCount() - 1;
    dialog.headerEditor()->table()->item(row, 0)->setText(QStringLiteral("X-Resent"));
    dialog.headerEditor()->table()->item(row, 1)->setText(QStringLiteral("1"));
    QTest::mouseClick(dialog.sendButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog.isSending(); }, 20000));
    EXPECT_TRUE(dialog.statusText().startsWith(QStringLiteral("200 OK"))) << dialog.statusText().toStdString();

    const auto received = origin.receivedRequests();
    ASSERT_EQ(received.size(), 2u);
    EXPECT_EQ(received[1].method, "POST");
    EXPECT_EQ(received[1].target, "/echo");
    EXPECT_EQ(received[1].body, "edited body");
    const std::vector<std::pair<std::string, std::string>> expected{
        {"Host", "localhost:" + std::to_string(origin.port())},
        {"Content-Type", "text/plain"},
        {"X-Resent", "1"},
        {"Content-Length", "11"}}; // recomputed, so after the fields the user edited
    EXPECT_EQ(received[1].headers, expected);

    const auto flows = proxy.flows(2);
    ASSERT_EQ(flows.size(), 2u);
    EXPECT_EQ(flows[1].scheme, "https");
    EXPECT_EQ(flows[1].requestBody.data, "edited body");
    EXPECT_EQ(flows[1].responseBody.data, "edited body"); // /echo
    EXPECT_EQ(flows[1].status, 200);
}

} // namespace
} // namespace flowscope::ui
