// Sequence-number bookkeeping (RFC 3550 §A.1) and loss (§A.3) against hand-computed values:
// each case feeds sequence numbers and checks every verdict and the counts after them.
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/rtp/source_sequence.hpp>

namespace sessioncore::rtp {
namespace {

using V = SequenceVerdict;

struct Expected {
    std::uint16_t base;
    std::uint32_t extended_highest;
    std::uint32_t received;
    std::int64_t expected;
    std::int64_t lost;
};

struct Case {
    const char* name;
    SequenceOptions options;
    std::vector<std::uint16_t> seqs;
    std::vector<V> verdicts;
    Expected after;
};

TEST(SourceSequence, VerdictsAndCountsOfEachScenario) {
    const Case cases[] = {
        // Probation: the first packet only starts the run; the second in sequence makes the
        // source valid and is its base. expected = 101 - 101 + 1 = 1.
        {"probation_then_valid", {}, {100, 101}, {V::Probation, V::Accepted}, {101, 101, 1, 1, 0}},
        // Out of sequence during probation: 105 starts a new run, 106 ends it.
        {"probation_restarts_on_a_gap",
         {},
         {100, 105, 106},
         {V::Probation, V::Probation, V::Accepted},
         {106, 106, 1, 1, 0}},
        {"three_sequential_needed",
         {.min_sequential = 3},
         {7, 8, 9, 10},
         {V::Probation, V::Probation, V::Accepted, V::Accepted},
         {9, 10, 2, 2, 0}},
        // With min_sequential 1 (or 0) the first packet is valid at once.
        {"no_probation", {.min_sequential = 1}, {500}, {V::Accepted}, {500, 500, 1, 1, 0}},
        {"no_probation_zero",
         {.min_sequential = 0},
         {500, 501},
         {V::Accepted, V::Accepted},
         {500, 501, 2, 2, 0}},
        // A gap is loss: base 101, highest 105, expected 105 - 101 + 1 = 5, received 4
        // (101, 102, 104, 105), lost 1.
        {"gap_is_loss",
         {},
         {100, 101, 102, 104, 105},
         {V::Probation, V::Accepted, V::Accepted, V::Accepted, V::Accepted},
         {101, 105, 4, 5, 1}},
        // Wrapping past 65535 adds a cycle: extended highest 65536 + 1 = 65537, expected
        // 65537 - 65535 + 1 = 3 (65535, 0, 1), received 3.
        {"wrap_adds_a_cycle",
         {},
         {65534, 65535, 0, 1},
         {V::Probation, V::Accepted, V::Accepted, V::Accepted},
         {65535, 65537, 3, 3, 0}},
        // A duplicate counts as received: expected 2 (101, 102), received 3, lost -1.
        {"duplicate_makes_loss_negative",
         {},
         {100, 101, 102, 102},
         {V::Probation, V::Accepted, V::Accepted, V::Accepted},
         {101, 102, 3, 2, -1}},
        // Reordering within max_misorder: 102 after 103 counts, the highest stays 103.
        {"reordered_packet_counts",
         {},
         {100, 101, 103, 102},
         {V::Probation, V::Accepted, V::Accepted, V::Accepted},
         {101, 103, 3, 3, 0}},
        // 950 is 50 behind 1000 (within max_misorder 100): late, counted.
        {"late_within_misorder",
         {},
         {999, 1000, 950},
         {V::Probation, V::Accepted, V::Accepted},
         {1000, 1000, 2, 1, -1}},
        // 2999 ahead is still in order (< max_dropout 3000): expected 3999 - 1000 + 1 = 3000,
        // received 2, lost 2998.
        {"gap_just_under_dropout",
         {},
         {999, 1000, 3999},
         {V::Probation, V::Accepted, V::Accepted},
         {1000, 3999, 2, 3000, 2998}},
        // 3000 ahead is a jump: dropped, nothing changes.
        {"gap_at_dropout_is_a_jump",
         {},
         {999, 1000, 4000},
         {V::Probation, V::Accepted, V::Jump},
         {1000, 1000, 1, 1, 0}},
        // 200 behind is beyond max_misorder: a jump too.
        {"far_behind_is_a_jump",
         {},
         {999, 1000, 800},
         {V::Probation, V::Accepted, V::Jump},
         {1000, 1000, 1, 1, 0}},
        // A jump and then the number after it: the sender restarted at 801. Everything begins
        // again from 801: base 801, received 1.
        {"two_in_sequence_after_a_jump_restart",
         {},
         {999, 1000, 800, 801, 802},
         {V::Probation, V::Accepted, V::Jump, V::Restarted, V::Accepted},
         {801, 802, 2, 2, 0}},
        // Two jumps that do not follow each other stay jumps.
        {"unrelated_jumps",
         {},
         {999, 1000, 5000, 7000, 1001},
         {V::Probation, V::Accepted, V::Jump, V::Jump, V::Accepted},
         {1000, 1001, 2, 2, 0}},
        // A restart across the wrap: jump to 65535, then 0 follows it.
        {"restart_across_the_wrap",
         {},
         {999, 1000, 65535, 0},
         {V::Probation, V::Accepted, V::Jump, V::Restarted},
         {0, 0, 1, 1, 0}},
        // Smaller limits, max_dropout 10 and max_misorder 5: 9 ahead is in order, 11 ahead a
        // jump; 4 behind (2^16 - 4 > 2^16 - 5) is late, 5 behind (2^16 - 5) a jump.
        // Received 100, 109, 105: 3 of the 109 - 100 + 1 = 10 expected.
        {"custom_limits",
         {.min_sequential = 2, .max_dropout = 10, .max_misorder = 5},
         {99, 100, 109, 120, 105, 104},
         {V::Probation, V::Accepted, V::Accepted, V::Jump, V::Accepted, V::Jump},
         {100, 109, 3, 10, 7}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        SourceSequence s{c.options};
        std::vector<V> verdicts;
        for (std::uint16_t seq : c.seqs)
            verdicts.push_back(s.update(seq));
        EXPECT_EQ(verdicts, c.verdicts);
        EXPECT_TRUE(s.valid());
        EXPECT_EQ(s.base_sequence(), c.after.base);
        EXPECT_EQ(s.extended_highest(), c.after.extended_highest);
        EXPECT_EQ(s.received(), c.after.received);
        EXPECT_EQ(s.expected(), c.after.expected);
        EXPECT_EQ(s.cumulative_lost(), c.after.lost);
    }
}

TEST(SourceSequence, NothingCountsBeforeTheSourceIsValid) {
    SourceSequence s;
    EXPECT_FALSE(s.valid());
    EXPECT_EQ(s.update(10), V::Probation);
    EXPECT_FALSE(s.valid());
    EXPECT_EQ(s.expected(), 0);
    EXPECT_EQ(s.received(), 0u);
    EXPECT_EQ(s.take_interval().fraction_lost, 0);
}

TEST(SourceSequence, ManyWrapsKeepCounting) {
    // 200,000 packets in order from 1: extended highest 200,000, 3 wraps
    // (65536 × 3 = 196,608 <= 200,000 < 262,144).
    SourceSequence s{{.min_sequential = 1}};
    for (std::uint32_t i = 1; i <= 200'000; ++i)
        ASSERT_EQ(s.update(static_cast<std::uint16_t>(i)), V::Accepted);
    EXPECT_EQ(s.cycles(), 3u);
    EXPECT_EQ(s.highest_sequence(), 200'000 - 3 * 65536);
    EXPECT_EQ(s.extended_highest(), 200'000u);
    EXPECT_EQ(s.expected(), 200'000);
    EXPECT_EQ(s.cumulative_lost(), 0);
}

TEST(SourceSequence, IntervalLossAndFraction) {
    SourceSequence s;
    s.update(100);
    // Interval 1: 101-110 without 105 and 106: expected 10, received 8, lost 2;
    // fraction = 2 × 256 / 10 = 51.2, truncated to 51.
    for (std::uint16_t seq = 101; seq <= 110; ++seq)
        if (seq != 105 && seq != 106)
            s.update(seq);
    IntervalLoss first = s.take_interval();
    EXPECT_EQ(first.expected, 10);
    EXPECT_EQ(first.received, 8);
    EXPECT_EQ(first.lost, 2);
    EXPECT_EQ(first.fraction_lost, 51);

    // Interval 2: 111-120, all of them: nothing lost.
    for (std::uint16_t seq = 111; seq <= 120; ++seq)
        s.update(seq);
    IntervalLoss second = s.take_interval();
    EXPECT_EQ(second.expected, 10);
    EXPECT_EQ(second.received, 10);
    EXPECT_EQ(second.fraction_lost, 0);

    // Interval 3: 121, 121 again, 122: expected 2, received 3, lost -1, fraction 0.
    s.update(121);
    s.update(121);
    s.update(122);
    IntervalLoss third = s.take_interval();
    EXPECT_EQ(third.expected, 2);
    EXPECT_EQ(third.received, 3);
    EXPECT_EQ(third.lost, -1);
    EXPECT_EQ(third.fraction_lost, 0);

    // Interval 4: 123 and then 133 (9 lost of 11 expected): 9 × 256 / 11 = 209.45, 209.
    s.update(123);
    s.update(133);
    IntervalLoss fourth = s.take_interval();
    EXPECT_EQ(fourth.expected, 11);
    EXPECT_EQ(fourth.lost, 9);
    EXPECT_EQ(fourth.fraction_lost, 209);

    // Interval 5: nothing arrived: nothing expected, fraction 0.
    EXPECT_EQ(s.take_interval().fraction_lost, 0);
    // Over the whole: expected 133 - 101 + 1 = 33, received 8 + 10 + 3 + 2 = 23, lost 10.
    EXPECT_EQ(s.cumulative_lost(), 10);
}

TEST(SourceSequence, ARestartStartsTheIntervalAfresh) {
    SourceSequence s;
    for (std::uint16_t seq : {100, 101, 102, 110})
        s.update(seq);
    EXPECT_EQ(s.update(30000), V::Jump);
    EXPECT_EQ(s.update(30001), V::Restarted);
    s.update(30002);
    IntervalLoss loss = s.take_interval();
    // Only what came since the restart: expected 2 (30001, 30002), received 2.
    EXPECT_EQ(loss.expected, 2);
    EXPECT_EQ(loss.received, 2);
    EXPECT_EQ(loss.fraction_lost, 0);
}

TEST(SourceSequence, CumulativeLossForTheReportIsClampedTo24Bits) {
    // From 1, 3000 steps of 2999 (just under max_dropout): highest 1 + 3000 × 2999 = 8,997,001,
    // expected 8,997,001, received 3001, lost 8,994,000 > 2^23 - 1 = 8,388,607.
    SourceSequence s{{.min_sequential = 1}};
    std::uint32_t seq = 1;
    s.update(1);
    for (int i = 0; i < 3000; ++i) {
        seq += 2999;
        ASSERT_EQ(s.update(static_cast<std::uint16_t>(seq)), V::Accepted);
    }
    EXPECT_EQ(s.extended_highest(), 8'997'001u);
    EXPECT_EQ(s.cumulative_lost(), 8'994'000);
    EXPECT_EQ(s.cumulative_lost_for_report(), 8'388'607);
}

}  // namespace
}  // namespace sessioncore::rtp
