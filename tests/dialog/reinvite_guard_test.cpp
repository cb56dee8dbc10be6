// One INVITE at a time per dialog (RFC 3261 §14.1, §14.2): 491 for a re-INVITE crossing ours,
// 500 with Retry-After 0-10 s for one arriving before we answered the previous one.
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/dialog/reinvite_guard.hpp>

namespace sessioncore::dialog {
namespace {

using namespace std::chrono_literals;

enum class Event { Send, SendFinished, Receive, Answer };

struct Step {
    Event event;
    std::uint16_t expected_status = 0;  // Receive only
    bool may_send_after = false;
};

struct GuardCase {
    const char* name;
    std::vector<Step> steps;
};

const GuardCase guard_cases[] = {
    {"send_then_finish",
     {{Event::Send, 0, false}, {Event::SendFinished, 0, true}, {Event::Send, 0, false}}},
    {"glare_491",
     {{Event::Send, 0, false},
      {Event::Receive, 491, false},
      {Event::SendFinished, 0, true},
      {Event::Receive, 0, false}}},
    {"second_received_500",
     {{Event::Receive, 0, false},
      {Event::Receive, 500, false},
      {Event::Answer, 0, true},
      {Event::Receive, 0, false}}},
    {"answered_then_send", {{Event::Receive, 0, false}, {Event::Answer, 0, true}}},
};

TEST(ReinviteGuard, Sequences) {
    for (const auto& c : guard_cases) {
        SCOPED_TRACE(c.name);
        ReinviteGuard guard{[](std::uint32_t) { return 7u; }};
        EXPECT_TRUE(guard.may_send());
        int index = 0;
        for (const auto& step : c.steps) {
            SCOPED_TRACE(index++);
            switch (step.event) {
                case Event::Send:
                    guard.on_sent();
                    break;
                case Event::SendFinished:
                    guard.on_sent_finished();
                    break;
                case Event::Answer:
                    guard.on_answered();
                    break;
                case Event::Receive: {
                    auto verdict = guard.on_received();
                    EXPECT_EQ(verdict.status, step.expected_status);
                    EXPECT_EQ(verdict.accepted(), step.expected_status == 0);
                    // Only the 500 carries a Retry-After (§14.2).
                    EXPECT_EQ(verdict.retry_after.has_value(), step.expected_status == 500);
                    break;
                }
            }
            EXPECT_EQ(guard.may_send(), step.may_send_after);
        }
    }
}

TEST(ReinviteGuard, RetryAfterIsZeroToTenSeconds) {
    struct Draw {
        std::uint32_t (*pick)(std::uint32_t);
        std::chrono::seconds expected;
    };
    const Draw draws[] = {{[](std::uint32_t) { return 0u; }, 0s},
                          {[](std::uint32_t) { return 4u; }, 4s},
                          {[](std::uint32_t n) { return n - 1; }, 10s}};
    for (const auto& d : draws) {
        SCOPED_TRACE(d.expected.count());
        std::vector<std::uint32_t> counts;
        ReinviteGuard guard{[&counts, &d](std::uint32_t n) {
            counts.push_back(n);
            return d.pick(n);
        }};
        ASSERT_TRUE(guard.on_received().accepted());
        auto verdict = guard.on_received();
        EXPECT_EQ(verdict.status, 500);
        EXPECT_EQ(verdict.retry_after, d.expected);
        EXPECT_EQ(counts, std::vector<std::uint32_t>{11});
        EXPECT_TRUE(guard.received_pending());  // the first one still waits for its answer
    }
}

TEST(ReinviteGuard, SendingWhileAnInviteIsInProgressIsAProgrammingError) {
    ReinviteGuard outgoing;
    outgoing.on_sent();
    EXPECT_THROW(outgoing.on_sent(), std::logic_error);
    ReinviteGuard incoming;
    ASSERT_TRUE(incoming.on_received().accepted());
    EXPECT_THROW(incoming.on_sent(), std::logic_error);
}

}  // namespace
}  // namespace sessioncore::dialog
