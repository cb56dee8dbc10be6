#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <sessioncore/base/event_channel.hpp>

namespace sessioncore {
namespace {

using namespace std::chrono_literals;
using boost::system::error_code;

// One producer's n-th value: enough to check per-producer order.
struct Numbered {
    int producer = 0;
    int seq = 0;
};

// Runs `io` until `done()` or a 5 s deadline (STYLE.md §5: no sleeps).
template <class Done>
bool run_until(boost::asio::io_context& io, Done done) {
    const auto end = std::chrono::steady_clock::now() + 5s;
    while (!done() && std::chrono::steady_clock::now() < end) {
        if (io.stopped())
            io.restart();
        io.run_one_for(10ms);
    }
    return done();
}

// Starts `producers` threads that each push `per_producer` values 0..n-1 tagged with their id.
std::vector<std::thread> start_producers(EventChannel<Numbered>& channel, int producers,
                                         int per_producer, std::atomic<int>& refused) {
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&channel, &refused, p, per_producer] {
            for (int i = 0; i < per_producer; ++i)
                if (!channel.push(Numbered{p, i}))
                    ++refused;
        });
    }
    return threads;
}

// Checks that every producer's values arrived complete and in the order pushed.
void expect_per_producer_order(const std::vector<Numbered>& received, int producers,
                               int per_producer) {
    std::vector<int> next(static_cast<std::size_t>(producers), 0);
    for (const Numbered& value : received) {
        ASSERT_GE(value.producer, 0);
        ASSERT_LT(value.producer, producers);
        int& expected = next[static_cast<std::size_t>(value.producer)];
        ASSERT_EQ(value.seq, expected) << "producer " << value.producer << " out of order";
        ++expected;
    }
    for (int p = 0; p < producers; ++p)
        EXPECT_EQ(next[static_cast<std::size_t>(p)], per_producer) << "producer " << p;
}

TEST(EventChannelTest, KeepsEachProducersOrderUnderBackPressure) {
    struct Case {
        const char* name;
        int producers;
        std::size_t capacity;
    };
    constexpr Case cases[] = {
        {"two_producers_tiny_ring", 2, 1},
        {"three_producers", 3, 16},
        {"four_producers", 4, 256},
    };
    constexpr int per_producer = 5000;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EventChannel<Numbered> channel({.capacity = c.capacity, .overflow = OverflowPolicy::Block});
        std::atomic<int> refused{0};
        auto threads = start_producers(channel, c.producers, per_producer, refused);
        std::vector<Numbered> received;
        const std::size_t total = static_cast<std::size_t>(c.producers * per_producer);
        const auto end = std::chrono::steady_clock::now() + 10s;
        while (received.size() < total && std::chrono::steady_clock::now() < end) {
            if (channel.try_receive_batch(received, 64) == 0)
                std::this_thread::yield();
        }
        channel.close();  // past the deadline, releases producers still blocked (they then fail)
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(refused.load(), 0);
        EXPECT_EQ(channel.dropped(), 0u);
        expect_per_producer_order(received, c.producers, per_producer);
    }
}

TEST(EventChannelTest, DropNewestRefusesAndCountsWhatDoesNotFit) {
    struct Case {
        const char* name;
        std::size_t capacity;
        int pushes;
    };
    constexpr Case cases[] = {{"under", 4, 3}, {"exact", 4, 4}, {"over", 4, 9}, {"one_slot", 1, 5}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EventChannel<int> channel({.capacity = c.capacity});
        int accepted = 0;
        for (int i = 0; i < c.pushes; ++i)
            accepted += channel.push(i) ? 1 : 0;
        const auto fits = std::min<std::size_t>(c.capacity, static_cast<std::size_t>(c.pushes));
        EXPECT_EQ(static_cast<std::size_t>(accepted), fits);
        EXPECT_EQ(channel.size(), fits);
        EXPECT_EQ(channel.dropped(), static_cast<std::size_t>(c.pushes) - fits);
        for (std::size_t i = 0; i < fits; ++i)  // the oldest stay, the newest went
            EXPECT_EQ(channel.try_receive(), std::optional<int>(static_cast<int>(i)));
        EXPECT_EQ(channel.try_receive(), std::nullopt);
        EXPECT_TRUE(channel.push(100)) << "room again after receiving";
    }
}

TEST(EventChannelTest, TryPushNeverWaitsOnABlockChannel) {
    EventChannel<int> channel({.capacity = 1, .overflow = OverflowPolicy::Block});
    EXPECT_TRUE(channel.push(1));
    EXPECT_FALSE(channel.try_push(2));
    EXPECT_EQ(channel.dropped(), 1u);
    EXPECT_EQ(channel.try_receive(), std::optional<int>(1));
}

TEST(EventChannelTest, BlockedProducerResumesWhenTheConsumerMakesRoom) {
    EventChannel<int> channel({.capacity = 1, .overflow = OverflowPolicy::Block});
    ASSERT_TRUE(channel.push(1));
    std::promise<bool> second_pushed;
    std::thread producer([&] { second_pushed.set_value(channel.push(2)); });
    std::optional<int> first;
    while (!(first = channel.try_receive()))
        std::this_thread::yield();
    auto result = second_pushed.get_future();
    ASSERT_EQ(result.wait_for(5s), std::future_status::ready);
    producer.join();
    EXPECT_EQ(*first, 1);
    EXPECT_TRUE(result.get());
    EXPECT_EQ(channel.try_receive(), std::optional<int>(2));
    EXPECT_EQ(channel.dropped(), 0u);
}

TEST(EventChannelTest, CloseReleasesABlockedProducer) {
    EventChannel<int> channel({.capacity = 1, .overflow = OverflowPolicy::Block});
    ASSERT_TRUE(channel.push(1));
    std::promise<bool> second_pushed;
    std::thread producer([&] { second_pushed.set_value(channel.push(2)); });
    channel.close();
    auto result = second_pushed.get_future();
    ASSERT_EQ(result.wait_for(5s), std::future_status::ready);
    producer.join();
    EXPECT_FALSE(result.get());
    EXPECT_EQ(channel.try_receive(), std::optional<int>(1)) << "queued values survive close";
}

TEST(EventChannelTest, CloseDeliversWhatIsQueuedThenEof) {
    boost::asio::io_context io;
    EventChannel<int> channel({.capacity = 8, .executor = io.get_executor()});
    ASSERT_TRUE(channel.push(1));
    ASSERT_TRUE(channel.push(2));
    channel.close();
    EXPECT_TRUE(channel.closed());
    EXPECT_FALSE(channel.push(3));
    EXPECT_EQ(channel.dropped(), 0u) << "a push after close is refused, not dropped";

    std::vector<std::pair<error_code, int>> completions;
    auto receive = [&](auto& self) -> void {
        channel.async_receive([&](error_code ec, int value) {
            completions.emplace_back(ec, value);
            if (!ec)
                self(self);
        });
    };
    receive(receive);
    ASSERT_TRUE(run_until(io, [&] { return completions.size() == 3; }));
    EXPECT_EQ(completions[0], std::make_pair(error_code{}, 1));
    EXPECT_EQ(completions[1], std::make_pair(error_code{}, 2));
    EXPECT_EQ(completions[2].first, boost::asio::error::eof);

    std::optional<error_code> later;  // and every receive after that
    channel.async_receive_batch(4, [&](error_code ec, std::vector<int> values) {
        later = ec;
        EXPECT_TRUE(values.empty());
    });
    ASSERT_TRUE(run_until(io, [&] { return later.has_value(); }));
    EXPECT_EQ(*later, boost::asio::error::eof);
}

TEST(EventChannelTest, CloseCompletesAParkedReceive) {
    boost::asio::io_context io;
    EventChannel<int> channel({.capacity = 8, .executor = io.get_executor()});
    std::optional<error_code> result;
    channel.async_receive([&](error_code ec, int) { result = ec; });
    io.poll();
    EXPECT_FALSE(result) << "nothing queued: the receive waits";
    channel.close();
    ASSERT_TRUE(run_until(io, [&] { return result.has_value(); }));
    EXPECT_EQ(*result, boost::asio::error::eof);
}

TEST(EventChannelTest, CallbackRunsOnTheIoContextNotInsideTheCall) {
    boost::asio::io_context io;
    EventChannel<int> channel({.capacity = 8, .executor = io.get_executor()});
    ASSERT_TRUE(channel.push(7));
    std::optional<int> got;
    std::thread::id ran_on;
    channel.async_receive([&](error_code ec, int value) {
        EXPECT_FALSE(ec);
        got = value;
        ran_on = std::this_thread::get_id();
    });
    EXPECT_FALSE(got) << "a queued value still completes through the executor";
    ASSERT_TRUE(run_until(io, [&] { return got.has_value(); }));
    EXPECT_EQ(*got, 7);
    EXPECT_EQ(ran_on, std::this_thread::get_id());
}

TEST(EventChannelTest, ParkedCallbackIsWokenByAPushFromAnotherThread) {
    boost::asio::io_context io;
    EventChannel<int> channel({.capacity = 8, .executor = io.get_executor()});
    std::optional<int> got;
    channel.async_receive([&](error_code ec, int value) {
        EXPECT_FALSE(ec);
        got = value;
    });
    std::thread producer([&] { channel.push(42); });
    ASSERT_TRUE(run_until(io, [&] { return got.has_value(); }));
    producer.join();
    EXPECT_EQ(*got, 42);
}

// A burst pushed at once wakes a parked batch receive once, with the whole burst in order.
TEST(EventChannelTest, TryPushAllWakesAParkedReceiveOnceWithTheWholeBurst) {
    boost::asio::io_context io;
    EventChannel<int> channel({.capacity = 8, .executor = io.get_executor()});
    int completions = 0;
    std::vector<int> got;
    channel.async_receive_batch(16, [&](error_code ec, std::vector<int> values) {
        EXPECT_FALSE(ec);
        ++completions;
        got = std::move(values);
    });
    io.poll();
    std::vector<int> burst = {1, 2, 3, 4, 5};
    EXPECT_EQ(channel.try_push_all(burst), 5u);
    EXPECT_TRUE(burst.empty());
    ASSERT_TRUE(run_until(io, [&] { return completions == 1; }));
    io.poll();
    EXPECT_EQ(completions, 1);
    EXPECT_EQ(got, (std::vector<int>{1, 2, 3, 4, 5}));
    EXPECT_EQ(channel.dropped(), 0u);
}

TEST(EventChannelTest, TryPushAllDropsAndCountsWhatDoesNotFit) {
    EventChannel<int> channel({.capacity = 4});
    std::vector<int> burst = {1, 2, 3, 4, 5, 6};
    EXPECT_EQ(channel.try_push_all(burst), 4u);
    EXPECT_TRUE(burst.empty());
    EXPECT_EQ(channel.dropped(), 2u);
    std::vector<int> out;
    EXPECT_EQ(channel.try_receive_batch(out, 10), 4u);
    EXPECT_EQ(out, (std::vector<int>{1, 2, 3, 4}));  // the newest were refused
    channel.close();
    std::vector<int> late = {7};
    EXPECT_EQ(channel.try_push_all(late), 0u);
    EXPECT_EQ(channel.dropped(), 2u) << "a closed channel refuses without counting a drop";
}

TEST(EventChannelTest, CompletesOnTheHandlersAssociatedExecutor) {
    boost::asio::io_context fallback_io;
    boost::asio::io_context handler_io;
    EventChannel<int> channel({.capacity = 8, .executor = fallback_io.get_executor()});
    std::optional<int> got;
    channel.async_receive(
        boost::asio::bind_executor(handler_io, [&](error_code, int value) { got = value; }));
    channel.push(5);
    fallback_io.poll();
    EXPECT_FALSE(got) << "must not run on the fallback executor";
    ASSERT_TRUE(run_until(handler_io, [&] { return got.has_value(); }));
    EXPECT_EQ(*got, 5);
}

TEST(EventChannelTest, CoAwaitReceivesBatchesFromSeveralProducers) {
    constexpr int producers = 3;
    constexpr int per_producer = 10000;
    boost::asio::io_context io;
    EventChannel<Numbered> channel({.capacity = 128, .overflow = OverflowPolicy::Block});
    std::vector<Numbered> received;
    std::size_t batches = 0;
    bool finished = false;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            for (;;) {
                auto [ec, batch] = co_await channel.async_receive_batch(
                    64, boost::asio::as_tuple(boost::asio::use_awaitable));
                if (ec) {
                    EXPECT_EQ(ec, boost::asio::error::eof);
                    break;
                }
                EXPECT_FALSE(batch.empty());
                EXPECT_LE(batch.size(), 64u);
                ++batches;
                received.insert(received.end(), batch.begin(), batch.end());
            }
            finished = true;
        },
        boost::asio::detached);
    std::atomic<int> refused{0};
    auto threads = start_producers(channel, producers, per_producer, refused);
    std::thread closer([&] {
        for (auto& thread : threads)
            thread.join();
        channel.close();
    });
    // run() returns only when the coroutine ends: the parked receive keeps io busy meanwhile.
    io.run_for(10s);
    channel.close();  // already closed unless the deadline passed; releases blocked producers
    closer.join();
    ASSERT_TRUE(finished);
    EXPECT_EQ(refused.load(), 0);
    EXPECT_GT(batches, 0u);
    expect_per_producer_order(received, producers, per_producer);
}

TEST(EventChannelTest, CoAwaitSingleReceiveThrowsEofAtTheEnd) {
    boost::asio::io_context io;
    EventChannel<int> channel({.capacity = 8, .overflow = OverflowPolicy::Block});
    std::vector<int> received;
    std::optional<error_code> ended;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            try {
                for (;;)
                    received.push_back(co_await channel.async_receive(boost::asio::use_awaitable));
            } catch (const boost::system::system_error& e) {
                ended = e.code();
            }
        },
        boost::asio::detached);
    std::thread producer([&] {
        for (int i = 0; i < 100; ++i)
            channel.push(i);
        channel.close();
    });
    io.run_for(5s);
    channel.close();  // already closed unless the deadline passed; releases a blocked producer
    producer.join();
    ASSERT_TRUE(ended);
    EXPECT_EQ(*ended, boost::asio::error::eof);
    ASSERT_EQ(received.size(), 100u);
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(received[static_cast<std::size_t>(i)], i);
}

TEST(EventChannelTest, UseFutureWorksWithoutAnIoContext) {
    EventChannel<std::string> channel({.capacity = 4});
    std::future<std::string> one = channel.async_receive(boost::asio::use_future);
    channel.push("first");
    ASSERT_EQ(one.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(one.get(), "first");

    channel.push("a");
    channel.push("b");
    auto batch = channel.async_receive_batch(8, boost::asio::use_future);
    ASSERT_EQ(batch.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(batch.get(), (std::vector<std::string>{"a", "b"}));

    channel.close();
    auto after = channel.async_receive(boost::asio::use_future);
    ASSERT_EQ(after.wait_for(5s), std::future_status::ready);
    EXPECT_THROW(after.get(), boost::system::system_error);
}

TEST(EventChannelTest, BatchesTakeAtMostMaxOldestFirst) {
    boost::asio::io_context io;
    EventChannel<int> channel({.capacity = 16, .executor = io.get_executor()});
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(channel.push(i));
    std::optional<std::vector<int>> first;
    channel.async_receive_batch(4, [&](error_code ec, std::vector<int> values) {
        EXPECT_FALSE(ec);
        first = std::move(values);
    });
    ASSERT_TRUE(run_until(io, [&] { return first.has_value(); }));
    EXPECT_EQ(*first, (std::vector<int>{0, 1, 2, 3}));

    std::vector<int> rest{-1};  // appends, keeps what is there
    EXPECT_EQ(channel.try_receive_batch(rest, 100), 6u);
    EXPECT_EQ(rest, (std::vector<int>{-1, 4, 5, 6, 7, 8, 9}));
    EXPECT_EQ(channel.try_receive_batch(rest, 100), 0u);
}

TEST(EventChannelTest, MoveOnlyValuesPassThrough) {
    boost::asio::io_context io;
    EventChannel<std::unique_ptr<int>> channel({.capacity = 4, .executor = io.get_executor()});
    ASSERT_TRUE(channel.push(std::make_unique<int>(1)));
    ASSERT_TRUE(channel.push(std::make_unique<int>(2)));
    ASSERT_TRUE(channel.push(std::make_unique<int>(3)));
    auto first = channel.try_receive();
    ASSERT_TRUE(first && *first);
    EXPECT_EQ(**first, 1);
    std::unique_ptr<int> second;
    channel.async_receive(
        [&](error_code, std::unique_ptr<int> value) { second = std::move(value); });
    ASSERT_TRUE(run_until(io, [&] { return second != nullptr; }));
    EXPECT_EQ(*second, 2);
    // The third stays queued: destroying the channel must free it (ASan's leak check).
}

TEST(EventChannelTest, DestroyingTheChannelDropsAParkedReceiveUncalled) {
    boost::asio::io_context io;
    bool called = false;
    {
        EventChannel<std::unique_ptr<int>> channel({.capacity = 4, .executor = io.get_executor()});
        auto owned = std::make_unique<int>(9);  // a handler owning memory: freed, not leaked
        channel.async_receive(
            [&called, owned = std::move(owned)](error_code, auto) { called = true; });
    }
    io.run_for(100ms);
    EXPECT_FALSE(called);
}

TEST(EventChannelTest, ProgrammingErrorsThrow) {
    boost::asio::io_context io;
    EventChannel<int> channel({.capacity = 4, .executor = io.get_executor()});
    channel.async_receive([](error_code, int) {});
    EXPECT_THROW(channel.async_receive([](error_code, int) {}), std::logic_error)
        << "one consumer: one outstanding receive";
    EXPECT_THROW(channel.async_receive_batch(0, [](error_code, std::vector<int>) {}),
                 std::logic_error);

    EventChannel<int> no_executor({.capacity = 4});
    no_executor.push(1);
    EXPECT_THROW(no_executor.async_receive([](error_code, int) {}), std::logic_error)
        << "a plain callback needs the channel's executor";
    EXPECT_THROW(EventChannel<int>({.capacity = 0}), std::logic_error);
    channel.close();
    io.run_for(100ms);
}

}  // namespace
}  // namespace sessioncore
