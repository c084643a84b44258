#include "resend/resend_request.hpp"

#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

using client::HeaderList;

store::Flow capturedPost() {
    store::Flow flow;
    flow.method = "POST";
    flow.url = "https://api.example.test/v1/items";
    flow.requestHeaders = {{"Host", "api.example.test"}, {"Connection", "keep-alive"}, {"Content-Type", "text/plain"},
                           {"Content-Length", "5"},      {"Keep-Alive", "timeout=5"},  {"Accept", "*/*"}};
    flow.requestBody = {"hello", 5, false};
    return flow;
}

TEST(EditableRequest, LeavesOutWhatIsRecomputed) {
    const EditableRequest editable = editableRequest(capturedPost());
    EXPECT_EQ(editable.spec.method, "POST");
    EXPECT_EQ(editable.spec.url, "https://api.example.test/v1/items");
    EXPECT_EQ(editable.spec.headers,
              (HeaderList{{"Host", "api.example.test"}, {"Content-Type", "text/plain"}, {"Accept", "*/*"}}));
    EXPECT_EQ(editable.spec.body, "hello");
    EXPECT_TRUE(editable.bodyIsText);
    EXPECT_TRUE(editable.bodyNote.isEmpty());
}

TEST(EditableRequest, BinaryEncodedAndTruncatedBodies) {
    store::Flow flow = capturedPost();
    flow.requestBody = {std::string("a\0b", 3), 3, false};
    EXPECT_FALSE(editableRequest(flow).bodyIsText);
    flow.requestBody = {"\xff\xfe not utf-8", 12, false};
    EXPECT_FALSE(editableRequest(flow).bodyIsText);
    flow.requestBody = {"plain but gzip-labelled", 23, false};
    flow.requestHeaders.emplace_back("Content-Encoding", "gzip");
    const EditableRequest encoded = editableRequest(flow);
    EXPECT_FALSE(encoded.bodyIsText);
    EXPECT_TRUE(encoded.bodyNote.contains(QStringLiteral("content-encoded")));

    store::Flow truncated = capturedPost();
    truncated.requestBody = {"hel", 5000, true};
    const EditableRequest cut = editableRequest(truncated);
    EXPECT_TRUE(cut.bodyIsText);
    EXPECT_TRUE(cut.bodyNote.contains(QStringLiteral("Only 3 of the original 5000"))) << cut.bodyNote.toStdString();
}

TEST(FinalRequest, HostFollowsAnEditedUrl) {
    client::RequestSpec spec{"GET", "http://other.test:8080/x", {{"host", "api.example.test"}, {"A", "1"}}, ""};
    const auto sent = finalRequest(spec, "https://api.example.test/v1/items");
    EXPECT_EQ(sent.headers, (HeaderList{{"host", "other.test:8080"}, {"A", "1"}}));
}

TEST(FinalRequest, AHandWrittenHostIsKept) {
    client::RequestSpec spec{"GET", "http://127.0.0.1:8080/x", {{"Host", "virtual.test"}}, ""};
    EXPECT_EQ(finalRequest(spec, "http://api.example.test/").headers, (HeaderList{{"Host", "virtual.test"}}));
}

TEST(FinalRequest, ContentLengthFollowsTheEditedBody) {
    client::RequestSpec spec{
        "POST", "https://api.example.test/v1/items", {{"Host", "api.example.test"}}, "a longer body"};
    EXPECT_EQ(finalRequest(spec, spec.url).headers,
              (HeaderList{{"Host", "api.example.test"}, {"Content-Length", "13"}}));
}

TEST(HostHeaderOf, DefaultPortsAndInvalidUrls) {
    EXPECT_EQ(hostHeaderOf("https://h.test:443/"), "h.test");
    EXPECT_EQ(hostHeaderOf("http://h.test:81/"), "h.test:81");
    EXPECT_EQ(hostHeaderOf("not a url"), "");
}

} // namespace
} // namespace flowscope::ui
