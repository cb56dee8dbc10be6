// The bad-input log limiter on virtual time.
#include <gtest/gtest.h>

#include <sessioncore/transport/log_limiter.hpp>

namespace sessioncore::transport {
namespace {

using namespace std::chrono_literals;

TEST(LogLimiter, AllowsNPerSecondAndCountsTheRest) {
    ManualClock clock;
    LogLimiter limiter(3);
    int allowed = 0;
    for (int i = 0; i < 10; ++i) {
        allowed += limiter.allow(clock.now()) ? 1 : 0;
        clock.advance(10ms);
    }
    EXPECT_EQ(allowed, 3);
    EXPECT_EQ(limiter.suppressed(), 7u);
    clock.advance(1s);  // a new window
    EXPECT_TRUE(limiter.allow(clock.now()));
    EXPECT_EQ(limiter.take_suppressed(), 7u);
    EXPECT_EQ(limiter.take_suppressed(), 0u);
}

TEST(LogLimiter, ZeroSilencesEverything) {
    ManualClock clock;
    LogLimiter limiter(0);
    EXPECT_FALSE(limiter.allow(clock.now()));
    clock.advance(5s);
    EXPECT_FALSE(limiter.allow(clock.now()));
    EXPECT_EQ(limiter.suppressed(), 2u);
}

TEST(LogLimiter, WindowStartsAtFirstLine) {
    ManualClock clock;
    LogLimiter limiter(1);
    EXPECT_TRUE(limiter.allow(clock.now()));
    clock.advance(999ms);
    EXPECT_FALSE(limiter.allow(clock.now()));
    clock.advance(1ms);
    EXPECT_TRUE(limiter.allow(clock.now()));
}

}  // namespace
}  // namespace sessioncore::transport
