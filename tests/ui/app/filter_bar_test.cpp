// The filter field and quick filters, driven with QTest input.
#include "app/filter_bar.hpp"
#include "app_test_support.hpp"

#include "view/filter_parser.hpp"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <gtest/gtest.h>

namespace flowscope::ui::test {
namespace {

TEST(FilterBar, TypingProducesOneDebouncedExpression) {
    FilterBar bar;
    bar.show();
    QSignalSpy changed(&bar, &FilterBar::expressionChanged);
    QTest::keyClicks(bar.field(), QStringLiteral("host:api status:4xx"));
    EXPECT_EQ(changed.count(), 0); // debounced while typing
    ASSERT_TRUE(waitFor([&] { return changed.count() == 1; }));
    EXPECT_EQ(bar.expression(), view::parseFilter("host:api status:4xx").expression);
    EXPECT_TRUE(bar.errorText().isEmpty());
}

TEST(FilterBar, ErrorsAreShownAndKeepTheLastGoodFilter) {
    FilterBar bar;
    bar.show();
    bar.setText(QStringLiteral("method:post"));
    bar.setText(QStringLiteral("method:post sttus:200"));
    EXPECT_TRUE(bar.errorText().contains(QStringLiteral("sttus"))) << bar.errorText().toStdString();
    EXPECT_EQ(bar.expression(), view::parseFilter("method:post").expression);
    bar.setText(QStringLiteral("method:post status:200"));
    EXPECT_TRUE(bar.errorText().isEmpty());
}

TEST(FilterBar, QuickFiltersCombineWithTheText) {
    FilterBar bar;
    bar.show();
    bar.setText(QStringLiteral("host:shop"));
    QSignalSpy changed(&bar, &FilterBar::expressionChanged);
    auto* scripts = bar.findChild<QToolButton*>(QStringLiteral("quick-%1").arg(static_cast<int>(FilterBar::Quick::Scripts)));
    ASSERT_NE(scripts, nullptr);
    QTest::mouseClick(scripts, Qt::LeftButton);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(bar.quick(), FilterBar::Quick::Scripts);
    // Same terms (where each starts in the text does not matter).
    EXPECT_TRUE(view::sameFilter(bar.expression(), view::parseFilter("host:shop type:js,css").expression));

    const std::pair<FilterBar::Quick, const char*> equivalents[] = {
        {FilterBar::Quick::All, ""},
        {FilterBar::Quick::Json, "type:json"},
        {FilterBar::Quick::Docs, "type:html"},
        {FilterBar::Quick::Images, "type:image"},
        {FilterBar::Quick::WebSocket, "kind:websocket"},
        {FilterBar::Quick::Errors, "error"},
        {FilterBar::Quick::HttpErrors, "status:400-599"},
    };
    for (const auto& [quick, text] : equivalents) {
        EXPECT_TRUE(view::sameFilter(FilterBar::quickExpression(quick), view::parseFilter(text).expression)) << text;
    }
}

} // namespace
} // namespace flowscope::ui::test
