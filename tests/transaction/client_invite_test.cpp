// The INVITE client transaction on virtual time (RFC 3261 §17.1.1, RFC 6026 §7.2).
#include <gtest/gtest.h>

#include <sessioncore/transaction/client_invite.hpp>

#include "test_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;
using State = ClientInvite::State;

struct ScheduleCase {
    const char* name;
    Reliability reliability;
    std::vector<Duration> transmits;
};

TEST(ClientInvite, TimerAScheduleUntilTimerB) {
    // §17.1.1.2: Timer A at T1, doubling each time (500 ms, 1 s, 2 s, 4 s, 8 s, 16 s) on UDP only;
    // Timer B ends the transaction at 64·T1 = 32 s.
    const ScheduleCase cases[] = {
        {"unreliable", Reliability::Unreliable, ms({0, 500, 1500, 3500, 7500, 15500, 31500})},
        {"reliable", Reliability::Reliable, ms({0})},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ClientInvite tx{request("INVITE"), t0, {.reliability = c.reliability}};
        auto trace = run(tx, t0, t0);
        EXPECT_EQ(trace.transmits, c.transmits);
        ASSERT_FALSE(trace.kinds.empty());
        EXPECT_EQ(trace.kinds.front(), SendKind::First);
        for (std::size_t i = 1; i < trace.kinds.size(); ++i)
            EXPECT_EQ(trace.kinds[i], SendKind::Retransmission);
        ASSERT_EQ(trace.events.size(), 1U);
        EXPECT_EQ(trace.events[0].first, 32s);
        EXPECT_EQ(std::get<TimedOut>(trace.events[0].second).timer, TimerName::B);
        EXPECT_EQ(tx.state(), State::Terminated);
    }
}

TEST(ClientInvite, ProvisionalStopsTimerA) {
    ClientInvite tx{request("INVITE"), t0};
    drain(tx);
    tx.on_timer(t0 + 500ms);
    EXPECT_EQ(drain(tx).size(), 1U);  // the first retransmission
    tx.on_response(response(tx.request(), 180), t0 + 700ms);
    auto got = only<ResponseReceived>(drain(tx));
    EXPECT_EQ(got.response.status_code(), 180);
    EXPECT_EQ(tx.state(), State::Proceeding);
    // No Timer A, no Timer B in Proceeding, no Timer C for a UA: nothing to wake for.
    EXPECT_EQ(tx.next_wake(), std::nullopt);
}

TEST(ClientInvite, AckForNon2xxHasExactHeaders) {
    ClientInvite tx{request("INVITE"), t0};
    drain(tx);
    tx.on_response(response(tx.request(), 486), t0 + 1s);
    auto outputs = drain(tx);
    ASSERT_EQ(outputs.size(), 2U);
    const auto& ack = std::get<Transmit>(outputs[0]);
    EXPECT_EQ(ack.kind, SendKind::First);
    // §17.1.1.3: Request-URI, Call-ID, From and CSeq number of the INVITE, To of the response,
    // only the top Via, the Route set, Max-Forwards 70, no body.
    EXPECT_EQ(ack.message.encode(),
              "ACK sip:bob@biloxi.example.com SIP/2.0\r\n"
              "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
              "Max-Forwards: 70\r\n"
              "Route: <sip:p1.example.com;lr>\r\n"
              "Route: <sip:p2.example.com;lr>\r\n"
              "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
              "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
              "Call-ID: a84b4c76e66710\r\n"
              "CSeq: 314159 ACK\r\n"
              "Content-Length: 0\r\n\r\n");
    EXPECT_EQ(std::get<ResponseReceived>(outputs[1]).response.status_code(), 486);
    EXPECT_EQ(tx.state(), State::Completed);
}

TEST(ClientInvite, RetransmittedFinalInCompletedResendsAck) {
    ClientInvite tx{request("INVITE"), t0};
    drain(tx);
    auto first = response(tx.request(), 486);
    tx.on_response(first.clone(), t0 + 1s);
    auto first_ack = std::get<Transmit>(drain(tx).at(0)).message.encode();
    tx.on_response(first.clone(), t0 + 2s);
    auto again = only<Transmit>(drain(tx));  // the ACK only: the TU heard once
    EXPECT_EQ(again.kind, SendKind::Retransmission);
    EXPECT_EQ(again.message.encode(), first_ack);
    EXPECT_EQ(tx.state(), State::Completed);
}

struct TimerDCase {
    const char* name;
    Reliability reliability;
    std::optional<Duration> wake_after_response;
};

TEST(ClientInvite, TimerDIs32sUnreliableAndZeroReliable) {
    const TimerDCase cases[] = {
        {"unreliable", Reliability::Unreliable, 32s},
        {"reliable", Reliability::Reliable, std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ClientInvite tx{request("INVITE"), t0, {.reliability = c.reliability}};
        drain(tx);
        const auto at = t0 + 2s;
        tx.on_response(response(tx.request(), 486), at);
        auto wake = tx.next_wake();
        EXPECT_EQ(wake ? std::optional<Duration>(*wake - at) : std::nullopt, c.wake_after_response);
        auto trace = run(tx, at, at);
        EXPECT_EQ(trace.end - at, c.wake_after_response.value_or(0s));
        EXPECT_EQ(tx.state(), State::Terminated);
    }
}

TEST(ClientInvite, AcceptedPassesEvery2xxUntilTimerM) {
    ClientInvite tx{request("INVITE"), t0};
    drain(tx);
    const auto at = t0 + 3s;
    auto ok = response(tx.request(), 200);
    tx.on_response(ok.clone(), at);
    EXPECT_EQ(only<ResponseReceived>(drain(tx)).response.status_code(), 200);
    EXPECT_EQ(tx.state(), State::Accepted);
    // RFC 6026 §7.2: retransmitted 2xx reach the TU (it sends the ACK); no ACK from us.
    tx.on_response(ok.clone(), at + 4s);
    EXPECT_EQ(only<ResponseReceived>(drain(tx)).response.status_code(), 200);
    tx.on_response(response(tx.request(), 486), at + 5s);  // absorbed
    EXPECT_TRUE(drain(tx).empty());
    auto trace = run(tx, at, at + 5s);
    EXPECT_EQ(trace.end - at, 32s);  // Timer M = 64·T1
    EXPECT_TRUE(trace.transmits.empty());
    EXPECT_EQ(tx.state(), State::Terminated);
}

TEST(ClientInvite, TimerCRestartsOnProvisionalAndFiresAnEvent) {
    ClientInvite tx{
        request("INVITE"), t0, {.reliability = Reliability::Reliable, .timer_c = TimerC::Enabled}};
    drain(tx);
    EXPECT_EQ(tx.next_wake(), t0 + 32s);  // Timer B comes first
    tx.on_response(response(tx.request(), 180), t0 + 10s);
    drain(tx);
    EXPECT_EQ(tx.next_wake(), t0 + 10s + std::chrono::minutes(3));
    tx.on_response(response(tx.request(), 183), t0 + 20s);
    drain(tx);
    const auto timer_c = t0 + 20s + std::chrono::minutes(3);
    EXPECT_EQ(tx.next_wake(), timer_c);
    tx.on_timer(timer_c);
    EXPECT_TRUE(only<TimerCFired>(drain(tx)).provisional_received);
    EXPECT_EQ(tx.state(), State::Proceeding);  // the TU decides: CANCEL or restart
    tx.restart_timer_c(timer_c);
    EXPECT_EQ(tx.next_wake(), timer_c + std::chrono::minutes(3));
}

TEST(ClientInvite, TransportErrorTellsTuAndTerminates) {
    ClientInvite tx{request("INVITE"), t0};
    drain(tx);
    auto error = make_error_code(boost::system::errc::connection_refused);
    tx.on_transport_error(error, t0 + 1ms);
    EXPECT_EQ(only<TransportFailed>(drain(tx)).error, error);
    EXPECT_EQ(tx.state(), State::Terminated);
    EXPECT_EQ(tx.next_wake(), std::nullopt);
}

}  // namespace
}  // namespace sessioncore::transaction
