// The dialog against a recording sender: what the user edits is exactly what is sent, and
// the answer (delivered from another thread, as RequestSender does) is shown.
#include "detail/body_pane.hpp"
#include "detail/headers_pane.hpp"
#include "detail/key_value_table.hpp"
#include "detail/text_table_model.hpp"
#include "resend/edit_resend_dialog.hpp"
#include "resend/header_editor.hpp"
#include "viewers/body_viewer.hpp"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <gtest/gtest.h>
#include <optional>
#include <thread>

namespace flowscope::ui {
namespace {

using client::HeaderList;
using client::RequestSpec;
using client::SendResult;

store::Flow capturedPost() {
    store::Flow flow;
    flow.method = "POST";
    flow.url = "https://api.example.test/v1/items?draft=1";
    flow.requestHeaders = {{"Host", "api.example.test"}, {"Content-Type", "application/json"},
                           {"Content-Length", "13"},     {"Connection", "keep-alive"},
                           {"X-Remove-Me", "1"},         {"Accept", "*/*"}};
    flow.requestBody = {R"({"name":"a"})"
                        "\n",
                        13, false};
    return flow;
}

// Records each request; answers from a thread of its own, like RequestSender.
struct RecordingSender {
    std::vector<RequestSpec> requests;
    std::optional<SendResult> answer; // none: never answers (the request stays pending)
    std::vector<std::thread> threads;
    std::function<void(SendResult)> pending;

    ResendFunction function() {
        return [this](RequestSpec spec, std::function<void(SendResult)> done) {
            requests.push_back(std::move(spec));
            if (!answer) {
                pending = std::move(done);
                return;
            }
            threads.emplace_back([result = *answer, done = std::move(done)] { done(result); });
        };
    }
    ~RecordingSender() {
        for (auto& thread : threads)
            thread.join();
    }
};

SendResult okResult() {
    SendResult result;
    result.status = 201;
    result.reason = "Created";
    result.headers = {{"Content-Type", "application/json"}, {"X-Served-By", "origin"}};
    result.body = R"({"id":1})";
    result.bodySize = result.body.size();
    result.elapsed = std::chrono::milliseconds(12);
    return result;
}

class EditResendDialogTest : public ::testing::Test {
protected:
    EditResendDialogTest() {
        sender.answer = okResult();
        dialog.setFlow(capturedPost());
        dialog.show();
    }
    bool waitForResult() {
        return QTest::qWaitFor([&] { return !dialog.isSending(); }, 5000);
    }
    void setCell(int row, int column, const QString& text) {
        dialog.headerEditor()->table()->item(row, column)->setText(text);
    }

    RecordingSender sender;
    EditResendDialog dialog{sender.function()};
};

TEST_F(EditResendDialogTest, OpensTheFlowsRequest) {
    EXPECT_EQ(dialog.methodBox()->currentText(), QStringLiteral("POST"));
    EXPECT_EQ(dialog.urlEdit()->text(), QStringLiteral("https://api.example.test/v1/items?draft=1"));
    EXPECT_EQ(dialog.headerEditor()->headers(), (HeaderList{{"Host", "api.example.test"},
                                                            {"Content-Type", "application/json"},
                                                            {"X-Remove-Me", "1"},
                                                            {"Accept", "*/*"}}));
    EXPECT_EQ(dialog.bodyEdit()->toPlainText(), QStringLiteral("{\"name\":\"a\"}\n"));
    EXPECT_FALSE(dialog.bodyEdit()->isReadOnly());
}

TEST_F(EditResendDialogTest, SendsWhatWasEdited) {
    // Method typed into the editable combo box.
    dialog.methodBox()->lineEdit()->selectAll();
    QTest::keyClicks(dialog.methodBox()->lineEdit(), QStringLiteral("PUT"));
    // New URL: another host, so the Host field follows it.
    dialog.urlEdit()->selectAll();
    QTest::keyClicks(dialog.urlEdit(), QStringLiteral("http://127.0.0.1:8080/v2/items?x=%20y"));
    // One header changed, one removed, one added.
    setCell(3, 1, QStringLiteral("application/json, text/plain"));
    dialog.headerEditor()->table()->selectRow(2);
    QTest::mouseClick(dialog.headerEditor()->removeButton(), Qt::LeftButton);
    QTest::mouseClick(dialog.headerEditor()->addButton(), Qt::LeftButton);
    const int added = dialog.headerEditor()->table()->rowCount() - 1;
    setCell(added, 0, QStringLiteral("X-Added"));
    setCell(added, 1, QStringLiteral("  yes  "));
    // Body edited by typing.
    dialog.bodyEdit()->selectAll();
    QTest::keyClicks(dialog.bodyEdit(), QStringLiteral("{\"name\":\"b\",\"n\":2}"));

    QTest::mouseClick(dialog.sendButton(), Qt::LeftButton);
    ASSERT_EQ(sender.requests.size(), 1u);
    const RequestSpec& sent = sender.requests[0];
    EXPECT_EQ(sent.method, "PUT");
    EXPECT_EQ(sent.url, "http://127.0.0.1:8080/v2/items?x=%20y");
    EXPECT_EQ(sent.headers, (HeaderList{{"Host", "127.0.0.1:8080"},
                                        {"Content-Type", "application/json"},
                                        {"Accept", "application/json, text/plain"},
                                        {"X-Added", "yes"},
                                        {"Content-Length", "18"}}));
    EXPECT_EQ(sent.body, R"({"name":"b","n":2})");

    EXPECT_TRUE(dialog.isSending());
    EXPECT_FALSE(dialog.sendButton()->isEnabled());
    ASSERT_TRUE(waitForResult());
    EXPECT_TRUE(dialog.sendButton()->isEnabled());
    EXPECT_TRUE(dialog.statusText().startsWith(QStringLiteral("201 Created"))) << dialog.statusText().toStdString();
    EXPECT_EQ(dialog.responseHeaders()->startLineText(), QStringLiteral("HTTP/1.1 201 Created"));
    EXPECT_EQ(dialog.responseHeaders()->table()->tableModel()->rowCount(), 2);
    EXPECT_EQ(dialog.responseBody()->viewer()->body(), QByteArray(R"({"id":1})"));
}

TEST_F(EditResendDialogTest, InvalidInputNeverReachesTheSender) {
    setCell(0, 0, QStringLiteral("Bad Name"));
    dialog.send();
    EXPECT_TRUE(sender.requests.empty());
    EXPECT_TRUE(dialog.statusText().contains(QStringLiteral("invalid header name")));
    EXPECT_FALSE(dialog.isSending());

    setCell(0, 0, QStringLiteral("Host"));
    dialog.urlEdit()->setText(QStringLiteral("ftp://nope.test/"));
    dialog.send();
    EXPECT_TRUE(sender.requests.empty());
    EXPECT_TRUE(dialog.statusText().contains(QStringLiteral("invalid URL")));
}

TEST_F(EditResendDialogTest, ShowsTheSendersError) {
    SendResult failed;
    failed.error = "connecting to the proxy at 127.0.0.1:8888 failed: Connection refused";
    sender.answer = failed;
    dialog.send();
    ASSERT_TRUE(waitForResult());
    EXPECT_EQ(dialog.statusText(), QStringLiteral("Failed: ") + QString::fromStdString(failed.error));
    EXPECT_EQ(dialog.responseHeaders()->table()->tableModel()->rowCount(), 0);
}

TEST_F(EditResendDialogTest, OneRequestAtATime) {
    sender.answer.reset(); // stays pending
    dialog.send();
    dialog.send();
    QTest::mouseClick(dialog.sendButton(), Qt::LeftButton);
    EXPECT_EQ(sender.requests.size(), 1u);
    sender.pending(okResult());
    ASSERT_TRUE(waitForResult());
    dialog.send();
    EXPECT_EQ(sender.requests.size(), 2u);
}

TEST_F(EditResendDialogTest, BinaryBodiesAreSentUnchanged) {
    store::Flow flow = capturedPost();
    const std::string bytes("\x89PNG\r\n\x1a\n\0\0", 10);
    flow.requestBody = {bytes, bytes.size(), false};
    dialog.setFlow(flow);
    EXPECT_TRUE(dialog.bodyEdit()->isReadOnly());
    dialog.send();
    ASSERT_EQ(sender.requests.size(), 1u);
    EXPECT_EQ(sender.requests[0].body, bytes);
    EXPECT_EQ(sender.requests[0].headers.back(), (std::pair<std::string, std::string>{"Content-Length", "10"}));
}

TEST(EditResendDialogLifetime, AnAnswerAfterTheDialogIsGoneIsDropped) {
    std::function<void(SendResult)> late;
    auto* dialog = new EditResendDialog([&](RequestSpec, std::function<void(SendResult)> done) { late = done; });
    dialog->setFlow(capturedPost());
    dialog->send();
    ASSERT_TRUE(late);
    delete dialog;
    std::thread answer([&] { late(okResult()); });
    answer.join();
    QCoreApplication::processEvents(); // the posted delivery finds no dialog, and does nothing
    SUCCEED();
}

} // namespace
} // namespace flowscope::ui
