// The INVITE server transaction on virtual time (RFC 3261 §17.2.1, RFC 6026 §7.1).
#include <gtest/gtest.h>

#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/server_invite.hpp>

#include "test_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;
using State = ServerInvite::State;

sip::Message answer(const ServerInvite& tx, std::uint16_t status) {
    return response(tx.request(), status);
}

TEST(ServerInvite, Sends100TryingAfter200msAndRepeatsIt) {
    ServerInvite tx{request("INVITE"), t0};
    EXPECT_TRUE(drain(tx).empty());
    EXPECT_EQ(tx.next_wake(), t0 + 200ms);  // §17.2.1
    tx.on_timer(t0 + 200ms);
    auto trying = only<Transmit>(drain(tx));
    EXPECT_EQ(trying.kind, SendKind::First);
    EXPECT_EQ(trying.message.status_code(), 100);
    auto to = trying.message.to();
    ASSERT_TRUE(to);
    EXPECT_FALSE(to->tag());  // a 100 needs no To tag (§8.2.6.2)
    EXPECT_EQ(trying.message.count(sip::HeaderId::Via), 2U);
    EXPECT_EQ(tx.next_wake(), std::nullopt);
    // A retransmitted INVITE gets the latest provisional again.
    tx.on_request(request("INVITE"), t0 + 500ms);
    auto again = only<Transmit>(drain(tx));
    EXPECT_EQ(again.kind, SendKind::Retransmission);
    EXPECT_EQ(again.message.status_code(), 100);
}

TEST(ServerInvite, ProvisionalFromTuSuppresses100AndIsRepeated) {
    ServerInvite tx{request("INVITE"), t0};
    EXPECT_FALSE(tx.send_response(answer(tx, 180), t0 + 50ms));
    EXPECT_EQ(only<Transmit>(drain(tx)).message.status_code(), 180);
    EXPECT_EQ(tx.next_wake(), std::nullopt);  // no automatic 100 any more
    tx.on_request(request("INVITE"), t0 + 500ms);
    EXPECT_EQ(only<Transmit>(drain(tx)).message.status_code(), 180);
}

TEST(ServerInvite, TimerGCappedAtT2UntilTimerHNoAck) {
    struct Case {
        const char* name;
        Reliability reliability;
        std::vector<Duration> transmits;
    };
    // §17.2.1: Timer G from T1 doubling up to T2 on UDP; Timer H = 64·T1 → "no ACK" for the TU.
    const Case cases[] = {
        {"unreliable", Reliability::Unreliable,
         ms({0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500})},
        {"reliable", Reliability::Reliable, ms({0})},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ServerInvite tx{request("INVITE"), t0, {.reliability = c.reliability}};
        const auto at = t0 + 100ms;
        EXPECT_FALSE(tx.send_response(answer(tx, 486), at));
        EXPECT_EQ(tx.state(), State::Completed);
        auto trace = run(tx, at, at);
        EXPECT_EQ(trace.transmits, c.transmits);
        ASSERT_EQ(trace.events.size(), 1U);
        EXPECT_EQ(trace.events[0].first, 32s);
        EXPECT_EQ(std::get<TimedOut>(trace.events[0].second).timer, TimerName::H);
        EXPECT_EQ(tx.state(), State::Terminated);
    }
}

TEST(ServerInvite, RetransmittedInviteInCompletedResendsFinal) {
    ServerInvite tx{request("INVITE"), t0};
    EXPECT_FALSE(tx.send_response(answer(tx, 486), t0));
    auto first = only<Transmit>(drain(tx));
    tx.on_request(request("INVITE"), t0 + 300ms);
    auto again = only<Transmit>(drain(tx));
    EXPECT_EQ(again.kind, SendKind::Retransmission);
    EXPECT_EQ(again.message.encode(), first.message.encode());
    EXPECT_EQ(tx.final_to_tag(), "a6c85cf");
}

TEST(ServerInvite, AckConfirmsAndTimerIIsT4OrZero) {
    struct Case {
        const char* name;
        Reliability reliability;
        Duration timer_i;
    };
    const Case cases[] = {
        {"unreliable", Reliability::Unreliable, 5s},
        {"reliable", Reliability::Reliable, 0s},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ServerInvite tx{request("INVITE"), t0, {.reliability = c.reliability}};
        EXPECT_FALSE(tx.send_response(answer(tx, 603), t0));
        drain(tx);
        const auto at = t0 + 700ms;
        tx.on_request(request("ACK"), at);
        EXPECT_TRUE(drain(tx).empty());  // the ACK of a non-2xx stays in the transaction
        if (c.timer_i > 0s) {
            EXPECT_EQ(tx.state(), State::Confirmed);
            tx.on_request(request("INVITE"), at + 1s);  // absorbed in Confirmed
            tx.on_request(request("ACK"), at + 1s);
            EXPECT_TRUE(drain(tx).empty());
        }
        auto trace = run(tx, at, at);
        EXPECT_TRUE(trace.transmits.empty());  // Timer G stopped with the ACK
        EXPECT_TRUE(trace.events.empty());
        EXPECT_EQ(trace.end - at, c.timer_i);
        EXPECT_EQ(tx.state(), State::Terminated);
    }
}

TEST(ServerInvite, AcceptedAbsorbsInvitesPassesAcksUntilTimerL) {
    ServerInvite tx{request("INVITE"), t0};
    const auto at = t0 + 1s;
    EXPECT_FALSE(tx.send_response(answer(tx, 200), at));
    EXPECT_EQ(only<Transmit>(drain(tx)).kind, SendKind::First);
    EXPECT_EQ(tx.state(), State::Accepted);
    tx.on_request(request("INVITE"), at + 500ms);  // RFC 6026 §7.1: absorbed
    EXPECT_TRUE(drain(tx).empty());
    EXPECT_FALSE(tx.send_response(answer(tx, 200), at + 500ms));  // the TU's 2xx retransmission
    auto resent = only<Transmit>(drain(tx));
    EXPECT_EQ(resent.message.status_code(), 200);
    EXPECT_EQ(resent.kind, SendKind::Retransmission);
    EXPECT_EQ(tx.send_response(answer(tx, 486), at + 600ms), errc::wrong_state);
    tx.on_request(request("ACK", "z9hG4bK2xxack"), at + 700ms);
    EXPECT_EQ(only<AckReceived>(drain(tx)).ack.method(), sip::Method::Ack);
    auto trace = run(tx, at, at + 700ms);
    EXPECT_EQ(trace.end - at, 32s);  // Timer L = 64·T1
    EXPECT_EQ(tx.state(), State::Terminated);
}

TEST(ServerInvite, RejectsWrongCommands) {
    ServerInvite tx{request("INVITE"), t0};
    EXPECT_EQ(tx.send_response(request("INVITE"), t0), errc::wrong_kind);
    EXPECT_FALSE(tx.send_response(answer(tx, 404), t0));
    EXPECT_EQ(tx.send_response(answer(tx, 180), t0), errc::wrong_state);
    EXPECT_EQ(tx.send_response(answer(tx, 500), t0), errc::wrong_state);
    EXPECT_EQ(drain(tx).size(), 1U);  // only the 404
}

TEST(ServerInvite, TransportErrorTellsTuAndTerminates) {
    ServerInvite tx{request("INVITE"), t0};
    EXPECT_FALSE(tx.send_response(answer(tx, 486), t0));
    drain(tx);
    auto error = make_error_code(boost::system::errc::host_unreachable);
    tx.on_transport_error(error, t0 + 1s);
    EXPECT_EQ(only<TransportFailed>(drain(tx)).error, error);
    EXPECT_EQ(tx.state(), State::Terminated);
    EXPECT_EQ(tx.next_wake(), std::nullopt);
}

}  // namespace
}  // namespace sessioncore::transaction
