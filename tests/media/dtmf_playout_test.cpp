// DtmfPlayout on a simulated timestamp line: which ticks carry audio or which RFC 4733
// reports, the event timestamps, the marker bits, the gap between digits, and the errors.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/dtmf_playout.hpp>

namespace sessioncore::media {
namespace {

constexpr std::uint32_t frame = 160;  // 20 ms at 8 kHz

// One tick as the channel sees it: the line's timestamp, and what the playout said.
struct Step {
    std::uint32_t line;
    DtmfTick tick;
};

// Runs `ticks` ticks on a line starting at `start` that moves one frame per tick, as the
// RtpStream's does whether audio or events went out.
std::vector<Step> run(DtmfPlayout& playout, int ticks, std::uint32_t start = 0xFFFFFE00u) {
    std::vector<Step> steps;
    std::uint32_t line = start;
    for (int i = 0; i < ticks; ++i) {
        steps.push_back({line, playout.tick(line)});
        line += frame;
    }
    return steps;
}

TEST(DtmfPlayout, OneDigitReplacesSevenFramesThenAudioResumesWithTheMarker) {
    DtmfPlayout playout(frame);
    ASSERT_TRUE(playout.enqueue("7", {.duration = 800, .gap = 480, .volume = 12}));
    const auto steps = run(playout, 9);
    const std::uint32_t start = steps[0].line;
    ASSERT_TRUE(steps[0].tick.digit_started);
    const std::uint16_t durations[] = {160, 320, 480, 640, 800, 800, 800};
    for (int i = 0; i < 7; ++i) {
        SCOPED_TRACE(i);
        const auto& t = steps[static_cast<std::size_t>(i)].tick;
        EXPECT_FALSE(t.audio);
        ASSERT_EQ(t.count, 1u);
        const auto& p = t.events()[0];
        EXPECT_EQ(p.timestamp, start);  // every report carries the event's start
        EXPECT_EQ(p.marker, i == 0);
        EXPECT_EQ(p.event.event, 7);
        EXPECT_EQ(p.event.volume, 12);
        EXPECT_EQ(p.event.duration, durations[i]);
        EXPECT_EQ(p.event.end, i >= 4);
        EXPECT_EQ(t.digit_started, i == 0);
    }
    EXPECT_TRUE(steps[7].tick.audio);
    EXPECT_TRUE(steps[7].tick.marker);
    EXPECT_EQ(steps[7].line, start + 7 * frame);  // the time that elapsed, across the wrap
    EXPECT_TRUE(steps[8].tick.audio);
    EXPECT_FALSE(steps[8].tick.marker);
    EXPECT_FALSE(playout.playing());
}

TEST(DtmfPlayout, DigitsFollowEachOtherAfterTheGap) {
    struct Case {
        const char* name;
        std::uint32_t duration, gap;
        int second_start;  // tick
    };
    constexpr Case cases[] = {
        {"gap_60ms", 800, 480, 8},      // (800 + 480) / 160
        {"gap_200ms", 800, 1600, 15},   // (800 + 1600) / 160
        {"no_gap", 800, 0, 7},          // not before the last end report (tick 6)
        {"odd_duration", 720, 410, 8},  // the first tick at or after 1130
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        DtmfPlayout playout(frame);
        ASSERT_TRUE(playout.enqueue("1#", {.duration = c.duration, .gap = c.gap}));
        EXPECT_EQ(playout.queued(), 2u);
        const auto steps = run(playout, 30);
        std::vector<int> starts;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            if (steps[i].tick.digit_started) {
                starts.push_back(static_cast<int>(i));
                EXPECT_EQ(steps[i].tick.events()[0].timestamp, steps[i].line);
            }
        }
        ASSERT_EQ(starts.size(), 2u);
        EXPECT_EQ(starts[0], 0);
        EXPECT_EQ(starts[1], c.second_start);
        EXPECT_EQ(steps[static_cast<std::size_t>(starts[1])].tick.events()[0].event.event, 11);
        EXPECT_EQ(playout.queued(), 0u);
    }
}

TEST(DtmfPlayout, KeysMapToRfc4733Events) {
    DtmfPlayout playout(frame);
    ASSERT_TRUE(playout.enqueue("09*#aD", {.duration = 160, .gap = 0}));
    std::vector<int> events;
    for (const auto& s : run(playout, 40)) {
        if (s.tick.digit_started)
            events.push_back(s.tick.events()[0].event.event);
    }
    EXPECT_EQ(events, (std::vector<int>{0, 9, 10, 11, 12, 15}));
}

TEST(DtmfPlayout, ClearEndsTheDigitAndTheNextAudioHasTheMarker) {
    DtmfPlayout playout(frame);
    ASSERT_TRUE(playout.enqueue("12", {}));
    (void)playout.tick(0);
    ASSERT_TRUE(playout.playing());
    playout.clear();
    EXPECT_FALSE(playout.playing());
    EXPECT_EQ(playout.queued(), 0u);
    const auto t = playout.tick(160);
    EXPECT_TRUE(t.audio);
    EXPECT_TRUE(t.marker);
    EXPECT_TRUE(playout.tick(320).audio);
}

TEST(DtmfPlayout, IdleTicksAreAudioWithoutMarker) {
    DtmfPlayout playout(frame);
    for (const auto& s : run(playout, 5)) {
        EXPECT_TRUE(s.tick.audio);
        EXPECT_FALSE(s.tick.marker);
        EXPECT_EQ(s.tick.count, 0u);
    }
}

TEST(DtmfPlayout, BadInputQueuesNothing) {
    struct Case {
        const char* name;
        std::string digits;
        DtmfToneSpec spec;
        errc error;
    };
    const Case cases[] = {
        {"empty", "", {}, errc::bad_dtmf_digit},
        {"letter", "12x", {}, errc::bad_dtmf_digit},
        {"space", "1 2", {}, errc::bad_dtmf_digit},
        {"zero_duration", "1", {.duration = 0}, errc::bad_option},
        {"loud", "1", {.volume = 64}, errc::bad_option},
        {"too_many", std::string(DtmfPlayout::max_queued + 1, '1'), {}, errc::buffer_too_small},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        DtmfPlayout playout(frame);
        const auto r = playout.enqueue(c.digits, c.spec);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), c.error);
        EXPECT_EQ(playout.queued(), 0u);
        EXPECT_TRUE(playout.tick(0).audio);
    }
    DtmfPlayout full(frame);
    ASSERT_TRUE(full.enqueue(std::string(DtmfPlayout::max_queued, '1'), {}));
    EXPECT_EQ(full.enqueue("2", {}).error(), errc::buffer_too_small);
    EXPECT_EQ(full.queued(), DtmfPlayout::max_queued);
}

TEST(DtmfPlayout, LongDigitGoesOnInSegments) {
    DtmfPlayout playout(frame);
    ASSERT_TRUE(playout.enqueue("3", {.duration = 80000, .gap = 0}));  // 10 s at 8 kHz
    const auto steps = run(playout, 520);
    const std::uint32_t start = steps[0].line;
    int events = 0, second_segment = 0, ends = 0;
    int last_event_tick = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        for (const auto& p : steps[i].tick.events()) {
            ++events;
            last_event_tick = static_cast<int>(i);
            EXPECT_TRUE(p.timestamp == start || p.timestamp == start + 0xFFFFu);
            second_segment += p.timestamp == start + 0xFFFFu ? 1 : 0;
            ends += p.event.end ? 1 : 0;
        }
    }
    EXPECT_GT(second_segment, 0);
    EXPECT_EQ(ends, 3);
    EXPECT_EQ(last_event_tick, 80000 / 160 + 1);  // the third end report
    EXPECT_TRUE(steps[static_cast<std::size_t>(last_event_tick) + 1].tick.audio);
    EXPECT_GE(events, 500);
}

}  // namespace
}  // namespace sessioncore::media
