// TransactionLayer at its edges over real sockets: nobody answers (Timer F/B over UDP, a
// refused TCP connection), a raw UDP peer retransmits a request, and many Call-IDs over both
// shards check that every handler runs on its Call-ID's shard.
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "transaction/layer_loopback_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;
using Kind = ServerSeen::Kind;

/// A UDP port nobody listens on (bound, then released).
std::uint16_t unused_udp_port() {
    RawSocket s(SOCK_DGRAM);
    auto a = RawSocket::address(loopback());
    ::bind(s.fd(), reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t size = sizeof a;
    ::getsockname(s.fd(), reinterpret_cast<sockaddr*>(&a), &size);
    return ntohs(a.sin_port);
}

struct NoAnswerCase {
    const char* name;
    std::string_view method;
    TimerName timer;  ///< which timer gives up over UDP
};
constexpr NoAnswerCase no_answer_cases[] = {{"options", "OPTIONS", TimerName::F},
                                            {"invite", "INVITE", TimerName::B}};

TEST(NoAnswer, UdpTimesOutAfter64T1) {
    LoopbackPair pair(Protocol::Udp);
    pair.start();
    const transport::Destination nobody{Protocol::Udp, loopback(unused_udp_port())};
    const auto start = std::chrono::steady_clock::now();
    for (const auto& c : no_answer_cases) {
        const std::string call_id = std::string("no-answer-") + c.name;
        pair.client.layer().send_request(make_request({.method = c.method, .call_id = call_id}),
                                         nobody, pair.client.client(c.name, call_id));
    }
    ASSERT_TRUE(pair.client.seen().wait(
        [](const Recorder& r) { return r.events("options") > 0 && r.events("invite") > 0; }));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_GE(elapsed, short_timers().timers.timeout()) << "Timers B and F are 64·T1";
    ASSERT_TRUE(pair.drained());
    pair.client.seen().with([](const Recorder& r) {
        for (const auto& c : no_answer_cases) {
            SCOPED_TRACE(c.name);
            EXPECT_EQ(r.events(c.name), 1u);
            auto timed_out = r.first<TimedOut>(c.name);
            ASSERT_TRUE(timed_out);
            EXPECT_EQ(timed_out->timer, c.timer);
        }
    });
    EXPECT_EQ(pair.wrong_shard(), 0u);
}

TEST(NoAnswer, TcpConnectionRefusedIsTransportFailed) {
    LoopbackPair pair(Protocol::Tcp);
    pair.start();
    const transport::Destination closed{Protocol::Tcp,
                                        loopback(transport::test::unused_tcp_port())};
    for (const auto& c : no_answer_cases) {
        const std::string call_id = std::string("refused-") + c.name;
        pair.client.layer().send_request(
            make_request({.method = c.method, .call_id = call_id, .protocol = Protocol::Tcp}),
            closed, pair.client.client(c.name, call_id));
    }
    ASSERT_TRUE(pair.client.seen().wait(
        [](const Recorder& r) { return r.events("options") > 0 && r.events("invite") > 0; }));
    ASSERT_TRUE(pair.drained());
    pair.client.seen().with([](const Recorder& r) {
        for (const auto& c : no_answer_cases) {
            SCOPED_TRACE(c.name);
            EXPECT_EQ(r.events(c.name), 1u);
            auto failed = r.first<TransportFailed>(c.name);
            ASSERT_TRUE(failed);
            EXPECT_EQ(failed->error, boost::system::errc::connection_refused)
                << failed->error.message();
        }
    });
    EXPECT_EQ(pair.wrong_shard(), 0u);
}

TEST(Retransmission, SecondCopyGetsTheSame200AndNeverReachesTheTu) {
    LoopbackPair pair(Protocol::Udp);
    pair.start();
    RawSocket peer(SOCK_DGRAM);
    auto local = RawSocket::address(loopback());
    ASSERT_EQ(::bind(peer.fd(), reinterpret_cast<sockaddr*>(&local), sizeof local), 0);
    socklen_t size = sizeof local;
    ::getsockname(peer.fd(), reinterpret_cast<sockaddr*>(&local), &size);
    const std::string request =
        "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:" +
        std::to_string(ntohs(local.sin_port)) +
        ";branch=z9hG4bK-raw-retransmit;rport\r\n"
        "Max-Forwards: 70\r\nTo: <sip:bob@127.0.0.1>\r\n"
        "From: <sip:alice@127.0.0.1>;tag=raw1\r\nCall-ID: raw-retransmit\r\n"
        "CSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    const auto server = *pair.server.transport().local_endpoint(Protocol::Udp);

    // §17.2.2: the Completed server transaction answers a retransmission with its response.
    ASSERT_TRUE(peer.send_to(request, server));
    const std::string first = peer.receive();
    ASSERT_TRUE(peer.send_to(request, server));
    const std::string second = peer.receive();
    EXPECT_TRUE(first.starts_with("SIP/2.0 200 ")) << first;
    EXPECT_EQ(second, first);
    ASSERT_TRUE(pair.drained()) << "Timer J must end the server transaction";
    pair.server.seen().with([](const Recorder& r) {
        EXPECT_EQ(r.count(Kind::Request, "OPTIONS"), 1u);
        EXPECT_EQ(r.server_seen().size(), 1u);
    });
    EXPECT_EQ(pair.wrong_shard(), 0u);
}

TEST(NoAnswer, UnsendableResponseEndsTheServerTransaction) {
    std::mutex held_mutex;  // declared before the pair: the workers use it until it stops
    std::vector<ServerTxId> held;
    LoopbackPair pair(Protocol::Tcp);
    pair.server.set_answer([&](Peer&, ServerTxId tx, const sip::Message&) {
        std::lock_guard lock(held_mutex);
        held.push_back(tx);
    });
    pair.start();
    const std::string call_id = "unsendable";
    pair.client.layer().send_request(
        make_request({.method = "INVITE", .call_id = call_id, .protocol = Protocol::Tcp}),
        pair.server_address(), pair.client.client("invite", call_id));
    ASSERT_TRUE(pair.server.seen().poll([&] {
        std::lock_guard lock(held_mutex);
        return !held.empty();
    }));
    // The client goes away: its connection, and its listener where §18.2.2 sends a response
    // once that connection is closed, so the 486 cannot be sent.
    pair.client.transport().close();
    ASSERT_TRUE(pair.server.seen().poll(
        [&] { return pair.server.transport().stats().connections_open == 0; }));
    const ServerTxId invite = held.front();
    EXPECT_FALSE(pair.server.respond(invite, 486));

    // §17.2.4: the transport error ends the transaction now, not Timer H (64·T1) later.
    ASSERT_TRUE(
        pair.server.seen().wait([](const Recorder& r) { return r.count(Kind::Failure) > 0; }));
    pair.server.seen().with([&](const Recorder& r) {
        auto failure = r.first_server(Kind::Failure);
        EXPECT_TRUE(failure->transport_failed) << "TimedOut: the failure did not reach it";
        EXPECT_EQ(failure->tx, invite);
    });
    EXPECT_TRUE(
        pair.server.seen().poll([&] { return pair.server.layer().live_transactions() == 0; }));
}

class Shards : public ::testing::TestWithParam<Protocol> {};

TEST_P(Shards, EveryHandlerRunsOnTheCallIdShard) {
    std::mutex held_mutex;  // declared before the pair: the workers use it until it stops
    std::vector<ServerTxId> held;
    LoopbackPair pair(GetParam());
    // OPTIONS are answered on the shard inside on_request; INVITEs from the test thread.
    pair.server.set_answer([&](Peer& peer, ServerTxId tx, const sip::Message& request) {
        if (request.method() != sip::Method::Invite) {
            (void)peer.respond(tx, 200);
            return;
        }
        std::lock_guard lock(held_mutex);
        held.push_back(tx);
    });
    pair.start();
    constexpr std::size_t calls = 16;
    std::set<ShardIndex> shards;
    for (std::size_t i = 0; i < calls; ++i) {
        const std::string call_id = "shard-" + std::to_string(i);
        shards.insert(pair.runtime.shard_for(call_id));
        pair.client.layer().send_request(make_request({.method = i % 2 == 0 ? "OPTIONS" : "INVITE",
                                                       .call_id = call_id,
                                                       .protocol = GetParam()}),
                                         pair.server_address(),
                                         pair.client.client(call_id, call_id));
    }
    ASSERT_EQ(shards.size(), 2u) << "the Call-IDs must cover both shards";
    ASSERT_TRUE(pair.server.seen().poll([&] {
        std::lock_guard lock(held_mutex);
        return held.size() == calls / 2;  // on_request records a request before it answers
    }));
    ASSERT_TRUE(
        pair.server.seen().wait([](const Recorder& r) { return r.count(Kind::Request) == calls; }));
    {
        std::lock_guard lock(held_mutex);
        EXPECT_EQ(held.size(), calls / 2);
        for (ServerTxId tx : held)
            EXPECT_FALSE(pair.server.respond(tx, 603));
    }
    ASSERT_TRUE(pair.client.seen().wait([](const Recorder& r) {
        for (std::size_t i = 0; i < calls; ++i)
            if (finals(r.statuses("shard-" + std::to_string(i))).empty())
                return false;
        return true;
    }));
    ASSERT_TRUE(pair.drained());
    pair.server.seen().with([&](const Recorder& r) {
        for (const auto& seen : r.server_seen())
            EXPECT_EQ(seen.tx.shard, pair.runtime.shard_for(seen.call_id)) << seen.call_id;
        EXPECT_GE(r.handler_calls(), calls);
    });
    EXPECT_GE(pair.client.seen().with([](const Recorder& r) { return r.handler_calls(); }), calls);
    EXPECT_EQ(pair.wrong_shard(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Protocols, Shards, ::testing::Values(Protocol::Udp, Protocol::Tcp),
                         protocol_name);

}  // namespace
}  // namespace sessioncore::transaction
