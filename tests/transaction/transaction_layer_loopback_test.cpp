// TransactionLayer over real sockets: a client and a server peer on 127.0.0.1 exchange OPTIONS,
// INVITE (rejected, accepted, cancelled), CANCEL and merged requests over UDP and TCP, and both
// sides end with no live transaction once their timers (J, K, D, I, L, M) have run.
#include <algorithm>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "transaction/layer_loopback_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;
using Kind = ServerSeen::Kind;

/// The server TU answers every INVITE with `status`, everything else 200.
Peer::Answer invite_answer(std::uint16_t status) {
    return [status](Peer& peer, ServerTxId tx, const sip::Message& request) {
        (void)peer.respond(tx, request.method() == sip::Method::Invite ? status : 200);
    };
}

class Exchange : public ::testing::TestWithParam<Protocol> {};

TEST_P(Exchange, OptionsIsAnswered200) {
    LoopbackPair pair(GetParam());
    pair.start();
    const std::string call_id = "options-1";
    pair.client.layer().send_request(make_request({.call_id = call_id, .protocol = GetParam()}),
                                     pair.server_address(), pair.client.client("options", call_id));

    ASSERT_TRUE(pair.client.seen().wait(has_final("options")));
    ASSERT_TRUE(pair.drained()) << "Timers J and K must end both transactions";
    pair.client.seen().with([](const Recorder& r) {
        EXPECT_EQ(r.statuses("options"), std::vector<std::uint16_t>{200});  // retransmits absorbed
    });
    pair.server.seen().with([](const Recorder& r) {
        EXPECT_EQ(r.count(Kind::Request, "OPTIONS"), 1u);
        EXPECT_EQ(r.server_seen().size(), 1u);
    });
    EXPECT_EQ(pair.wrong_shard(), 0u);
}

TEST_P(Exchange, RejectedInviteIsAcknowledgedInsideTheTransaction) {
    LoopbackPair pair(GetParam());
    pair.server.set_answer(invite_answer(486));
    pair.start();
    const std::string call_id = "invite-486";
    pair.client.layer().send_request(
        make_request({.method = "INVITE", .call_id = call_id, .protocol = GetParam()}),
        pair.server_address(), pair.client.client("invite", call_id));

    ASSERT_TRUE(pair.client.seen().wait(has_final("invite")));
    ASSERT_TRUE(pair.drained()) << "Timers D and I must end both transactions";
    pair.client.seen().with([](const Recorder& r) {
        EXPECT_EQ(finals(r.statuses("invite")), std::vector<std::uint16_t>{486});
    });
    // §17.1.1.3: the client transaction's ACK matched the server INVITE transaction, so the
    // TU heard nothing of it, and Timer H did not fire (it would report a failure).
    pair.server.seen().with([](const Recorder& r) {
        EXPECT_EQ(r.count(Kind::Request, "INVITE"), 1u);
        EXPECT_EQ(r.count(Kind::Ack), 0u);
        EXPECT_EQ(r.count(Kind::Failure), 0u);
    });
    EXPECT_EQ(pair.wrong_shard(), 0u);
}

TEST_P(Exchange, AcceptedInviteAckGoesToTheTu) {
    LoopbackPair pair(GetParam());
    pair.server.set_answer(invite_answer(200));
    pair.start();
    const std::string call_id = "invite-200";
    pair.client.layer().send_request(
        make_request({.method = "INVITE", .call_id = call_id, .protocol = GetParam()}),
        pair.server_address(), pair.client.client("invite", call_id));
    ASSERT_TRUE(pair.client.seen().wait(has_final("invite")));
    auto ok = pair.client.seen().with(
        [](const Recorder& r) { return r.first<ResponseReceived>("invite"); });
    ASSERT_TRUE(ok);
    ASSERT_EQ(ok->response.status_code(), 200);
    auto to = ok->response.to();
    ASSERT_TRUE(to && to->tag());

    // RFC 3261 §13.2.2.4: the UAC core sends the ACK of a 2xx itself, with a new branch.
    const std::string to_tag(*to->tag());
    pair.client.layer().send_ack(
        make_request(
            {.method = "ACK", .call_id = call_id, .protocol = GetParam(), .to_tag = to_tag}),
        pair.server_address());
    ASSERT_TRUE(pair.server.seen().wait([](const Recorder& r) { return r.count(Kind::Ack) > 0; }));
    ASSERT_TRUE(pair.drained()) << "Timers L and M must end both transactions";
    pair.server.seen().with([](const Recorder& r) {
        EXPECT_EQ(r.count(Kind::Ack, "ACK"), 1u);
        EXPECT_EQ(r.count(Kind::Request), 1u);
        EXPECT_EQ(r.count(Kind::Failure), 0u);
    });
    pair.client.seen().with([](const Recorder& r) {
        EXPECT_EQ(finals(r.statuses("invite")), std::vector<std::uint16_t>{200});
    });
    EXPECT_EQ(pair.wrong_shard(), 0u);
}

struct CancelCase {
    const char* name;
    std::uint16_t provisional;  ///< the TU's; 100: the TU stays silent, the transaction answers
};

TEST_P(Exchange, CancelEndsAPendingInviteWith487) {
    // §9.1: a CANCEL waits for a provisional response. Either the TU rings, or it says nothing
    // and the server INVITE transaction sends 100 Trying after trying_delay (§17.2.1).
    constexpr CancelCase cases[] = {{"ringing", 180}, {"trying", 100}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        LoopbackPair pair(GetParam());
        pair.server.set_answer([&c](Peer& peer, ServerTxId tx, const sip::Message&) {
            if (c.provisional != 100)
                (void)peer.respond(tx, c.provisional);
        });  // the Peer answers a cancelled INVITE 487 in on_cancel
        pair.start();
        const std::string call_id = std::string("invite-cancel-") + c.name;
        sip::Message invite =
            make_request({.method = "INVITE", .call_id = call_id, .protocol = GetParam()});
        auto cancel = make_cancel(invite);
        ASSERT_TRUE(cancel);
        pair.client.layer().send_request(std::move(invite), pair.server_address(),
                                         pair.client.client("invite", call_id));
        ASSERT_TRUE(pair.client.seen().wait(
            [](const Recorder& r) { return !r.statuses("invite").empty(); }));

        // §9.1: the CANCEL is a transaction of its own, on the INVITE's branch.
        pair.client.layer().send_request(std::move(*cancel), pair.server_address(),
                                         pair.client.client("cancel", call_id));
        ASSERT_TRUE(pair.client.seen().wait(
            [](const Recorder& r) { return has_final("cancel")(r) && has_final("invite")(r); }));
        ASSERT_TRUE(pair.drained());
        pair.client.seen().with([&c](const Recorder& r) {
            EXPECT_EQ(r.statuses("cancel"), std::vector<std::uint16_t>{200});
            auto invite_statuses = r.statuses("invite");
            EXPECT_EQ(finals(invite_statuses), std::vector<std::uint16_t>{487});
            EXPECT_EQ(invite_statuses.front(), c.provisional);
        });
        pair.server.seen().with([](const Recorder& r) {
            EXPECT_EQ(r.count(Kind::Request, "INVITE"), 1u);
            EXPECT_EQ(r.count(Kind::Request, "CANCEL"), 0u) << "the layer answers the CANCEL";
            ASSERT_EQ(r.count(Kind::Cancel), 1u);
            auto request = r.first_server(Kind::Request);
            auto cancelled = r.first_server(Kind::Cancel);
            EXPECT_EQ(cancelled->tx, request->tx) << "on_cancel names the INVITE transaction";
            EXPECT_EQ(r.count(Kind::Ack), 0u) << "the ACK of the 487 stays in the transaction";
            EXPECT_EQ(r.count(Kind::Failure), 0u);
        });
        EXPECT_EQ(pair.wrong_shard(), 0u);
    }
}

TEST_P(Exchange, CancelMatchingNothingGets481) {
    LoopbackPair pair(GetParam());
    pair.start();
    const std::string call_id = "cancel-nothing";
    auto cancel =
        make_cancel(make_request({.method = "INVITE", .call_id = call_id, .protocol = GetParam()}));
    ASSERT_TRUE(cancel);
    pair.client.layer().send_request(std::move(*cancel), pair.server_address(),
                                     pair.client.client("cancel", call_id));
    ASSERT_TRUE(pair.client.seen().wait(has_final("cancel")));
    ASSERT_TRUE(pair.drained());
    pair.client.seen().with([](const Recorder& r) {
        EXPECT_EQ(r.statuses("cancel"), std::vector<std::uint16_t>{481});  // RFC 3261 §9.2
    });
    pair.server.seen().with([](const Recorder& r) { EXPECT_TRUE(r.server_seen().empty()); });
    EXPECT_EQ(pair.wrong_shard(), 0u);
}

struct MergeCase {
    const char* name;
    std::string_view method;
    std::uint16_t first_final;  ///< the held first request's answer, once the 482 is in
};

TEST_P(Exchange, MergedRequestGets482) {
    constexpr MergeCase cases[] = {{"options", "OPTIONS", 200}, {"invite", "INVITE", 486}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::mutex held_mutex;  // declared before the pair: the workers use it until it stops
        std::vector<ServerTxId> held;
        LoopbackPair pair(GetParam());
        pair.server.set_answer([&](Peer&, ServerTxId tx, const sip::Message&) {
            std::lock_guard lock(held_mutex);
            held.push_back(tx);  // the first stays live, unanswered
        });
        pair.start();
        const std::string call_id = std::string("merged-") + c.name;
        const RequestSpec first{.method = c.method, .call_id = call_id, .protocol = GetParam()};
        RequestSpec second = first;
        second.branch = make_branch();  // same From tag, Call-ID and CSeq; no To tag
        pair.client.layer().send_request(make_request(first), pair.server_address(),
                                         pair.client.client("first", call_id));
        ASSERT_TRUE(pair.server.seen().poll([&] {
            std::lock_guard lock(held_mutex);
            return !held.empty();  // on_request records a request before it answers
        }));
        pair.client.layer().send_request(make_request(second), pair.server_address(),
                                         pair.client.client("second", call_id));
        ASSERT_TRUE(pair.client.seen().wait(has_final("second")));
        EXPECT_EQ(pair.client.seen().with([](const Recorder& r) { return r.statuses("second"); }),
                  std::vector<std::uint16_t>{482});  // RFC 3261 §8.2.2.2

        ServerTxId first_tx;
        {
            std::lock_guard lock(held_mutex);
            ASSERT_EQ(held.size(), 1u) << "the merged request must not reach the TU";
            first_tx = held.front();
        }
        EXPECT_FALSE(pair.server.respond(first_tx, c.first_final));  // from the test thread
        ASSERT_TRUE(pair.client.seen().wait(has_final("first")));
        ASSERT_TRUE(pair.drained());
        pair.client.seen().with([&](const Recorder& r) {
            EXPECT_EQ(finals(r.statuses("first")), std::vector<std::uint16_t>{c.first_final});
            EXPECT_EQ(finals(r.statuses("second")), std::vector<std::uint16_t>{482});
        });
        pair.server.seen().with([](const Recorder& r) {
            EXPECT_EQ(r.count(Kind::Request), 1u);
            EXPECT_EQ(r.count(Kind::Ack), 0u);
            EXPECT_EQ(r.count(Kind::Failure), 0u);
        });
        EXPECT_EQ(pair.wrong_shard(), 0u);
    }
}

INSTANTIATE_TEST_SUITE_P(Protocols, Exchange, ::testing::Values(Protocol::Udp, Protocol::Tcp),
                         protocol_name);

}  // namespace
}  // namespace sessioncore::transaction
