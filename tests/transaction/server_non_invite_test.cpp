// The non-INVITE server transaction on virtual time (RFC 3261 §17.2.2).
#include <gtest/gtest.h>

#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/server_non_invite.hpp>

#include "test_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;
using State = ServerNonInvite::State;

TEST(ServerNonInvite, RetransmissionsGetTheLatestResponse) {
    ServerNonInvite tx{request("REGISTER"), t0};
    tx.on_request(request("REGISTER"), t0 + 100ms);  // Trying: the TU has not answered
    EXPECT_TRUE(drain(tx).empty());
    EXPECT_FALSE(tx.send_response(response(tx.request(), 100), t0 + 200ms));
    EXPECT_EQ(only<Transmit>(drain(tx)).message.status_code(), 100);
    EXPECT_EQ(tx.state(), State::Proceeding);
    tx.on_request(request("REGISTER"), t0 + 600ms);
    auto provisional = only<Transmit>(drain(tx));
    EXPECT_EQ(provisional.kind, SendKind::Retransmission);
    EXPECT_EQ(provisional.message.status_code(), 100);
    EXPECT_FALSE(tx.send_response(response(tx.request(), 200), t0 + 700ms));
    EXPECT_EQ(only<Transmit>(drain(tx)).message.status_code(), 200);
    tx.on_request(request("REGISTER"), t0 + 1s);
    EXPECT_EQ(only<Transmit>(drain(tx)).message.status_code(), 200);
    EXPECT_EQ(tx.send_response(response(tx.request(), 500), t0 + 1s), errc::wrong_state);
    EXPECT_EQ(tx.send_response(request("REGISTER"), t0 + 1s), errc::wrong_kind);
}

TEST(ServerNonInvite, TimerJIs64T1UnreliableAndZeroReliable) {
    struct Case {
        const char* name;
        Reliability reliability;
        Duration timer_j;
    };
    const Case cases[] = {
        {"unreliable", Reliability::Unreliable, 32s},
        {"reliable", Reliability::Reliable, 0s},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        ServerNonInvite tx{request("OPTIONS"), t0, {.reliability = c.reliability}};
        const auto at = t0 + 20ms;
        EXPECT_FALSE(tx.send_response(response(tx.request(), 200), at));
        auto trace = run(tx, at, at);
        EXPECT_EQ(trace.transmits, ms({0}));
        EXPECT_EQ(trace.end - at, c.timer_j);
        EXPECT_EQ(tx.state(), State::Terminated);
    }
}

TEST(ServerNonInvite, TransportErrorTellsTuAndTerminates) {
    ServerNonInvite tx{request("OPTIONS"), t0};
    EXPECT_FALSE(tx.send_response(response(tx.request(), 200), t0));
    drain(tx);
    auto error = make_error_code(boost::system::errc::network_unreachable);
    tx.on_transport_error(error, t0 + 1ms);
    EXPECT_EQ(only<TransportFailed>(drain(tx)).error, error);
    EXPECT_EQ(tx.state(), State::Terminated);
    EXPECT_EQ(tx.next_wake(), std::nullopt);
}

}  // namespace
}  // namespace sessioncore::transaction
