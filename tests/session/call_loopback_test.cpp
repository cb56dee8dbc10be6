// Two SessionManagers over real UDP sockets on 127.0.0.1 call each other: answer, reject,
// CANCEL, BYE from each side, 488 and 503, events in order, the lookups on many sessions, and
// every count back to 0 after each flow. Timers are shortened (T1 = 50 ms) so that the
// transactions' wait states end within the test's deadlines.
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
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
using test_support::drain;
using test_support::eventually;
using test_support::loopback_config;

std::vector<Event> of_session(const std::vector<Event>& events, SessionId id) {
    std::vector<Event> mine;
    for (const auto& e : events)
        if (session_of(e) == id)
            mine.push_back(e);
    return mine;
}

/// Alice calls, Bob answers as each test says (his handler runs on his shard).
class CallPair : public ::testing::Test {
protected:
    void start(SessionManagerConfig bob_config = loopback_config()) {
        bob_ = std::make_unique<SessionManager>(std::move(bob_config));
        bob_->on_incoming_call([this](Session call) {
            {
                std::lock_guard lock(mutex_);
                bob_calls_.push_back(call);
            }
            if (on_bob_call)
                on_bob_call(call);
        });
        ASSERT_FALSE(alice_.start());
        ASSERT_FALSE(bob_->start());
        bob_uri_ = "sip:bob@127.0.0.1:" +
                   std::to_string(bob_->local_endpoint(transport::Protocol::Udp)->port);
    }
    void TearDown() override {
        if (!bob_)
            return;
        EXPECT_TRUE(eventually([&] { return all_zero(alice_) && all_zero(*bob_); }))
            << "alice " << alice_.counts().sessions << "/" << alice_.counts().dialogs << "/"
            << alice_.counts().transactions << " bob " << bob_->counts().sessions << "/"
            << bob_->counts().dialogs << "/" << bob_->counts().transactions;
        EXPECT_EQ(alice_.events_dropped(), 0u);
        EXPECT_EQ(bob_->events_dropped(), 0u);
    }

    Session call(CallOptions options = {}) {
        auto placed = alice_.make_call(bob_uri_, std::move(options), use_future);
        if (placed.wait_for(deadline) != std::future_status::ready)
            return {};
        return placed.get();
    }
    static boost::system::error_code wait(Session& s, CallState state) {
        auto done = s.async_wait_for(state, use_future);
        if (done.wait_for(deadline) != std::future_status::ready)
            return make_error_code(boost::system::errc::timed_out);
        try {
            done.get();
            return {};
        } catch (const boost::system::system_error& e) {
            return e.code();
        }
    }
    Session bob_call(std::size_t index) {
        eventually([&] {
            std::lock_guard lock(mutex_);
            return bob_calls_.size() > index;
        });
        std::lock_guard lock(mutex_);
        return bob_calls_.size() > index ? bob_calls_[index] : Session{};
    }

    std::function<void(Session)> on_bob_call;
    SessionManager alice_{loopback_config()};
    std::unique_ptr<SessionManager> bob_;
    std::string bob_uri_;
    std::mutex mutex_;
    std::vector<Session> bob_calls_;
};

TEST_F(CallPair, AnsweredCallEndedByCaller) {
    on_bob_call = [](Session c) { c.answer(); };
    start();
    Session a = call();
    ASSERT_TRUE(a);
    ASSERT_FALSE(wait(a, CallState::Connected));
    Session b = bob_call(0);
    ASSERT_TRUE(b);
    ASSERT_FALSE(wait(b, CallState::Connected));
    EXPECT_EQ(a.info().remote_tag, b.info().local_tag);
    EXPECT_EQ(a.info().call_id, b.info().call_id);
    EXPECT_NE(b.info().remote_sdp.find("m=audio"), std::string::npos);
    a.hangup();
    ASSERT_FALSE(wait(a, CallState::Terminated));
    ASSERT_FALSE(wait(b, CallState::Terminated));
    EXPECT_EQ(a.info().termination.reason, TerminationReason::LocalHangup);
    EXPECT_EQ(b.info().termination.reason, TerminationReason::RemoteHangup);
}

TEST_F(CallPair, AnsweredCallEndedByCallee) {
    on_bob_call = [](Session c) { c.answer(); };
    start();
    Session a = call();
    ASSERT_FALSE(wait(a, CallState::Connected));
    Session b = bob_call(0);
    ASSERT_FALSE(wait(b, CallState::Connected));
    b.hangup();
    ASSERT_FALSE(wait(a, CallState::Terminated));
    ASSERT_FALSE(wait(b, CallState::Terminated));
    EXPECT_EQ(a.info().termination.reason, TerminationReason::RemoteHangup);
    EXPECT_EQ(b.info().termination.reason, TerminationReason::LocalHangup);
}

TEST_F(CallPair, RejectedWith486) {
    on_bob_call = [](Session c) { c.reject(486); };
    start();
    Session a = call();
    ASSERT_TRUE(a);
    EXPECT_EQ(wait(a, CallState::Connected), make_error_code(errc::terminated));
    EXPECT_EQ(a.info().termination.reason, TerminationReason::Rejected);
    EXPECT_EQ(a.info().termination.status, 486);
    Session b = bob_call(0);
    ASSERT_FALSE(wait(b, CallState::Terminated));
    EXPECT_EQ(b.info().termination.status, 486);
}

TEST_F(CallPair, CancelledWhileRinging) {
    on_bob_call = [](Session c) { c.ringing(); };
    start();
    Session a = call();
    ASSERT_FALSE(wait(a, CallState::Ringing));
    a.hangup();
    ASSERT_FALSE(wait(a, CallState::Terminated));
    EXPECT_EQ(a.info().termination.reason, TerminationReason::Cancelled);
    EXPECT_EQ(a.info().termination.status, 487);
    Session b = bob_call(0);
    ASSERT_FALSE(wait(b, CallState::Terminated));
    EXPECT_EQ(b.info().termination.reason, TerminationReason::Cancelled);
}

TEST_F(CallPair, NoCommonCodecIs488) {
    on_bob_call = [](Session c) { c.answer(); };  // Bob: PCMU, PCMA, telephone-event
    start();
    CallOptions options;
    options.media.codecs = {"G722"};
    Session a = call(options);
    EXPECT_EQ(wait(a, CallState::Connected), make_error_code(errc::terminated));
    EXPECT_EQ(a.info().termination.status, 488);
}

TEST_F(CallPair, OverTheLimitIs503WithRetryAfter) {
    on_bob_call = [](Session c) { c.ringing(); };
    start(loopback_config(1));
    Session first = call();
    ASSERT_FALSE(wait(first, CallState::Ringing));
    Session second = call();
    EXPECT_EQ(wait(second, CallState::Connected), make_error_code(errc::terminated));
    EXPECT_EQ(second.info().termination.status, 503);
    first.hangup();
    ASSERT_FALSE(wait(first, CallState::Terminated));
}

TEST_F(CallPair, EventsOfEachSessionComeInOrder) {
    on_bob_call = [](Session c) {
        c.ringing();
        c.answer();
    };
    start();
    Session a = call();
    ASSERT_FALSE(wait(a, CallState::Connected));
    Session b = bob_call(0);
    ASSERT_FALSE(wait(b, CallState::Connected));
    a.hangup();
    ASSERT_FALSE(wait(b, CallState::Terminated));
    ASSERT_FALSE(wait(a, CallState::Terminated));
    for (auto [sm, s] : {std::pair{&alice_, &a}, std::pair{bob_.get(), &b}}) {
        auto mine = of_session(drain(*sm), s->id());
        ASSERT_FALSE(mine.empty());
        // The states chain (each StateChanged starts where the last ended), and the stream ends
        // with CallTerminated after the change to Terminated.
        CallState at = CallState::Initializing;
        bool negotiated = false;
        for (const auto& e : mine) {
            if (auto* change = std::get_if<StateChanged>(&e)) {
                EXPECT_EQ(change->from, at);
                at = change->to;
            }
            negotiated = negotiated || std::holds_alternative<SdpNegotiated>(e);
        }
        EXPECT_EQ(at, CallState::Terminated);
        EXPECT_TRUE(negotiated);
        EXPECT_TRUE(std::holds_alternative<CallTerminated>(mine.back()));
    }
    auto alice_events = of_session(drain(alice_), a.id());
    EXPECT_TRUE(alice_events.empty()) << "drained already";
}

TEST_F(CallPair, NegotiatedCodecFollowsTheAnswerersPreference) {
    on_bob_call = [](Session c) {
        AnswerOptions options;
        options.media.codecs = {"PCMA", "PCMU"};
        c.answer(options);
    };
    start();
    Session a = call();  // Alice offers PCMU first
    ASSERT_FALSE(wait(a, CallState::Connected));
    Session b = bob_call(0);
    ASSERT_FALSE(wait(b, CallState::Connected));
    std::string codec;
    for (const auto& e : of_session(drain(alice_), a.id()))
        if (auto* n = std::get_if<SdpNegotiated>(&e))
            codec = n->codec;
    EXPECT_EQ(codec, "PCMA");
    a.hangup();
    ASSERT_FALSE(wait(b, CallState::Terminated));
}

/// Places a call, waits for Connected, hangs up and waits for Terminated, all with co_await.
/// The options are a named variable on purpose: see SessionManager::make_call() on GCC 12.
boost::asio::awaitable<boost::system::error_code> call_and_hang_up(SessionManager& sm,
                                                                   std::string uri) {
    using boost::asio::as_tuple;
    using boost::asio::use_awaitable;
    CallOptions options;
    auto placed =
        co_await sm.make_call(std::move(uri), std::move(options), as_tuple(use_awaitable));
    if (std::get<0>(placed))
        co_return std::get<0>(placed);
    Session s = std::get<1>(placed);
    auto connected =
        std::get<0>(co_await s.async_wait_for(CallState::Connected, as_tuple(use_awaitable)));
    s.hangup();
    auto ended =
        std::get<0>(co_await s.async_wait_for(CallState::Terminated, as_tuple(use_awaitable)));
    co_return connected ? connected : ended;
}

TEST_F(CallPair, WaitForWorksWithCoroutines) {
    on_bob_call = [](Session c) { c.answer(); };
    start();
    boost::asio::io_context app;
    auto outcome = boost::asio::co_spawn(app, call_and_hang_up(alice_, bob_uri_), use_future);
    app.run_for(deadline);
    ASSERT_EQ(outcome.wait_for(0s), std::future_status::ready);
    auto ec = outcome.get();
    EXPECT_FALSE(ec) << ec.message();
}

TEST_F(CallPair, LookupsOnManySessions) {
    on_bob_call = [](Session c) { c.answer(); };
    start();
    constexpr std::size_t calls = 100;
    std::vector<Session> placed;
    for (std::size_t i = 0; i < calls; ++i) {
        placed.push_back(call());
        ASSERT_TRUE(placed.back());
    }
    for (auto& s : placed)
        ASSERT_FALSE(wait(s, CallState::Connected));
    ASSERT_TRUE(eventually([&] {
        return bob_->list_sessions({.state = CallState::Connected, .direction = {}, .call_id = {}})
                   .size() == calls;
    }));

    std::size_t linked = 0;
    for (std::size_t i = 0; i < calls; ++i) {
        const SessionInfo a = placed[i].info();
        auto mine = alice_.find_session_for_dialog(a.call_id, a.local_tag, a.remote_tag);
        ASSERT_TRUE(mine);
        EXPECT_EQ(mine->id(), placed[i].id());
        // Bob sees the same dialog with the tags the other way round; From tag first.
        auto theirs = bob_->find_session_for_dialog(a.call_id, a.local_tag, a.remote_tag);
        ASSERT_TRUE(theirs);
        EXPECT_EQ(theirs->info().local_tag, a.remote_tag);
        EXPECT_FALSE(bob_->find_session_for_dialog(a.call_id, a.local_tag, "wrong-tag"));
        auto same_call = bob_->get_sessions_for_call(a.call_id);
        ASSERT_EQ(same_call.size(), 1u);
        EXPECT_EQ(same_call[0].id(), theirs->id());
        if (i % 2 == 0) {
            EXPECT_FALSE(bob_->link_session_to_call(theirs->id(), "room-1"));
            ++linked;
        }
    }
    auto room = bob_->get_sessions_for_call("room-1");
    ASSERT_EQ(room.size(), linked);
    for (std::size_t i = 1; i < room.size(); ++i)
        EXPECT_LT(room[i - 1].id(), room[i].id());
    EXPECT_EQ(bob_->list_sessions({.state = {}, .direction = {}, .call_id = "room-1"}).size(),
              linked);
    EXPECT_EQ(
        bob_->list_sessions({.state = {}, .direction = CallDirection::Outgoing, .call_id = {}})
            .size(),
        0u);
    EXPECT_EQ(bob_->link_session_to_call(SessionId{999'999}, "room-1"),
              make_error_code(errc::no_such_session));

    for (auto& s : placed)
        s.hangup();
    for (auto& s : placed)
        ASSERT_FALSE(wait(s, CallState::Terminated));
    EXPECT_TRUE(eventually([&] { return bob_->get_sessions_for_call("room-1").empty(); }));
}

}  // namespace
}  // namespace sessioncore::session
