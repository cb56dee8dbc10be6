// The UAS core's 2xx retransmission (RFC 3261 §13.3.1.4) on virtual time: the schedule T1,
// 2·T1 ... capped at T2, the give-up at 64·T1, and the ACK that stops it.
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/dialog/ok_retransmitter.hpp>

#include "messages.hpp"

namespace sessioncore::dialog {
namespace {

using namespace std::chrono_literals;
using namespace test;

const TimePoint t0 = TimePoint{} + std::chrono::hours(1);

struct Run {
    std::vector<Duration> retransmits;  // offsets from t0
    std::optional<Duration> timed_out;
};

// Steps to next_wake() until the retransmitter has no timer left, as a driver would.
Run run_without_ack(OkRetransmitter& r) {
    Run run;
    while (auto wake = r.next_wake()) {
        r.on_timer(*wake);
        while (auto out = r.poll_output()) {
            if (std::holds_alternative<RetransmitOk>(*out))
                run.retransmits.push_back(*wake - t0);
            else
                run.timed_out = *wake - t0;
        }
    }
    return run;
}

struct ScheduleCase {
    const char* name;
    transaction::TimerConfig timers;
    std::vector<Duration> retransmits;
    Duration timed_out;
};

transaction::TimerConfig timers_of(Duration t1, Duration t2) {
    transaction::TimerConfig c;
    c.t1 = t1;
    c.t2 = t2;
    return c;
}

TEST(OkRetransmitter, RetransmitsAtT1DoublingToT2AndGivesUpAt64T1) {
    // Intervals 0.5, 1, 2, 4, 4 ... s: the RFC's defaults (T1 = 500 ms, T2 = 4 s, 64·T1 = 32 s).
    const ScheduleCase cases[] = {
        {"rfc_defaults",
         {},
         {500ms, 1500ms, 3500ms, 7500ms, 11500ms, 15500ms, 19500ms, 23500ms, 27500ms, 31500ms},
         32s},
        // Microsecond timers, T2 = 2·T1: doubling stops after one step.
        {"short_t2",
         timers_of(100us, 200us),
         {100us,  300us,  500us,  700us,  900us,  1100us, 1300us, 1500us, 1700us, 1900us, 2100us,
          2300us, 2500us, 2700us, 2900us, 3100us, 3300us, 3500us, 3700us, 3900us, 4100us, 4300us,
          4500us, 4700us, 4900us, 5100us, 5300us, 5500us, 5700us, 5900us, 6100us, 6300us},
         6400us},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        OkRetransmitter r{c.timers};
        r.start(parse(response_text(200)), t0);
        EXPECT_EQ(r.next_wake(), t0 + c.timers.t1);
        auto run = run_without_ack(r);
        EXPECT_EQ(run.retransmits, c.retransmits);
        EXPECT_EQ(run.timed_out, c.timed_out);
        EXPECT_EQ(r.state(), OkRetransmitter::State::TimedOut);
    }
}

TEST(OkRetransmitter, MatchingAckStopsRetransmissions) {
    OkRetransmitter r;
    r.start(parse(response_text(200)), t0);
    EXPECT_EQ(r.cseq(), 314159u);
    r.on_timer(t0 + 500ms);
    ASSERT_TRUE(r.poll_output());

    // The ACK of another INVITE (an earlier re-INVITE's, say) changes nothing.
    EXPECT_EQ(r.on_ack(314158, t0 + 600ms), AckMatch::OtherCSeq);
    EXPECT_EQ(r.next_wake(), t0 + 1500ms);

    EXPECT_EQ(r.on_ack(314159, t0 + 700ms), AckMatch::Acknowledged);
    EXPECT_EQ(r.state(), OkRetransmitter::State::Acknowledged);
    EXPECT_EQ(r.next_wake(), std::nullopt);
    r.on_timer(t0 + 40s);
    EXPECT_EQ(r.poll_output(), std::nullopt);
    // A retransmitted ACK finds nothing waiting.
    EXPECT_EQ(r.on_ack(314159, t0 + 800ms), AckMatch::NotWaiting);
}

TEST(OkRetransmitter, AckBeforeStartOrAfterTimeoutIsNotWaiting) {
    OkRetransmitter r;
    EXPECT_EQ(r.on_ack(314159, t0), AckMatch::NotWaiting);
    EXPECT_EQ(r.next_wake(), std::nullopt);
    r.start(parse(response_text(200)), t0);
    r.on_timer(t0 + 32s);
    auto out = r.poll_output();
    ASSERT_TRUE(out);
    EXPECT_TRUE(std::holds_alternative<AckTimedOut>(*out));
    EXPECT_EQ(r.on_ack(314159, t0 + 33s), AckMatch::NotWaiting);
}

TEST(OkRetransmitter, RetransmitPointsAtTheOneStoredResponse) {
    const std::string text = response_text(200);
    OkRetransmitter r;
    r.start(parse(text), t0);
    for (Duration at : {500ms, 1500ms}) {
        r.on_timer(t0 + at);
        auto out = r.poll_output();
        ASSERT_TRUE(out);
        const auto* again = std::get_if<RetransmitOk>(&*out);
        ASSERT_NE(again, nullptr);
        EXPECT_EQ(again->message, &*r.response());  // the same object each time, no copy
        EXPECT_EQ(again->message->encode(), text);  // byte for byte what was first sent
    }
}

TEST(OkRetransmitter, LateTimerSendsOneCopyAndSchedulesFromNow) {
    OkRetransmitter r;
    r.start(parse(response_text(200)), t0);
    r.on_timer(t0 + 10s);  // the driver slept past four deadlines
    ASSERT_TRUE(r.poll_output());
    EXPECT_EQ(r.poll_output(), std::nullopt);
    EXPECT_EQ(r.next_wake(), t0 + 11s);  // one interval (now 1 s) after the late send
    r.on_timer(t0 + 10500ms);            // early wake-up: nothing due
    EXPECT_EQ(r.poll_output(), std::nullopt);
}

TEST(OkRetransmitter, StartAgainReplacesThePendingResponse) {
    OkRetransmitter r;
    r.start(parse(response_text(200)), t0);
    r.on_timer(t0 + 500ms);
    r.start(parse(response_text(200, {}, "a6c85cf", "<sip:bob@192.0.2.4>", "314160 INVITE")),
            t0 + 1s);
    EXPECT_EQ(r.poll_output(), std::nullopt);  // the old 2xx's retransmission was dropped
    EXPECT_EQ(r.cseq(), 314160u);
    EXPECT_EQ(r.next_wake(), t0 + 1500ms);
    EXPECT_EQ(r.on_ack(314159, t0 + 1100ms), AckMatch::OtherCSeq);
    EXPECT_EQ(r.on_ack(314160, t0 + 1200ms), AckMatch::Acknowledged);
}

TEST(OkRetransmitter, StartRejectsANon2xx) {
    for (int status : {180, 486}) {
        SCOPED_TRACE(status);
        OkRetransmitter r;
        EXPECT_THROW(r.start(parse(response_text(status)), t0), std::logic_error);
    }
}

}  // namespace
}  // namespace sessioncore::dialog
