// The retry delay after a 491 (RFC 3261 §14.1): 2.1-4 s for the Call-ID's owner, 0-2 s for the
// other end, in 10 ms units; with a scripted random source and with the default one.
#include <set>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/dialog/glare.hpp>

namespace sessioncore::dialog {
namespace {

using namespace std::chrono_literals;

// A source that returns `pick(count)` and remembers the counts it was asked for.
struct Scripted {
    std::vector<std::uint32_t>* counts;
    std::uint32_t (*pick)(std::uint32_t count);
    std::uint32_t operator()(std::uint32_t count) const {
        counts->push_back(count);
        return pick(count);
    }
};

struct DelayCase {
    const char* name;
    Role role;
    std::uint32_t (*pick)(std::uint32_t count);
    std::uint32_t expected_count;  // 10 ms steps in the range, both ends included
    std::chrono::milliseconds expected;
};

const DelayCase delay_cases[] = {
    {"owner_lowest", Role::Uac, [](std::uint32_t) { return 0u; }, 191, 2100ms},
    {"owner_second", Role::Uac, [](std::uint32_t) { return 1u; }, 191, 2110ms},
    {"owner_highest", Role::Uac, [](std::uint32_t n) { return n - 1; }, 191, 4000ms},
    {"other_lowest", Role::Uas, [](std::uint32_t) { return 0u; }, 201, 0ms},
    {"other_middle", Role::Uas, [](std::uint32_t n) { return n / 2; }, 201, 1000ms},
    {"other_highest", Role::Uas, [](std::uint32_t n) { return n - 1; }, 201, 2000ms},
};

TEST(GlareBackoff, DelayFollowsTheRoleAndTheDraw) {
    for (const auto& c : delay_cases) {
        SCOPED_TRACE(c.name);
        std::vector<std::uint32_t> counts;
        GlareBackoff backoff{Scripted{&counts, c.pick}};
        EXPECT_EQ(backoff.delay(c.role), c.expected);
        EXPECT_EQ(counts, std::vector<std::uint32_t>{c.expected_count});
    }
}

TEST(GlareBackoff, EveryDrawIsATenMillisecondStepInsideTheRange) {
    struct Bounds {
        Role role;
        std::chrono::milliseconds low, high;
    };
    for (const auto& b : {Bounds{Role::Uac, 2100ms, 4000ms}, Bounds{Role::Uas, 0ms, 2000ms}}) {
        SCOPED_TRACE(b.role == Role::Uac ? "owner" : "other");
        std::uint32_t next = 0;
        GlareBackoff backoff{[&next](std::uint32_t count) { return next++ % count; }};
        std::set<std::chrono::milliseconds::rep> seen;
        for (int i = 0; i < 300; ++i) {
            auto d = backoff.delay(b.role);
            EXPECT_GE(d, b.low);
            EXPECT_LE(d, b.high);
            EXPECT_EQ(d.count() % 10, 0);
            seen.insert(d.count());
        }
        EXPECT_EQ(seen.size(), static_cast<std::size_t>((b.high - b.low) / 10ms + 1));
    }
}

TEST(GlareBackoff, DefaultSourceStaysInRange) {
    GlareBackoff backoff;
    for (int i = 0; i < 200; ++i) {
        auto owner = backoff.delay(Role::Uac);
        EXPECT_GE(owner, 2100ms);
        EXPECT_LE(owner, 4000ms);
        auto other = backoff.delay(Role::Uas);
        EXPECT_GE(other, 0ms);
        EXPECT_LE(other, 2000ms);
    }
}

TEST(GlareBackoff, ConfiguredWindowsReplaceTheRfcOnes) {
    std::vector<std::uint32_t> counts;
    GlareBackoff backoff{GlareWindow{200ms, 400ms}, GlareWindow{0ms, 100ms},
                         Scripted{&counts, [](std::uint32_t n) { return n - 1; }}};
    EXPECT_EQ(backoff.delay(Role::Uac), 400ms);
    EXPECT_EQ(backoff.delay(Role::Uas), 100ms);
    EXPECT_EQ(counts, (std::vector<std::uint32_t>{21, 11}));
}

TEST(GlareBackoff, EmptyOrInvertedWindowGivesItsLowWithoutADraw) {
    std::vector<std::uint32_t> counts;
    GlareBackoff backoff{GlareWindow{50ms, 50ms}, GlareWindow{30ms, 10ms},
                         Scripted{&counts, [](std::uint32_t) { return 0u; }}};
    EXPECT_EQ(backoff.delay(Role::Uac), 50ms);
    EXPECT_EQ(backoff.delay(Role::Uas), 30ms);
    EXPECT_TRUE(counts.empty());
}

TEST(GlareBackoff, SourceOutOfRangeIsAProgrammingError) {
    GlareBackoff backoff{[](std::uint32_t count) { return count; }};
    EXPECT_THROW((void)backoff.delay(Role::Uac), std::logic_error);
}

}  // namespace
}  // namespace sessioncore::dialog
