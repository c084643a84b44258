#include "platform/thread_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#if defined(__linux__) || defined(__APPLE__)
#include <pthread.h>
#endif

namespace flowscope::platform {
namespace {

#if defined(__linux__) || defined(__APPLE__)
std::string currentThreadName() {
    char name[64] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    return name;
}

std::string nameSeenInside(std::string_view given) {
    std::string seen;
    std::thread([&] {
        nameThisThread(given);
        seen = currentThreadName();
    }).join();
    return seen;
}

TEST(ThreadName, TheCallingThreadCarriesTheName) {
    EXPECT_EQ(nameSeenInside("fs-test-thread"), "fs-test-thread");
}

TEST(ThreadName, OtherThreadsKeepTheirNames) {
    const std::string before = currentThreadName();
    static_cast<void>(nameSeenInside("fs-elsewhere"));
    EXPECT_EQ(currentThreadName(), before);
}

TEST(ThreadName, LongNamesAreCutNotRefused) {
    const std::string seen = nameSeenInside("fs-a-name-much-longer-than-fifteen-bytes");
#if defined(__linux__)
    EXPECT_EQ(seen, "fs-a-name-much-"); // the kernel keeps 15 bytes
#else
    EXPECT_EQ(seen, "fs-a-name-much-longer-than-fifteen-bytes");
#endif
}
#endif

} // namespace
} // namespace flowscope::platform
