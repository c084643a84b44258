// FreeMemoryReleaser: memory freed in the middle of a heap goes back to the OS (Linux,
// glibc), and the releaser's thread stops at once with its owner.
#include "platform/process_tuning.hpp"

#include <chrono>
#include <cstdio>
#include <gtest/gtest.h>
#include <memory>
#include <unistd.h>
#include <vector>

namespace flowscope::platform {
namespace {

#if defined(__linux__)
long residentKib() {
    long pages = 0;
    long resident = 0;
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    if (statm == nullptr)
        return -1;
    const int read = std::fscanf(statm, "%ld %ld", &pages, &resident);
    std::fclose(statm);
    return read == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

TEST(FreeMemoryReleaser, GivesBackMemoryFreedBelowALiveBlock) {
    // 48 MiB in 1 KiB blocks (under any mmap threshold: they come from the heap), touched,
    // then a block allocated after them stays alive while they are freed: the free space
    // sits below it, where an ordinary free never gives memory back.
    constexpr std::size_t kBlocks = 48 * 1024;
    std::vector<std::unique_ptr<char[]>> blocks;
    blocks.reserve(kBlocks);
    for (std::size_t i = 0; i < kBlocks; ++i) {
        blocks.push_back(std::make_unique<char[]>(1024));
        blocks.back()[0] = 1;
        blocks.back()[1023] = 1;
    }
    auto pin = std::make_unique<char[]>(1024);
    pin[0] = 1;
    blocks.clear();
    blocks.shrink_to_fit();
    const long before = residentKib();
    ASSERT_GT(before, 0);

    FreeMemoryReleaser::releaseNow();
    const long after = residentKib();
    std::printf("[ RSS ] %ld KiB -> %ld KiB\n", before, after);
    EXPECT_LT(after, before - 32 * 1024) << "at least 32 of the 48 MiB freed went back";
}
#endif

TEST(FreeMemoryReleaser, StopsAtOnceWithItsOwner) {
    const auto start = std::chrono::steady_clock::now();
    { FreeMemoryReleaser releaser(std::chrono::hours(1)); }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << "did not wait for its interval";
}

} // namespace
} // namespace flowscope::platform
