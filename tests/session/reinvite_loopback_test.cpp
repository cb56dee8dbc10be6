// Re-INVITEs we send, between two SessionManagers over UDP on 127.0.0.1: hold and resume with
// the SDP directions and states they bring, both sides holding (inactive), glare with both
// sides re-INVITEing at once, a 488 that leaves the session as it was, hangup while our
// re-INVITE is pending, and every count back to 0 afterwards. Timers and the §14.1 retry
// windows are shortened so that each flow ends within its deadline.
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <sessioncore/base/event_channel.hpp>
#include <sessioncore/session/error.hpp>
#include <sessioncore/session/session_manager.hpp>

#include "session/loopback_support.hpp"

namespace sessioncore::session {
namespace {

using namespace std::chrono_literals;
using boost::asio::use_future;

using test_support::all_zero;
using test_support::deadline;
using test_support::eventually;
using test_support::outcome;

SessionManagerConfig loopback_config() {
    SessionManagerConfig config = test_support::loopback_config();
    config.reinvite.owner_retry_min = 210ms;
    config.reinvite.owner_retry_max = 400ms;
    config.reinvite.other_retry_min = 0ms;
    config.reinvite.other_retry_max = 200ms;
    return config;
}

/// The direction of the last SdpNegotiated and the states of the StateChanged events of
/// `id` in what is queued now, in order.
struct Seen {
    std::vector<std::string> directions;
    std::vector<CallState> states;
    std::vector<std::string> order;  // "sdp" and "state" as they came
};

Seen seen(SessionManager& sm, SessionId id) {
    std::vector<Event> events;
    sm.events().try_receive_batch(events, 1'000'000);
    Seen out;
    for (const auto& e : events) {
        if (session_of(e) != id)
            continue;
        if (const auto* sdp = std::get_if<SdpNegotiated>(&e)) {
            out.directions.push_back(sdp->direction);
            out.order.push_back("sdp");
        } else if (const auto* change = std::get_if<StateChanged>(&e)) {
            out.states.push_back(change->to);
            out.order.push_back("state");
        }
    }
    return out;
}

bool has_line(const std::string& sdp, std::string_view line) {
    return sdp.find(std::string(line) + "\r\n") != std::string::npos;
}

std::uint64_t origin_version(const std::string& sdp) {
    // o=<username> <sess-id> <sess-version> ...
    auto o = sdp.find("o=");
    std::istringstream fields(sdp.substr(o + 2));
    std::string user, id;
    std::uint64_t version = 0;
    fields >> user >> id >> version;
    return version;
}

class Reinvite : public ::testing::Test {
protected:
    void SetUp() override {
        bob_.on_incoming_call([this](Session call) {
            call.answer(bob_answer_);
            std::lock_guard lock(mutex_);
            bob_call_ = call;
        });
        ASSERT_FALSE(alice_.start());
        ASSERT_FALSE(bob_.start());
        const auto port = bob_.local_endpoint(transport::Protocol::Udp)->port;
        auto placed = alice_.make_call("sip:bob@127.0.0.1:" + std::to_string(port), {}, use_future);
        ASSERT_EQ(placed.wait_for(deadline), std::future_status::ready);
        a_ = placed.get();
        auto up = a_.async_wait_for(CallState::Connected, use_future);
        ASSERT_FALSE(outcome(up));
        ASSERT_TRUE(eventually([&] {
            std::lock_guard lock(mutex_);
            return static_cast<bool>(bob_call_);
        }));
        std::lock_guard lock(mutex_);
        b_ = bob_call_;
        auto b_up = b_.async_wait_for(CallState::Connected, use_future);
        ASSERT_FALSE(outcome(b_up));
        (void)seen(alice_, a_.id());
        (void)seen(bob_, b_.id());
    }
    void TearDown() override {
        if (a_.state() != CallState::Terminated) {
            a_.hangup();
            auto over = a_.async_wait_for(CallState::Terminated, use_future);
            EXPECT_FALSE(outcome(over));
        }
        EXPECT_TRUE(eventually([&] { return all_zero(alice_) && all_zero(bob_); }))
            << "alice " << alice_.counts().sessions << "/" << alice_.counts().dialogs << "/"
            << alice_.counts().transactions << " bob " << bob_.counts().sessions << "/"
            << bob_.counts().dialogs << "/" << bob_.counts().transactions;
    }

    AnswerOptions bob_answer_;
    SessionManager alice_{loopback_config()};
    SessionManager bob_{loopback_config()};
    std::mutex mutex_;
    Session bob_call_;
    Session a_, b_;
};

TEST_F(Reinvite, HoldThenResume) {
    const auto version_before = origin_version(a_.info().local_sdp);
    auto held = a_.async_hold(use_future);
    ASSERT_FALSE(outcome(held));
    // Completion comes after the events: they are in the channel already, in order.
    auto a_seen = seen(alice_, a_.id());
    EXPECT_EQ(a_seen.directions, std::vector<std::string>{"sendonly"});
    EXPECT_EQ(a_seen.states, std::vector<CallState>{CallState::OnHold});
    EXPECT_EQ(a_seen.order, (std::vector<std::string>{"sdp", "state"}));
    EXPECT_EQ(a_.state(), CallState::OnHold);
    EXPECT_TRUE(has_line(a_.info().local_sdp, "a=sendonly"));
    EXPECT_TRUE(has_line(a_.info().remote_sdp, "a=recvonly"));
    EXPECT_EQ(origin_version(a_.info().local_sdp), version_before + 1);
    ASSERT_TRUE(eventually([&] { return b_.state() == CallState::OnHold; }));

    // Holding again changes nothing in the description: same o= version (RFC 3264 §8).
    auto again = a_.async_hold(use_future);
    ASSERT_FALSE(outcome(again));
    EXPECT_EQ(origin_version(a_.info().local_sdp), version_before + 1);

    auto resumed = a_.async_resume(use_future);
    ASSERT_FALSE(outcome(resumed));
    a_seen = seen(alice_, a_.id());
    EXPECT_EQ(a_seen.directions, (std::vector<std::string>{"sendonly", "sendrecv"}));
    EXPECT_EQ(a_seen.states, std::vector<CallState>{CallState::Connected});
    EXPECT_EQ(a_.state(), CallState::Connected);
    EXPECT_TRUE(has_line(a_.info().local_sdp, "a=sendrecv"));
    EXPECT_EQ(origin_version(a_.info().local_sdp), version_before + 2);
    ASSERT_TRUE(eventually([&] { return b_.state() == CallState::Connected; }));
}

TEST_F(Reinvite, CalleeHoldsToo) {
    auto b_held = b_.async_hold(use_future);
    ASSERT_FALSE(outcome(b_held));
    EXPECT_EQ(b_.state(), CallState::OnHold);
    ASSERT_TRUE(eventually([&] { return a_.state() == CallState::OnHold; }));
    // Alice is held (recvonly): her own hold is inactive (RFC 3264 §8.4).
    auto a_held = a_.async_hold(use_future);
    ASSERT_FALSE(outcome(a_held));
    EXPECT_TRUE(has_line(a_.info().local_sdp, "a=inactive"));
    EXPECT_TRUE(has_line(a_.info().remote_sdp, "a=inactive"));
    EXPECT_EQ(seen(alice_, a_.id()).directions.back(), "inactive");
    // Bob resumes; Alice still holds, so Bob's answer tells him sendonly... Bob's side is
    // recvonly and both stay OnHold.
    auto b_resumed = b_.async_resume(use_future);
    ASSERT_FALSE(outcome(b_resumed));
    EXPECT_TRUE(has_line(b_.info().remote_sdp, "a=sendonly"));
    EXPECT_EQ(b_.state(), CallState::OnHold);
    EXPECT_EQ(a_.state(), CallState::OnHold);
}

TEST_F(Reinvite, GlareIsRetriedAndBothSucceed) {
    auto a_held = a_.async_hold(use_future);
    auto b_held = b_.async_hold(use_future);
    EXPECT_FALSE(outcome(a_held));
    EXPECT_FALSE(outcome(b_held));
    EXPECT_EQ(a_.state(), CallState::OnHold);
    EXPECT_EQ(b_.state(), CallState::OnHold);
    ASSERT_TRUE(eventually([&] {
        return has_line(a_.info().local_sdp, "a=inactive") ||
               has_line(a_.info().remote_sdp, "a=inactive");
    }));
    EXPECT_TRUE(has_line(b_.info().local_sdp, "a=inactive") ||
                has_line(b_.info().remote_sdp, "a=inactive"));
}

TEST_F(Reinvite, RejectedOfferLeavesTheSessionAsItWas) {
    const auto local_before = a_.info().local_sdp;
    MediaOptions g722_only;
    g722_only.codecs = {"G722"};  // Bob has PCMU, PCMA, telephone-event: he answers 488
    auto offered = a_.async_reoffer(g722_only, use_future);
    EXPECT_EQ(outcome(offered), make_error_code(errc::reinvite_rejected));
    EXPECT_EQ(a_.state(), CallState::Connected);
    EXPECT_EQ(a_.info().local_sdp, local_before);
    // The session still works: a hold goes through with the old codecs.
    auto held = a_.async_hold(use_future);
    ASSERT_FALSE(outcome(held));
    EXPECT_NE(a_.info().local_sdp.find("PCMU"), std::string::npos);
    EXPECT_EQ(a_.info().local_sdp.find("G722"), std::string::npos);
}

TEST_F(Reinvite, BadInputIsAnError) {
    MediaOptions unknown;
    unknown.codecs = {"no-such-codec"};
    auto bad = a_.async_reoffer(unknown, use_future);
    EXPECT_EQ(outcome(bad), make_error_code(errc::bad_media));
    // Both posted from the session's shard, so the first is still in progress when the second
    // runs (from the test thread, a preempted test could see the first complete in between).
    std::future<void> first, second;
    std::promise<void> posted;
    a_.async_wait_for(CallState::Connected, [&](boost::system::error_code) {
        first = a_.async_hold(use_future);
        second = a_.async_resume(use_future);
        posted.set_value();
    });
    ASSERT_EQ(posted.get_future().wait_for(deadline), std::future_status::ready);
    EXPECT_EQ(outcome(second), make_error_code(errc::busy));
    EXPECT_FALSE(outcome(first));
    Session empty;
    auto none = empty.async_hold(use_future);
    EXPECT_EQ(outcome(none), make_error_code(errc::no_such_session));
}

TEST_F(Reinvite, HangupWhileReinvitePending) {
    // Both posted from the session's own shard (a plain callback's completion runs there), so
    // nothing, not even the peer's 200, can run between them: the BYE goes while the re-INVITE
    // is pending. From the test thread, a preempted test could see the hold complete first.
    std::future<void> held;
    std::promise<void> posted;
    a_.async_wait_for(CallState::Connected, [&](boost::system::error_code) {
        held = a_.async_hold(use_future);
        a_.hangup();
        posted.set_value();
    });
    ASSERT_EQ(posted.get_future().wait_for(deadline), std::future_status::ready);
    EXPECT_EQ(outcome(held), make_error_code(errc::terminated));
    auto over = a_.async_wait_for(CallState::Terminated, use_future);
    ASSERT_FALSE(outcome(over));
    EXPECT_EQ(a_.info().termination.reason, TerminationReason::LocalHangup);
    auto b_over = b_.async_wait_for(CallState::Terminated, use_future);
    ASSERT_FALSE(outcome(b_over));
    auto late = a_.async_resume(use_future);
    EXPECT_EQ(outcome(late), make_error_code(errc::no_such_session));
}

}  // namespace
}  // namespace sessioncore::session
