#include "detail/timing_waterfall.hpp"

#include <QImage>
#include <gtest/gtest.h>

namespace flowscope::ui {
namespace {

TEST(TimingPhases, OffsetsAccumulateOverPhasesThatHappened) {
    const auto phases = timingPhases({1'000, -1, 3'000, 500, 10'000, 2'000});
    ASSERT_EQ(phases.size(), 6);
    EXPECT_EQ(phases[0].name, QStringLiteral("DNS"));
    EXPECT_EQ(phases[5].name, QStringLiteral("Receive"));
    EXPECT_EQ(phases[0].startUs, 0);
    EXPECT_EQ(phases[1].durationUs, -1); // connect did not happen
    EXPECT_EQ(phases[2].startUs, 1'000);
    EXPECT_EQ(phases[3].startUs, 4'000);
    EXPECT_EQ(phases[4].startUs, 4'500);
    EXPECT_EQ(phases[5].startUs, 14'500);
    EXPECT_EQ(timingTotalUs({1'000, -1, 3'000, 500, 10'000, 2'000}), 16'500);
    EXPECT_EQ(timingTotalUs({}), -1);
    EXPECT_EQ(timingTotalUs({-1, -1, -1, 0, 0, 0}), 0);
}

TEST(TimingPhases, Milliseconds) {
    EXPECT_EQ(formatMilliseconds(-1), QStringLiteral("\u2014"));
    EXPECT_EQ(formatMilliseconds(420), QStringLiteral("0.42 ms"));
    EXPECT_EQ(formatMilliseconds(12'340), QStringLiteral("12.3 ms"));
    EXPECT_EQ(formatMilliseconds(250'400), QStringLiteral("250 ms"));
}

TEST(TimingWaterfall, BarsFollowEachOtherInProportion) {
    TimingWaterfall view;
    view.resize(700, view.sizeHint().height());
    view.setTiming({10'000, -1, 10'000, -1, 20'000, 0});
    EXPECT_EQ(view.totalUs(), 40'000);
    const QRectF dns = view.barRect(0);
    const QRectF tls = view.barRect(2);
    const QRectF wait = view.barRect(4);
    EXPECT_TRUE(view.barRect(1).isEmpty());
    EXPECT_TRUE(view.barRect(3).isEmpty());
    ASSERT_FALSE(dns.isEmpty());
    EXPECT_NEAR(tls.left(), dns.right(), 0.5);
    EXPECT_NEAR(wait.left(), tls.right(), 0.5);
    EXPECT_NEAR(wait.width(), 2 * dns.width(), 0.5);
    EXPECT_GT(view.barRect(5).width(), 0); // a zero-length phase is still a visible hairline
    EXPECT_LT(dns.top(), tls.top());       // one row per phase
}

TEST(TimingWaterfall, PaintsPhaseColoursIntoTheBars) {
    TimingWaterfall view;
    view.resize(600, view.sizeHint().height());
    view.setTiming({1'000, 1'000, 1'000, 1'000, 1'000, 1'000});
    const QImage image = view.grab().toImage();
    const QPointF centre = view.barRect(3).center();
    const QColor painted = image.pixelColor(centre.toPoint());
    EXPECT_NE(painted, view.palette().color(QPalette::Window)); // a bar, not the background
    EXPECT_GT(painted.saturation(), 100);
}

TEST(TimingWaterfall, NothingRecordedPaintsNoBars) {
    TimingWaterfall view;
    view.resize(600, view.sizeHint().height());
    view.clear();
    for (int i = 0; i < 6; ++i)
        EXPECT_TRUE(view.barRect(i).isEmpty());
    EXPECT_FALSE(view.grab().isNull());
}

} // namespace
} // namespace flowscope::ui
