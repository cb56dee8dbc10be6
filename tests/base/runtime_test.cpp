#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include <sessioncore/base/runtime.hpp>
#include <sessioncore/base/time.hpp>

namespace sessioncore {
namespace {

TEST(RuntimeTest, ShardForIsStableAndSpreads) {
    Runtime runtime({.workers = 4});
    ASSERT_EQ(runtime.workers(), 4u);
    std::set<ShardIndex> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string call_id = "call-" + std::to_string(i) + "@192.0.2.1";
        const ShardIndex shard = runtime.shard_for(call_id);
        ASSERT_LT(shard, 4u);
        EXPECT_EQ(shard, runtime.shard_for(call_id));
        seen.insert(shard);
    }
    EXPECT_EQ(seen.size(), 4u) << "200 Call-IDs should reach every one of 4 shards";
}

TEST(RuntimeTest, ZeroWorkersMeansOnePerCore) {
    Runtime runtime;
    EXPECT_GE(runtime.workers(), 1u);
}

TEST(RuntimeTest, PostRunsOnTheNamedShardThread) {
    Runtime runtime({.workers = 3});
    EXPECT_EQ(runtime.current_shard(), 3u) << "the test thread is not a worker";
    runtime.start();
    for (ShardIndex shard = 0; shard < 3; ++shard) {
        std::promise<ShardIndex> ran_on;
        runtime.post(shard, [&] { ran_on.set_value(runtime.current_shard()); });
        auto future = ran_on.get_future();
        ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
        EXPECT_EQ(future.get(), shard);
    }
    runtime.stop();
}

TEST(RuntimeTest, StopIsIdempotentAndRestartable) {
    Runtime runtime({.workers = 2});
    runtime.start();
    runtime.stop();
    runtime.stop();
    runtime.start();
    std::promise<void> ran;
    runtime.post(1, [&] { ran.set_value(); });
    EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST(ManualClockTest, MovesOnlyWhenTold) {
    ManualClock clock;
    const TimePoint t0 = clock.now();
    EXPECT_EQ(clock.now(), t0);
    clock.advance(std::chrono::milliseconds(500));
    EXPECT_EQ(clock.now() - t0, std::chrono::milliseconds(500));
    clock.set(t0);  // never backwards
    EXPECT_EQ(clock.now() - t0, std::chrono::milliseconds(500));
    clock.set(t0 + std::chrono::seconds(32));
    EXPECT_EQ(clock.now() - t0, std::chrono::seconds(32));
}

}  // namespace
}  // namespace sessioncore
