#pragma once
// Runs a scenario in a child process (a GoogleTest death test, "threadsafe" style: the
// binary re-executes just this test) and expects a clean exit. A proxy crash then fails
// this one test, with the child's stderr in the report, instead of killing every test
// after it in the binary. The scenario returns "" on success or what went wrong.

#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>
#include <string>

#define FLOWSCOPE_EXPECT_SURVIVES(scenario)                                                                            \
    do {                                                                                                               \
        GTEST_FLAG_SET(death_test_style, "threadsafe");                                                                \
        EXPECT_EXIT(                                                                                                   \
            {                                                                                                          \
                const std::string failure = (scenario)();                                                              \
                if (!failure.empty())                                                                                  \
                    std::fprintf(stderr, "scenario failed: %s\n", failure.c_str());                                    \
                std::fflush(nullptr);                                                                                  \
                std::_Exit(failure.empty() ? 0 : 1);                                                                   \
            },                                                                                                         \
            ::testing::ExitedWithCode(0), "");                                                                         \
    } while (false)
