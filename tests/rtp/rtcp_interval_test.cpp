// The RTCP transmission interval and timer rules (RFC 3550 §6.2, §6.3, §A.7) against
// hand-computed values; the arithmetic is next to each expected value. e - 3/2 = 1.218282.
#include <stdexcept>

#include <gtest/gtest.h>

#include <sessioncore/rtp/rtcp_interval.hpp>

namespace sessioncore::rtp {
namespace {

using namespace std::chrono_literals;

const TimePoint t0 = TimePoint{} + std::chrono::hours(1);

UnitRandom always(double draw) {
    return [draw] { return draw; };
}

double seconds_of(Duration d) {
    return std::chrono::duration<double>(d).count();
}

// A two-party call at 64 kb/s: rtcp_bw = 64000 × 5 % / 8 = 400 octets/s; both send.
const RtcpIntervalParams call{.members = 2,
                              .senders = 2,
                              .avg_rtcp_size = 100,
                              .rtcp_bandwidth = rtcp_bandwidth(64000),
                              .role = ReportRole::Sender,
                              .phase = ReportPhase::Regular};

TEST(RtcpInterval, BandwidthAndReducedMinimum) {
    EXPECT_DOUBLE_EQ(rtcp_bandwidth(64000), 400.0);       // 64000 × 0.05 / 8
    EXPECT_DOUBLE_EQ(rtcp_bandwidth(64000, 0.1), 800.0);  // another fraction
    // 360 / kb/s: 5 s at 72 kb/s, 0.703125 s at 512 kb/s.
    EXPECT_DOUBLE_EQ(reduced_rtcp_minimum(72000).count(), 5.0);
    EXPECT_DOUBLE_EQ(reduced_rtcp_minimum(512000).count(), 0.703125);
}

TEST(RtcpInterval, DeterministicIntervalOfEachCase) {
    struct Case {
        const char* name;
        RtcpIntervalParams p;
        double td;  // seconds
    };
    RtcpIntervalParams initial = call;
    initial.phase = ReportPhase::Initial;
    // 1000 members, 10 senders, 200-octet reports at 400 octets/s: senders are under 25 %.
    RtcpIntervalParams crowd{.members = 1000,
                             .senders = 10,
                             .avg_rtcp_size = 200,
                             .rtcp_bandwidth = 400,
                             .role = ReportRole::Receiver,
                             .phase = ReportPhase::Regular};
    RtcpIntervalParams crowd_sender = crowd;
    crowd_sender.role = ReportRole::Sender;
    RtcpIntervalParams reduced = call;
    reduced.rtcp_bandwidth = rtcp_bandwidth(512000);  // 3200 octets/s
    reduced.minimum = reduced_rtcp_minimum(512000);
    RtcpIntervalParams reduced_initial = reduced;
    reduced_initial.phase = ReportPhase::Initial;
    // Four members, one sender: 1 <= 4 × 25 %, so the sender gets its own quarter.
    RtcpIntervalParams quarter{.members = 4,
                               .senders = 1,
                               .avg_rtcp_size = 1000,
                               .rtcp_bandwidth = 100,
                               .role = ReportRole::Sender,
                               .phase = ReportPhase::Regular};
    RtcpIntervalParams over_quarter = quarter;
    over_quarter.members = 3;  // 1 > 3 × 25 %: everyone shares everything
    RtcpIntervalParams rfc3556 = crowd_sender;
    rfc3556.sender_fraction = 0.5;  // b=RS and b=RR equal
    const Case cases[] = {
        // Both send (2 > 2 × 25 %): C = 100 / 400 = 0.25 s, n = 2, n × C = 0.5 s < 5 s.
        {"call_minimum", call, 5.0},
        // Before the first report the minimum is halved: 2.5 s.
        {"call_initial", initial, 2.5},
        // Receiver: C = 200 / (400 × 0.75) = 0.6667 s, n = 1000 - 10 = 990, 990 × 0.6667 = 660 s.
        {"crowd_receiver", crowd, 660.0},
        // Sender: C = 200 / (400 × 0.25) = 2 s, n = 10, 10 × 2 = 20 s.
        {"crowd_sender", crowd_sender, 20.0},
        // Reduced minimum at 512 kb/s: 360 / 512 = 0.703125 s; n × C = 2 × 100 / 3200 =
        // 0.0625 s is below it.
        {"reduced_minimum", reduced, 0.703125},
        {"reduced_minimum_initial", reduced_initial, 0.3515625},
        // C = 1000 / (100 × 0.25) = 40 s, n = 1 sender: 40 s.
        {"sender_quarter", quarter, 40.0},
        // C = 1000 / 100 = 10 s, n = 3 members: 30 s.
        {"over_a_quarter", over_quarter, 30.0},
        // RFC 3556 S = R: C = 200 / (400 × 0.5) = 1 s, n = 10: 10 s.
        {"rs_equals_rr", rfc3556, 10.0},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_NEAR(deterministic_rtcp_interval(c.p).count(), c.td, 1e-9);
    }
}

TEST(RtcpInterval, RandomisedAndCompensated) {
    struct Case {
        const char* name;
        double draw;
        double seconds;
    };
    const Case cases[] = {
        // Td = 5 s. Draw 0.5: factor 1.0, 5 / 1.218282 = 4.104141 s.
        {"middle", 0.5, 4.104140670},
        // Draw 0: factor 0.5, 2.5 / 1.218282 = 2.052070 s.
        {"lowest", 0.0, 2.052070335},
        // Draw 0.99: factor 1.49, 7.45 / 1.218282 = 6.115170 s.
        {"near_highest", 0.99, 6.115169599},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_NEAR(seconds_of(rtcp_interval(call, always(c.draw))), c.seconds, 1e-8);
    }
}

TEST(RtcpInterval, ParticipantTimeoutUsesTheFixedMinimumAsAReceiver) {
    // Call: as a receiver with both sending, n × C = 0.5 s; Td = 5 s; 5 × Td = 25 s.
    EXPECT_EQ(participant_timeout(call), 25s);
    // Even when the interval uses the reduced minimum (§6.2: the timeout keeps 5 s).
    RtcpIntervalParams reduced = call;
    reduced.minimum = reduced_rtcp_minimum(512000);
    reduced.phase = ReportPhase::Initial;
    EXPECT_EQ(participant_timeout(reduced), 25s);
    // 1000 members as a receiver: Td = 660 s, timeout 3300 s; with M = 2, 1320 s.
    RtcpIntervalParams crowd{.members = 1000,
                             .senders = 10,
                             .avg_rtcp_size = 200,
                             .rtcp_bandwidth = 400,
                             .role = ReportRole::Sender};
    EXPECT_EQ(participant_timeout(crowd), 3300s);
    EXPECT_EQ(participant_timeout(crowd, 2), 1320s);
}

TEST(RtcpTimer, ReconsiderationSendsOnlyWhenTheIntervalHasPassed) {
    // T = 4.104141 s (draw 0.5) after tp = t0.
    auto early = reconsider_rtcp_timer(t0, t0 + 3s, call, always(0.5));
    EXPECT_EQ(early.action, RtcpTimerDecision::Action::Wait);
    EXPECT_NEAR(seconds_of(early.wake - t0), 4.104140670, 1e-8);

    auto due = reconsider_rtcp_timer(t0, t0 + 4200ms, call, always(0.5));
    EXPECT_EQ(due.action, RtcpTimerDecision::Action::Send);

    // Exactly at tp + T: "less than or equal" sends (§6.3.6).
    Duration t = rtcp_interval(call, always(0.5));
    EXPECT_EQ(reconsider_rtcp_timer(t0, t0 + t, call, always(0.5)).action,
              RtcpTimerDecision::Action::Send);

    // More members than when the timer was set: the interval grows, and the timer waits.
    // 1000 receivers: Td = 660 s, T = 541.75 s; at t0 + 5 s that is not due.
    RtcpIntervalParams grown{.members = 1000,
                             .senders = 10,
                             .avg_rtcp_size = 200,
                             .rtcp_bandwidth = 400,
                             .phase = ReportPhase::Regular};
    auto held = reconsider_rtcp_timer(t0, t0 + 5s, grown, always(0.5));
    EXPECT_EQ(held.action, RtcpTimerDecision::Action::Wait);
    EXPECT_NEAR(seconds_of(held.wake - t0), 541.746568472, 1e-6);
}

TEST(RtcpTimer, FirstScheduleAndNextAfterASend) {
    // §6.3.2: the first report at tn = T with initial set: 2.5 / 1.218282 = 2.052070 s.
    RtcpIntervalParams first = call;
    first.phase = ReportPhase::Initial;
    EXPECT_NEAR(seconds_of(next_rtcp_time(t0, first, always(0.5)) - t0), 2.052070335, 1e-8);
    // After sending at tc = t0 + 10 s: tn = tc + 4.104141 s.
    EXPECT_NEAR(seconds_of(next_rtcp_time(t0 + 10s, call, always(0.5)) - t0), 14.104140670, 1e-8);
}

TEST(RtcpTimer, ReverseReconsiderationPullsBothTimesIn) {
    // tc = 10 s, tn = 14 s, tp = 6 s; members fall from 4 to 2 (ratio 0.5):
    // tn = 10 + 0.5 × (14 - 10) = 12 s; tp = 10 - 0.5 × (10 - 6) = 8 s.
    RtcpTimes after = reverse_reconsider(t0 + 10s, {t0 + 14s, t0 + 6s}, 2, 4);
    EXPECT_EQ(after.next, t0 + 12s);
    EXPECT_EQ(after.last, t0 + 8s);
    // Not fewer members: nothing moves.
    RtcpTimes same = reverse_reconsider(t0 + 10s, {t0 + 14s, t0 + 6s}, 4, 4);
    EXPECT_EQ(same.next, t0 + 14s);
    EXPECT_EQ(same.last, t0 + 6s);
    // 3 of 4: tn = 10 + 0.75 × 4 = 13 s, tp = 10 - 0.75 × 4 = 7 s.
    RtcpTimes three = reverse_reconsider(t0 + 10s, {t0 + 14s, t0 + 6s}, 3, 4);
    EXPECT_EQ(three.next, t0 + 13s);
    EXPECT_EQ(three.last, t0 + 7s);
}

TEST(RtcpTimer, AverageSizeMovesASixteenthOfTheWay) {
    // 100 + (200 - 100) / 16 = 106.25; then 106.25 + (74 - 106.25) / 16 = 104.234375.
    double avg = update_avg_rtcp_size(100, 200);
    EXPECT_DOUBLE_EQ(avg, 106.25);
    EXPECT_DOUBLE_EQ(update_avg_rtcp_size(avg, 74), 104.234375);
}

TEST(RtcpInterval, BrokenInputsAreProgrammingErrors) {
    RtcpIntervalParams no_bandwidth = call;
    no_bandwidth.rtcp_bandwidth = 0;
    EXPECT_THROW((void)deterministic_rtcp_interval(no_bandwidth), std::logic_error);
    RtcpIntervalParams no_members = call;
    no_members.members = 0;
    EXPECT_THROW((void)deterministic_rtcp_interval(no_members), std::logic_error);
    RtcpIntervalParams all_senders = call;
    all_senders.sender_fraction = 1.0;
    EXPECT_THROW((void)deterministic_rtcp_interval(all_senders), std::logic_error);
    EXPECT_THROW((void)rtcp_interval(call, always(1.0)), std::logic_error);
    EXPECT_THROW((void)rtcp_interval(call, always(-0.1)), std::logic_error);
}

TEST(RtcpInterval, ADegenerateSessionStaysWithinAYear) {
    RtcpIntervalParams huge{.members = 4'000'000'000u,
                            .avg_rtcp_size = 1e9,
                            .rtcp_bandwidth = 1e-3,
                            .phase = ReportPhase::Regular};
    EXPECT_EQ(rtcp_interval(huge, always(0.5)), std::chrono::hours(365 * 24));
}

TEST(RtcpInterval, TheDefaultRandomSourceKeepsToItsRange) {
    UnitRandom random = default_unit_random();
    for (int i = 0; i < 10'000; ++i) {
        double draw = random();
        ASSERT_GE(draw, 0.0);
        ASSERT_LT(draw, 1.0);
    }
}

}  // namespace
}  // namespace sessioncore::rtp
