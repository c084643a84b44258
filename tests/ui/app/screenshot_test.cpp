// Renders the main window over a realistic set of flows (a JSON API, an HTML page, an
// image, scripts, a 404, an upstream failure, a WebSocket) and writes PNGs:
//   $FLOWSCOPE_SCREENSHOT_DIR (docs/screenshots when refreshing them), else
//   $FLOWSCOPE_TEST_BINARY_DIR/screenshots.
// Asserts the pictures are real renders: the right size and far from a blank window.
#include "app_test_support.hpp"

#include "app/main_window.hpp"
#include "capture/capture_host.hpp"
#include "detail/flow_detail_view.hpp"
#include "flowlist/flow_list_model.hpp"
#include "flowlist/flow_table_view.hpp"
#include "support/temp_dir.hpp"

#include "store/flow_writer.hpp"

#include <QApplication>
#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSet>
#include <QTabWidget>
#include <QTreeView>
#include <gtest/gtest.h>

#include <cstdlib>
#include <zlib.h>

namespace flowscope::ui::test {
namespace {

constexpr std::int64_t kStartUs = 1'763'900'000'000'000; // 2025-11-23, a fixed clock for stable pictures

std::string pngBytes() {
    QImage image(48, 48, QImage::Format_ARGB32);
    image.fill(QColor(0x1e, 0x3a, 0x5f));
    QPainter painter(&image);
    painter.setBrush(QColor(0x5e, 0xc8, 0xf2));
    painter.drawEllipse(8, 8, 32, 32);
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.toStdString();
}

std::string gzipped(const std::string& text) {
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(compressBound(static_cast<uLong>(text.size())) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

store::Flow baseFlow(std::int64_t id, std::string method, std::string host, std::string path, int status,
                     std::string type, std::int64_t offsetMs, std::int64_t durationMs) {
    store::Flow flow;
    flow.id = id;
    flow.startedAtUs = kStartUs + offsetMs * 1000;
    flow.endedAtUs = flow.startedAtUs + durationMs * 1000;
    flow.scheme = "https";
    flow.method = std::move(method);
    flow.host = std::move(host);
    flow.port = 443;
    flow.path = std::move(path);
    flow.url = "https://" + flow.host + flow.path;
    flow.httpVersion = "HTTP/1.1";
    flow.status = status;
    flow.reason = status == 200 ? "OK" : status == 404 ? "Not Found" : status == 201 ? "Created" : "";
    flow.clientAddress = "127.0.0.1:52114";
    flow.requestHeaders = {{"Host", flow.host},
                           {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"},
                           {"Accept", "*/*"},
                           {"Accept-Encoding", "gzip, br"},
                           {"Cookie", "session=8f3a1c; theme=dark"}};
    flow.responseContentType = type;
    flow.responseHeaders = {{"Content-Type", type}, {"Cache-Control", "no-cache"}, {"Server", "nginx"}};
    flow.timing = store::FlowTiming{2100, 4800, 9300, 150, durationMs * 600, durationMs * 250};
    flow.tls.sni = flow.host;
    flow.tls.clientAlpn = "http/1.1";
    flow.tls.clientVersion = "TLSv1.3";
    flow.tls.upstreamVersion = "TLSv1.3";
    flow.tls.upstreamCipher = "TLS_AES_128_GCM_SHA256";
    flow.tls.upstreamCertSubject = "CN=" + flow.host;
    flow.tls.upstreamCertIssuer = "CN=R11,O=Let's Encrypt,C=US";
    return flow;
}

void setBody(store::BodyCapture& body, std::string data) {
    body.size = data.size();
    body.data = std::move(data);
}

std::vector<store::Flow> realisticFlows() {
    const std::string json =
        R"({"user":{"id":4182,"name":"Ada Lovelace","email":"ada@example.com","roles":["admin","billing"],)"
        R"("settings":{"theme":"dark","notifications":true,"locale":"en-GB"}},"orders":[{"id":"ord_9f2","total":129.5,)"
        R"("currency":"EUR","items":3,"status":"shipped"},{"id":"ord_a17","total":42,"currency":"EUR","items":1,)"
        R"("status":"processing"}],"next_cursor":null})";
    std::vector<store::Flow> flows;
    std::int64_t id = 0;
    std::int64_t at = 0;
    auto add = [&](store::Flow flow) { flows.push_back(std::move(flow)); };

    store::Flow page = baseFlow(++id, "GET", "shop.example.com", "/", 200, "text/html; charset=utf-8", at += 0, 182);
    setBody(page.responseBody, "<!doctype html><html><head><title>Shop</title><link rel=stylesheet href=/app.css>"
                               "</head><body><h1>Welcome</h1><script src=/app.js></script></body></html>");
    add(page);
    store::Flow css = baseFlow(++id, "GET", "cdn.example.com", "/assets/app.3f9c.css", 200, "text/css", at += 40, 31);
    setBody(css.responseBody, "body{font:14px system-ui;margin:0}h1{color:#1e3a5f}");
    add(css);
    store::Flow js = baseFlow(++id, "GET", "cdn.example.com", "/assets/app.3f9c.js", 200, "application/javascript",
                              at += 3, 58);
    setBody(js.responseBody, "import{render}from'./ui.js';render(document.body,{cart:3});");
    add(js);
    store::Flow api = baseFlow(++id, "GET", "api.example.com", "/v1/me?include=orders", 200,
                               "application/json; charset=utf-8", at += 120, 96);
    api.responseHeaders.emplace_back("Content-Encoding", "gzip");
    setBody(api.responseBody, gzipped(json));
    add(api);
    store::Flow logo = baseFlow(++id, "GET", "cdn.example.com", "/img/logo.png", 200, "image/png", at += 10, 24);
    setBody(logo.responseBody, pngBytes());
    add(logo);
    store::Flow post = baseFlow(++id, "POST", "api.example.com", "/v1/cart/items", 201, "application/json", at += 900, 143);
    post.requestContentType = "application/json";
    post.requestHeaders.emplace_back("Content-Type", "application/json");
    setBody(post.requestBody, R"({"sku":"KB-201","quantity":1})");
    setBody(post.responseBody, R"({"cart":{"items":4,"total":171.5}})");
    add(post);
    store::Flow missing = baseFlow(++id, "GET", "api.example.com", "/v1/recommendations", 404, "application/json",
                                   at += 35, 41);
    setBody(missing.responseBody, R"({"error":"not_found"})");
    add(missing);
    store::Flow failed = baseFlow(++id, "GET", "metrics.example.net", "/collect?v=2", 0, "", at += 60, 10'002);
    failed.errorKind = "upstream_timeout";
    failed.errorMessage = "metrics.example.net:443 did not answer within 10 s";
    failed.responseHeaders.clear();
    failed.timing.waitUs = 10'000'000;
    failed.timing.receiveUs = -1;
    add(failed);
    store::Flow socket = baseFlow(++id, "GET", "live.example.com", "/socket", 101, "", at += 15, 64'000);
    socket.kind = store::FlowKind::WebSocket;
    socket.scheme = "wss";
    socket.url = "wss://live.example.com/socket";
    socket.reason = "Switching Protocols";
    add(socket);
    for (int n = 0; n < 14; ++n) {
        store::Flow poll = baseFlow(++id, n % 4 == 0 ? "POST" : "GET", n % 3 == 0 ? "api.example.com" : "cdn.example.com",
                                    n % 3 == 0 ? "/v1/events?since=" + std::to_string(4000 + n)
                                               : "/img/p/" + std::to_string(200 + n) + ".webp",
                                    n == 9 ? 500 : n % 5 == 0 ? 304 : 200, n % 3 == 0 ? "application/json" : "image/webp",
                                    at += 70 + n * 13, 20 + n * 7);
        setBody(poll.responseBody, n % 3 == 0 ? R"({"events":[]})" : std::string(900 + n * 50, 'x'));
        add(poll);
    }
    return flows;
}

// Not a blank or single-colour render: many distinct colours across the picture.
int distinctColours(const QImage& image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            colours.insert(image.pixel(x, y));
        }
    }
    return colours.size();
}

std::filesystem::path outputDir() {
    if (const char* dir = std::getenv("FLOWSCOPE_SCREENSHOT_DIR")) {
        return dir;
    }
    const char* build = std::getenv("FLOWSCOPE_TEST_BINARY_DIR");
    return std::filesystem::path(build != nullptr ? build : ".") / "screenshots";
}

QPalette darkPalette() {
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
    palette.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Base, QColor(0x17, 0x19, 0x1c));
    palette.setColor(QPalette::AlternateBase, QColor(0x1f, 0x22, 0x26));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Button, QColor(0x2a, 0x2d, 0x32));
    palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    return palette;
}

TEST(Screenshots, MainWindowWithRealisticFlows) {
    flowscope::test::TempDir dataDir;
    {
        store::FlowWriter writer(dataDir.path() / "flows.sqlite");
        for (store::Flow& flow : realisticFlows()) {
            flow.id = writer.allocateId();
            writer.publish(std::move(flow));
        }
    }
    CaptureHost capture(DataPaths{dataDir.path()});
    capture.open();
    std::filesystem::create_directories(outputDir());
    const QPalette original = QApplication::palette();

    struct Shot {
        const char* file;
        int flowId;
        bool dark;
    };
    for (const Shot& shot : {Shot{"main-window.png", 4, false}, Shot{"image-preview.png", 5, false},
                             Shot{"main-window-dark.png", 4, true}}) {
        QApplication::setPalette(shot.dark ? darkPalette() : original);
        MainWindow window(capture);
        engine::ProxyOptions options = capture.options();
        options.listenPort = 0;
        window.startCapture(options);
        window.resize(1440, 900);
        window.show();
        ASSERT_TRUE(waitFor([&] { return !window.flowModel()->busy() && window.flowModel()->rowCount() == 23; }));
        window.hostTree()->expandAll();
        window.flowList()->selectFlow(shot.flowId);
        ASSERT_TRUE(waitFor([&] { return window.detailView()->currentFlowId() == shot.flowId; }));
        QTabWidget* response = window.detailView()->responseTabs();
        for (int tab = 0; tab < response->count(); ++tab) {
            if (response->tabText(tab) == QStringLiteral("Body")) {
                response->setCurrentIndex(tab); // the decoded JSON tree and the image preview
            }
        }
        waitFor([] { return false; }, std::chrono::milliseconds(300)); // let the sidebar timer and layouts settle
        const QImage image = window.grab().toImage();
        EXPECT_EQ(image.size(), window.size() * window.devicePixelRatio());
        EXPECT_GT(distinctColours(image), 40) << shot.file;
        const auto file = outputDir() / shot.file;
        ASSERT_TRUE(image.save(QString::fromStdString(file.string()), "PNG")) << file;
        EXPECT_GT(std::filesystem::file_size(file), 20'000u) << file;
        capture.stop();
    }
    QApplication::setPalette(original);
}

} // namespace
} // namespace flowscope::ui::test
