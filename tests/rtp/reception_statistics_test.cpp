// A receiver's report block for one source (RFC 3550 §6.4.1): loss, extended highest sequence
// number, jitter, LSR and DLSR together, on virtual time.
#include <stdexcept>

#include <gtest/gtest.h>

#include <sessioncore/rtp/reception_statistics.hpp>

namespace sessioncore::rtp {
namespace {

using namespace std::chrono_literals;

const TimePoint t0 = TimePoint{} + std::chrono::hours(1);

TEST(ReceptionStatistics, ReportBlockFromPacketsAndAnSr) {
    ReceptionStatistics stats{Ssrc{0xABCD}, 8000};
    // Seq 10-19 every 20 ms with timestamps 160 apart and a constant delay; 13 is lost.
    // 10 is the probation packet (not counted), so the base is 11.
    for (std::uint16_t i = 0; i < 10; ++i) {
        if (i == 3)
            continue;
        stats.on_rtp(static_cast<std::uint16_t>(10 + i), 5000 + 160u * i, t0 + 20ms * i);
    }
    // The source's SR arrives at t0 + 1 s; we report at t0 + 2.5 s: DLSR = 1.5 s = 0x00018000.
    stats.on_sender_report(NtpTimestamp{0xB44DB705, 0x20000000}, t0 + 1s);
    ReportBlock b = stats.make_report_block(t0 + 2500ms);
    EXPECT_EQ(b.source, Ssrc{0xABCD});
    // expected = 19 - 11 + 1 = 9, received 8 (11, 12, 14-19), lost 1; 1 × 256 / 9 = 28.4 -> 28.
    EXPECT_EQ(b.fraction_lost, 28);
    EXPECT_EQ(b.cumulative_lost, 1);
    EXPECT_EQ(b.extended_highest_sequence, 19u);
    EXPECT_EQ(b.jitter, 0u);  // the same transit every time
    EXPECT_EQ(b.last_sr, 0xB7052000u);
    EXPECT_EQ(b.delay_since_last_sr, 0x00018000u);
    EXPECT_EQ(stats.last_interval().expected, 9);

    // Next report, nothing new: no loss in the interval, the cumulative count stays, and the
    // DLSR has grown by another second (0x00028000 = 2.5 s).
    ReportBlock next = stats.make_report_block(t0 + 3500ms);
    EXPECT_EQ(next.fraction_lost, 0);
    EXPECT_EQ(next.cumulative_lost, 1);
    EXPECT_EQ(next.delay_since_last_sr, 0x00028000u);
}

TEST(ReceptionStatistics, NoSrYetMeansZeroLsrAndDlsr) {
    ReceptionStatistics stats{Ssrc{1}, 8000};
    stats.on_rtp(1, 0, t0);
    stats.on_rtp(2, 160, t0 + 20ms);
    ReportBlock b = stats.make_report_block(t0 + 5s);
    EXPECT_EQ(b.last_sr, 0u);
    EXPECT_EQ(b.delay_since_last_sr, 0u);
}

TEST(ReceptionStatistics, JitterInTheSourcesClock) {
    // 48 kHz: 20 ms is 960 units. The third packet is 1 ms late (48 units): |D| = 48 then 48
    // again when the fourth is on time. J16: 48 - 0 = 48, then 48 + 48 - (48 + 8) / 16 = 93;
    // reported 93 / 16 = 5.
    ReceptionStatistics stats{Ssrc{1}, 48000, {.min_sequential = 1}};
    stats.on_rtp(1, 0, t0);
    stats.on_rtp(2, 960, t0 + 20ms);
    stats.on_rtp(3, 1920, t0 + 41ms);
    stats.on_rtp(4, 2880, t0 + 60ms);
    EXPECT_EQ(stats.jitter(), 5u);
}

TEST(ReceptionStatistics, OnlyCountedPacketsMoveTheJitter) {
    ReceptionStatistics stats{Ssrc{1}, 8000};
    // The probation packet arrives a second late: it must not count.
    EXPECT_EQ(stats.on_rtp(100, 0, t0 + 1s), SequenceVerdict::Probation);
    EXPECT_EQ(stats.on_rtp(101, 160, t0 + 20ms), SequenceVerdict::Accepted);
    EXPECT_EQ(stats.on_rtp(102, 320, t0 + 40ms), SequenceVerdict::Accepted);
    EXPECT_EQ(stats.jitter(), 0u);
    // A jump with a wild timestamp is dropped, jitter untouched.
    EXPECT_EQ(stats.on_rtp(40000, 999999, t0 + 60ms), SequenceVerdict::Jump);
    EXPECT_EQ(stats.jitter(), 0u);
}

TEST(ReceptionStatistics, ARestartStartsTheJitterAfresh) {
    ReceptionStatistics stats{Ssrc{1}, 8000};
    stats.on_rtp(1000, 0, t0);
    stats.on_rtp(1001, 160, t0 + 20ms);
    EXPECT_EQ(stats.on_rtp(30000, 7'000'000, t0 + 40ms), SequenceVerdict::Jump);
    // The sender restarted with a new timestamp base: without a fresh start, the transit
    // would jump by millions of units.
    EXPECT_EQ(stats.on_rtp(30001, 7'000'160, t0 + 60ms), SequenceVerdict::Restarted);
    EXPECT_EQ(stats.on_rtp(30002, 7'000'320, t0 + 80ms), SequenceVerdict::Accepted);
    EXPECT_EQ(stats.jitter(), 0u);
    EXPECT_EQ(stats.sequence().base_sequence(), 30001);
}

TEST(ReceptionStatistics, AZeroClockRateIsAProgrammingError) {
    EXPECT_THROW((ReceptionStatistics{Ssrc{1}, 0}), std::logic_error);
}

}  // namespace
}  // namespace sessioncore::rtp
