// The non-INVITE client transaction on virtual time (RFC 3261 §17.1.2).
#include <gtest/gtest.h>

#include <sessioncore/transaction/client_non_invite.hpp>

#include "test_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;
using State = ClientNonInvite::State;

struct ScheduleCase {
    const char* name;
    Reliability reliability;
    std::optional<Duration> provisional_at;  // a 100 Trying arrives then
    std::vector<Duration> transmits;
};

TEST(ClientNonInvite, TimerEScheduleUntilTimerF) {
    // §17.1.2.2: Timer E doubles from T1 up to T2 (500, 1000, 2000, 4000, 4000, ...); after a
    // provisional it fires every T2 (the deadline already armed stays); Timer F at 64·T1.
    const ScheduleCase cases[] = {
        {"unreliable", Reliability::Unreliable, std::nullopt,
         ms({0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500})},
        {"unreliable_provisional_at_600ms", Reliability::Unreliable, 600ms,
         ms({0, 500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500})},
        {"reliable", Reliability::Reliable, std::nullopt, ms({0})},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ClientNonInvite tx{request("OPTIONS"), t0, {.reliability = c.reliability}};
        Trace before;
        auto now = t0;
        if (c.provisional_at) {
            record(before, t0, t0, drain(tx));
            while (tx.next_wake() && *tx.next_wake() <= t0 + *c.provisional_at) {
                now = *tx.next_wake();
                tx.on_timer(now);
                record(before, t0, now, drain(tx));
            }
            now = t0 + *c.provisional_at;
            tx.on_response(response(tx.request(), 100), now);
            EXPECT_EQ(only<ResponseReceived>(drain(tx)).response.status_code(), 100);
            EXPECT_EQ(tx.state(), State::Proceeding);
        }
        auto trace = run(tx, t0, now);
        before.transmits.insert(before.transmits.end(), trace.transmits.begin(),
                                trace.transmits.end());
        EXPECT_EQ(before.transmits, c.transmits);
        ASSERT_EQ(trace.events.size(), 1U);
        EXPECT_EQ(trace.events[0].first, 32s);
        EXPECT_EQ(std::get<TimedOut>(trace.events[0].second).timer, TimerName::F);
        EXPECT_EQ(tx.state(), State::Terminated);
    }
}

struct TimerKCase {
    const char* name;
    Reliability reliability;
    Duration timer_k;
};

TEST(ClientNonInvite, TimerKIsT4UnreliableAndZeroReliable) {
    const TimerKCase cases[] = {
        {"unreliable", Reliability::Unreliable, 5s},
        {"reliable", Reliability::Reliable, 0s},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ClientNonInvite tx{request("REGISTER"), t0, {.reliability = c.reliability}};
        drain(tx);
        const auto at = t0 + 1200ms;
        auto ok = response(tx.request(), 200);
        tx.on_response(ok.clone(), at);
        EXPECT_EQ(only<ResponseReceived>(drain(tx)).response.status_code(), 200);
        if (c.timer_k > 0s) {
            EXPECT_EQ(tx.state(), State::Completed);
            tx.on_response(ok.clone(), at + 1s);  // a retransmitted final is absorbed
            EXPECT_TRUE(drain(tx).empty());
        }
        auto trace = run(tx, at, at);
        EXPECT_TRUE(trace.transmits.empty());  // Timer E stopped with the final response
        EXPECT_EQ(trace.end - at, c.timer_k);
        EXPECT_EQ(tx.state(), State::Terminated);
    }
}

TEST(ClientNonInvite, TransportErrorTellsTuAndTerminates) {
    ClientNonInvite tx{request("BYE"), t0, {.reliability = Reliability::Reliable}};
    drain(tx);
    auto error = make_error_code(boost::system::errc::connection_reset);
    tx.on_transport_error(error, t0 + 10ms);
    EXPECT_EQ(only<TransportFailed>(drain(tx)).error, error);
    EXPECT_EQ(tx.state(), State::Terminated);
    EXPECT_EQ(tx.next_wake(), std::nullopt);
}

}  // namespace
}  // namespace sessioncore::transaction
