// NTP timestamps and the round-trip time (RFC 3550 §4, §6.4.1), with the worked example of
// §6.4.1 Figure 2 as data.
#include <gtest/gtest.h>

#include <sessioncore/rtp/ntp.hpp>

namespace sessioncore::rtp {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

TEST(Ntp, WallClockToNtp) {
    struct Case {
        const char* name;
        system_clock::time_point t;
        NtpTimestamp expected;
    };
    const Case cases[] = {
        // 1970-01-01 is 2,208,988,800 s after 1900-01-01: 70 × 365 + 17 leap days = 25,567
        // days × 86,400 s.
        {"unix_epoch", system_clock::time_point{}, {2'208'988'800u, 0}},
        // Half a second is 2^31 units of 2^-32 s.
        {"half_second", system_clock::time_point{500ms}, {2'208'988'800u, 0x80000000u}},
        // 1 ns is 4.29 units: truncated to 4.
        {"one_nanosecond", system_clock::time_point{1ns}, {2'208'988'800u, 4u}},
        // §6.4.1 Figure 2: 10 Nov 1995 11:33:25.125 UTC is ntp_sec 0xb44db705,
        // ntp_frac 0x20000000 (0.125 × 2^32).
        {"rfc3550_figure_2",
         sys_days{1995y / November / 10} + 11h + 33min + 25s + 125ms,
         {0xB44DB705u, 0x20000000u}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(to_ntp(c.t), c.expected);
    }
}

TEST(Ntp, CompactIsTheMiddle32Bits) {
    // §6.4.1 Figure 2: that SR's LSR is 0xb705:2000 (46853.125 s).
    EXPECT_EQ((NtpTimestamp{0xB44DB705u, 0x20000000u}).compact(), 0xB7052000u);
    EXPECT_EQ((NtpTimestamp{0x0001FFFFu, 0xFFFF0000u}).compact(), 0xFFFFFFFFu);
}

TEST(Ntp, DurationsInSixtyFifthThousandthsOfASecond) {
    struct Case {
        const char* name;
        Duration d;
        std::uint32_t units;
    };
    const Case cases[] = {
        {"zero", 0s, 0},
        // 1/65536 s is 15258.79 ns: 15258 ns is 0.99998 of a unit (truncated to 0), 15259 ns
        // is 1.00001.
        {"just_under_one_unit", 15258ns, 0},
        {"one_unit", 15259ns, 1},
        {"dlsr_1_5_s", 1500ms, 0x00018000},     // 1.5 × 65536 = 98304
        {"figure_2_dlsr", 5250ms, 0x00054000},  // 5.25 × 65536 = 344064
        {"just_under_the_limit", 65535s, 0xFFFF0000},
        {"saturates", 65536s, 0xFFFFFFFF},
        {"saturates_far", hours{24 * 365}, 0xFFFFFFFF},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(to_compact_ntp(c.d), c.units);
    }
    // 0x0006:2000 is 6 + 0x2000/65536 = 6.125 s exactly.
    EXPECT_EQ(from_compact_ntp(0x00062000), 6125ms);
    // 1 unit is 10^9 / 65536 = 15258.789 ns, truncated.
    EXPECT_EQ(from_compact_ntp(1), 15258ns);
}

TEST(Ntp, RoundTripTime) {
    struct Case {
        const char* name;
        std::uint32_t arrival;
        std::uint32_t lsr;
        std::uint32_t dlsr;
        std::optional<Duration> expected;
    };
    const Case cases[] = {
        // §6.4.1 Figure 2: A 0xb710:8000 (46864.500 s) - DLSR 0x0005:4000 (5.250 s)
        // - LSR 0xb705:2000 (46853.125 s) = 0x0006:2000 (6.125 s).
        {"rfc3550_figure_2", 0xB7108000, 0xB7052000, 0x00054000, 6125ms},
        {"no_sr_yet", 0xB7108000, 0, 0, std::nullopt},
        // The compact clock wraps every 65536 s: A just after the wrap, LSR just before.
        // Modulo 2^32, 0x0000:8000 - 0xffff:8000 = 0x0001:0000 (1 s); minus DLSR 0x0000:4000
        // (0.25 s) leaves 0x0000:c000 = 0.75 s.
        {"across_the_wrap", 0x00008000, 0xFFFF8000, 0x00004000, 750ms},
        {"zero", 0x00020000, 0x00010000, 0x00010000, 0s},
        // One or two units below zero is what the 16.16 rounding of three terms can do.
        {"one_unit_below_zero", 0x00020000, 0x00010000, 0x00010001, 0s},
        {"two_units_below_zero", 0x00020000, 0x00010000, 0x00010002, 0s},
        // Three units below: the report does not fit our clock.
        {"three_units_below_zero", 0x00020000, 0x00010000, 0x00010003, std::nullopt},
        {"a_second_below_zero", 0x00020000, 0x00010000, 0x00020000, std::nullopt},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(round_trip_time(c.arrival, c.lsr, c.dlsr), c.expected);
    }
}

}  // namespace
}  // namespace sessioncore::rtp
