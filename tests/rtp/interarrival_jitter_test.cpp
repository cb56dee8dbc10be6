// Interarrival jitter (RFC 3550 §6.4.1, §A.8) against hand-computed values, and the conversion
// of arrival times to RTP clock units.
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/rtp/interarrival_jitter.hpp>

namespace sessioncore::rtp {
namespace {

using namespace std::chrono_literals;

TEST(InterarrivalJitter, SmoothsTheTransitDifferencesWithGainOneSixteenth) {
    // Packets 160 units apart (20 ms at 8 kHz), arriving at 1000 + 160 i + delay_i.
    // Transit = arrival - timestamp = 1000 + delay_i; delays 0, 10, 0, 30, 30 give
    // |D| = 10, 10, 30, 0 from the second packet on. In real numbers J += (|D| - J) / 16:
    // 0.625, 1.2109, 3.0103, 2.8222 (reported truncated: 0, 1, 3, 2).
    const std::uint32_t delays[] = {0, 10, 0, 30, 30};
    InterarrivalJitter j;
    std::vector<std::uint64_t> scaled;
    std::vector<std::uint32_t> reported;
    for (std::uint32_t i = 0; i < 5; ++i) {
        j.update(1000 + 160 * i + delays[i], 160 * i);
        scaled.push_back(j.jitter_x16());
        reported.push_back(j.jitter());
    }
    // Kept × 16 in integers, J16' = J16 + |D| - (J16 + 8) / 16:
    //   first packet: no D yet, J16 = 0
    //   |D| = 10: 0 + 10 - (0 + 8) / 16 = 10 - 0 = 10
    //   |D| = 10: 10 + 10 - (10 + 8) / 16 = 20 - 1 = 19
    //   |D| = 30: 19 + 30 - (19 + 8) / 16 = 49 - 1 = 48
    //   |D| = 0:  48 + 0 - (48 + 8) / 16 = 48 - 3 = 45
    // reported J16 / 16: 0, 0, 1, 3, 2.
    EXPECT_EQ(scaled, (std::vector<std::uint64_t>{0, 10, 19, 48, 45}));
    EXPECT_EQ(reported, (std::vector<std::uint32_t>{0, 0, 1, 3, 2}));
}

TEST(InterarrivalJitter, ConstantTransitHasNoJitter) {
    InterarrivalJitter j;
    for (std::uint32_t i = 0; i < 100; ++i)
        j.update(77 + 160 * i, 160 * i);
    EXPECT_EQ(j.jitter_x16(), 0u);
}

TEST(InterarrivalJitter, OneLatePacket) {
    // The second packet is a second late (8000 units at 8 kHz): |D| = 8000, J16 = 8000,
    // J = 500. The third is on time again: |D| = 8000 once more,
    // J16 = 8000 + 8000 - (8000 + 8) / 16 = 16000 - 500 = 15500, J = 968.75 -> 968.
    InterarrivalJitter j;
    j.update(0, 0);
    j.update(160 + 8000, 160);
    EXPECT_EQ(j.jitter(), 500u);
    j.update(320, 320);
    EXPECT_EQ(j.jitter_x16(), 15500u);
    EXPECT_EQ(j.jitter(), 968u);
}

TEST(InterarrivalJitter, TimestampsAndArrivalsWrapModulo2To32) {
    // Timestamps go 0xffffff00 -> 0x00000060 (+352); arrivals 100 -> 452 (+352): the same
    // transit, no jitter. Then +352 and 10 late: |D| = 10, J16 = 10.
    InterarrivalJitter j;
    j.update(100, 0xFFFFFF00u);
    j.update(452, 0x00000060u);
    EXPECT_EQ(j.jitter_x16(), 0u);
    j.update(452 + 352 + 10, 0x00000060u + 352);
    EXPECT_EQ(j.jitter_x16(), 10u);
    // An early packet counts the same as a late one: |D| = |-10 - 10| = 20,
    // J16 = 10 + 20 - (10 + 8) / 16 = 29.
    j.update(452 + 704 - 10, 0x00000060u + 704);
    EXPECT_EQ(j.jitter_x16(), 29u);
}

TEST(InterarrivalJitter, ResetForgetsThePackets) {
    InterarrivalJitter j;
    j.update(0, 0);
    j.update(500, 160);
    EXPECT_GT(j.jitter(), 0u);
    j.reset();
    EXPECT_EQ(j.jitter_x16(), 0u);
    j.update(123456, 0);  // a new reference transit, not a deviation
    EXPECT_EQ(j.jitter_x16(), 0u);
}

TEST(RtpUnits, DurationsInClockTicks) {
    struct Case {
        const char* name;
        Duration since;
        std::uint32_t rate;
        std::uint32_t expected;
    };
    const Case cases[] = {
        {"one_second_8k", 1s, 8000, 8000},
        {"twenty_ms_8k", 20ms, 8000, 160},
        {"twenty_ms_48k", 20ms, 48000, 960},
        {"one_tick_8k", 125us, 8000, 1},
        {"just_under_a_tick", 124us, 8000, 0},  // 124 µs × 8000 = 0.992 ticks
        // 10^6 s at 48 kHz = 48,000,000,000 ticks, modulo 2^32 = 755,359,744.
        {"wraps_modulo_2_32", std::chrono::seconds{1'000'000}, 48000, 755'359'744u},
        // 3 days (259,200 s) and 1 ms at 8 kHz = 2,073,600,008 ticks: the seconds and the
        // fraction are converted apart, so nothing overflows.
        {"long_uptime", std::chrono::hours{72} + 1ms, 8000, 2'073'600'008u},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(to_rtp_units(c.since, c.rate), c.expected);
    }
}

}  // namespace
}  // namespace sessioncore::rtp
