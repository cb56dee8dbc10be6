// Two TransportLayer instances on 127.0.0.1 exchange a request and its response over UDP,
// TCP and TLS; the receiver sees Via received/rport; every message reaches the sink on the
// Call-ID's shard of a 2-worker runtime.
#include <memory>
#include <optional>

#include <gtest/gtest.h>

#include "loopback_support.hpp"

namespace sessioncore::transport {
namespace {

using namespace test;

struct Peers {
    explicit Peers(TransportOptions options = {})
        : a(runtime, clock, options), b(runtime, clock, options) {
        a.set_message_sink(inbox_a.sink(runtime));
        b.set_message_sink(inbox_b.sink(runtime));
        a.set_failure_sink(inbox_a.failure_sink(runtime));
        b.set_failure_sink(inbox_b.failure_sink(runtime));
    }
    Runtime runtime{{.workers = 2}};
    SteadyClock clock;
    Inbox inbox_a, inbox_b;
    TransportLayer a, b;
};

TransportOptions tls_options(const TestCertificate& cert) {
    TransportOptions options;
    options.tls = {cert.certificate(), cert.private_key(), cert.certificate()};
    return options;
}

class Exchange : public ::testing::TestWithParam<Protocol> {};

TEST_P(Exchange, RequestAndResponse) {
    const Protocol protocol = GetParam();
    TestCertificate cert;
    Peers peers(tls_options(cert));
    ASSERT_TRUE(peers.a.listen({protocol, loopback()}));
    ASSERT_TRUE(peers.b.listen({protocol, loopback()}));
    peers.runtime.start();
    const Endpoint a_address = *peers.a.local_endpoint(protocol);
    const Endpoint b_address = *peers.b.local_endpoint(protocol);

    peers.b.send_request(request("exchange-1"), {protocol, a_address});
    ASSERT_TRUE(peers.inbox_a.wait_messages(1));
    ReceivedMessage& got = peers.inbox_a.messages[0];
    EXPECT_EQ(got.protocol, protocol);
    EXPECT_EQ(got.local, a_address);
    auto via = got.message.top_via();
    ASSERT_TRUE(via);
    // b's send rewrote the sent-by to its listener (RFC 3261 §18.1.1); a added received and
    // filled rport (RFC 3581 §4).
    EXPECT_EQ(via->transport, via_token(protocol));
    EXPECT_EQ(via->host, "127.0.0.1");
    EXPECT_EQ(via->port, b_address.port);
    EXPECT_EQ(via->received.value_or(""), "127.0.0.1");
    ASSERT_TRUE(via->rport);
    EXPECT_EQ(*via->rport, got.source.port);
    if (protocol == Protocol::Udp) {
        EXPECT_EQ(got.source, b_address);  // the same socket sends and receives
        EXPECT_EQ(got.connection, 0u);
    } else {
        EXPECT_NE(got.connection, 0u);
    }

    peers.a.send_response(response_to(got.message), got);
    ASSERT_TRUE(peers.inbox_b.wait_messages(1));
    const ReceivedMessage& answer = peers.inbox_b.messages[0];
    EXPECT_EQ(answer.message.status_code(), 200);
    EXPECT_EQ(answer.message.call_id().value(), "exchange-1");
    EXPECT_EQ(answer.protocol, protocol);
    EXPECT_EQ(peers.inbox_a.wrong_shard + peers.inbox_b.wrong_shard, 0u);
    if (protocol != Protocol::Udp) {  // the response came back on the request's connection
        EXPECT_EQ(peers.a.stats().connections_open, 1u);
    }
    EXPECT_TRUE(peers.inbox_b.failures.empty());
}

INSTANTIATE_TEST_SUITE_P(Protocols, Exchange,
                         ::testing::Values(Protocol::Udp, Protocol::Tcp, Protocol::Tls),
                         [](const auto& p) { return std::string(via_token(p.param)); });

TEST(Sharding, EachCallIdIsDeliveredOnItsShard) {
    Peers peers;
    ASSERT_TRUE(peers.a.listen({Protocol::Udp, loopback()}));
    ASSERT_TRUE(peers.b.listen({Protocol::Udp, loopback()}));
    peers.runtime.start();
    constexpr std::size_t count = 40;
    std::set<ShardIndex> expected_shards;
    for (std::size_t i = 0; i < count; ++i) {
        std::string call_id = "shard-" + std::to_string(i);
        expected_shards.insert(peers.runtime.shard_for(call_id));
        peers.b.send_request(request(call_id),
                             {Protocol::Udp, *peers.a.local_endpoint(Protocol::Udp)});
    }
    ASSERT_EQ(expected_shards.size(), 2u) << "the Call-IDs must cover both shards";
    ASSERT_TRUE(peers.inbox_a.wait_messages(count));
    std::lock_guard lock(peers.inbox_a.mutex);
    EXPECT_EQ(peers.inbox_a.wrong_shard, 0u);
    EXPECT_EQ(std::set<ShardIndex>(peers.inbox_a.shards.begin(), peers.inbox_a.shards.end()),
              expected_shards);
}

TEST(MtuSwitch, OversizeUdpRequestGoesOverTcp) {
    // a listens on TCP and UDP at the same port, as a SIP server does (RFC 3261 §18.1.1 falls
    // back to TCP at the same address and port). A UDP port taken by someone else is possible
    // on a shared machine: try a few TCP ports.
    std::unique_ptr<Peers> owner;
    std::optional<Endpoint> a_udp;
    for (int attempt = 0; attempt < 10 && !a_udp; ++attempt) {
        owner = std::make_unique<Peers>();
        auto tcp = owner->a.listen({Protocol::Tcp, loopback()});
        ASSERT_TRUE(tcp);
        if (auto udp = owner->a.listen({Protocol::Udp, *tcp}))
            a_udp = *udp;
    }
    ASSERT_TRUE(a_udp);
    Peers& peers = *owner;
    ASSERT_TRUE(peers.b.listen({Protocol::Udp, loopback()}));
    auto b_tcp = peers.b.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(b_tcp);
    peers.runtime.start();
    std::string body(2000, 'x');
    peers.b.send_request(request("big-1", body), {Protocol::Udp, *a_udp});
    ASSERT_TRUE(peers.inbox_a.wait_messages(1));
    const ReceivedMessage& got = peers.inbox_a.messages[0];
    EXPECT_EQ(got.protocol, Protocol::Tcp);
    EXPECT_EQ(got.message.body(), body);
    auto via = got.message.top_via();
    ASSERT_TRUE(via);
    EXPECT_EQ(via->transport, "TCP");
    EXPECT_EQ(via->port, b_tcp->port);

    peers.b.send_request(request("small-1"), {Protocol::Udp, *a_udp});  // under the limit
    ASSERT_TRUE(peers.inbox_a.wait_messages(2));
    EXPECT_EQ(peers.inbox_a.messages[1].protocol, Protocol::Udp);
}

}  // namespace
}  // namespace sessioncore::transport
