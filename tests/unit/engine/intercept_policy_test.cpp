// InterceptPolicy: decrypt unless a "don't decrypt" glob matches; remembers rejections.

#include "engine/intercept_policy.hpp"

#include <gtest/gtest.h>
#include <string>
#include <thread>
#include <vector>

namespace flowscope::engine {
namespace {

TEST(InterceptPolicy, InterceptsEverythingWithoutPatterns) {
    const InterceptPolicy policy({});
    EXPECT_EQ(policy.decide({"example.com", 443}), InterceptDecision::Intercept);
    EXPECT_EQ(policy.decide({"", 443}), InterceptDecision::Intercept);
}

TEST(InterceptPolicy, TunnelsHostsMatchingAnyPattern) {
    const InterceptPolicy policy({"*.apple.com", "pinned.example.org", "10.0.0.?"});
    EXPECT_EQ(policy.decide({"gateway.icloud.apple.com", 443}), InterceptDecision::Tunnel);
    EXPECT_EQ(policy.decide({"pinned.example.org", 8443}), InterceptDecision::Tunnel);
    EXPECT_EQ(policy.decide({"10.0.0.7", 443}), InterceptDecision::Tunnel);
    EXPECT_EQ(policy.decide({"apple.com", 443}), InterceptDecision::Intercept);
    EXPECT_EQ(policy.decide({"www.pinned.example.org", 443}), InterceptDecision::Intercept);
    EXPECT_EQ(policy.decide({"10.0.0.17", 443}), InterceptDecision::Intercept);
    EXPECT_EQ(policy.decide({"example.com", 443}), InterceptDecision::Intercept);
}

TEST(InterceptPolicy, StarTunnelsEverything) {
    const InterceptPolicy policy({"*"});
    EXPECT_EQ(policy.decide({"anything.test", 443}), InterceptDecision::Tunnel);
}

TEST(InterceptPolicy, CountsRejectionsPerHost) {
    InterceptPolicy policy({});
    EXPECT_EQ(policy.rejectionsFor("a.test"), 0u);
    policy.noteClientRejected("a.test");
    policy.noteClientRejected("a.test");
    policy.noteClientRejected("b.test");
    EXPECT_EQ(policy.rejectionsFor("a.test"), 2u);
    EXPECT_EQ(policy.rejectionsFor("b.test"), 1u);
    EXPECT_EQ(policy.rejectionsFor("c.test"), 0u);
    // Rejections are advisory: they do not change the decision by themselves.
    EXPECT_EQ(policy.decide({"a.test", 443}), InterceptDecision::Intercept);
}

TEST(InterceptPolicy, RejectionsFromManyThreadsAreAllCounted) {
    InterceptPolicy policy({});
    constexpr int kThreads = 4;
    constexpr int kPerThread = 2000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&policy, t] {
            for (int i = 0; i < kPerThread; ++i) {
                policy.noteClientRejected(t % 2 == 0 ? "even.test" : "odd.test");
                (void)policy.rejectionsFor("even.test");
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(policy.rejectionsFor("even.test"), static_cast<std::uint32_t>(kPerThread * kThreads / 2));
    EXPECT_EQ(policy.rejectionsFor("odd.test"), static_cast<std::uint32_t>(kPerThread * kThreads / 2));
}

} // namespace
} // namespace flowscope::engine
