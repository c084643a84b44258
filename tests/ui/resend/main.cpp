// GoogleTest main for the resend dialog tests: a QApplication on the offscreen platform, so
// widgets can be created, shown and painted without a display.
#include <QApplication>
#include <gtest/gtest.h>

int main(int argc, char** argv) {
    // Must be set before QApplication picks its platform plugin.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
