// Raw peers against one TransportLayer: unparsable UDP answered or dropped, TCP framing of
// split and pipelined messages, CRLF keep-alive, connection limits, idle timeout, failed
// connects, shutdown.
#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>

#include "loopback_support.hpp"

namespace sessioncore::transport {
namespace {

using namespace test;

struct Server {
    explicit Server(TransportOptions options = {}) : layer(runtime, clock, options) {
        layer.set_message_sink(inbox.sink(runtime));
        layer.set_failure_sink(inbox.failure_sink(runtime));
    }
    Runtime runtime{{.workers = 2}};
    SteadyClock clock;
    Inbox inbox;
    TransportLayer layer;
};

TEST(BadInput, UnparsableUdpRequestGetsItsStatusThenDropsAreCounted) {
    Server server;
    auto address = server.layer.listen({Protocol::Udp, loopback()});
    ASSERT_TRUE(address);
    server.runtime.start();
    RawSocket peer(SOCK_DGRAM);

    std::string bad = request_text("bad-1");
    bad.replace(bad.find("CSeq: 1 OPTIONS"), 15, "CSeq: 99999999999 OPTIONS");
    auto expected = sip::parse(bad);
    ASSERT_TRUE(expected);  // the framing is fine; validate() refuses the CSeq
    ASSERT_TRUE(peer.send_to(bad, *address));
    auto reply = sip::parse(peer.receive());
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status_code(), 400);
    EXPECT_EQ(reply->reason(), "Bad Request - Malformed CSeq");
    EXPECT_EQ(reply->call_id().value(), "bad-1");
    EXPECT_EQ(server.layer.stats().bad_messages_answered, 1u);

    // No Call-ID: nothing to answer with. Dropped and counted; the layer goes on answering.
    std::string unanswerable = request_text("x");
    unanswerable.replace(unanswerable.find("Call-ID: x\r\n"), 12, "");
    ASSERT_TRUE(peer.send_to(unanswerable, *address));
    ASSERT_TRUE(peer.send_to("\r\n\r\n", *address));  // a keep-alive: ignored
    ASSERT_TRUE(peer.send_to(bad, *address));
    reply = sip::parse(peer.receive());
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status_code(), 400);
    auto stats = server.layer.stats();
    EXPECT_EQ(stats.bad_messages_dropped, 1u);
    EXPECT_EQ(stats.bad_messages_answered, 2u);
    EXPECT_EQ(stats.keep_alive_pings, 1u);
    EXPECT_EQ(stats.messages_received, 0u);
}

TEST(BadInput, InvalidTcpRequestIsAnsweredAndTheStreamGoesOn) {
    Server server;
    auto address = server.layer.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(address);
    server.runtime.start();
    RawSocket peer(SOCK_STREAM);
    ASSERT_TRUE(peer.connect(*address));
    std::string bad = request_text("tcp-bad", {}, "TCP");
    bad.replace(bad.find("CSeq: 1 OPTIONS"), 15, "CSeq: 99999999999 OPTIONS");
    ASSERT_TRUE(peer.send(bad));  // framed fine, refused by validate()
    auto reply = sip::parse(peer.receive(), {.framing = sip::Framing::Stream});
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status_code(), 400);
    ASSERT_TRUE(peer.send(request_text("tcp-good", {}, "TCP")));
    ASSERT_TRUE(server.inbox.wait_messages(1));
    EXPECT_EQ(server.inbox.messages[0].message.call_id().value(), "tcp-good");
}

TEST(BadInput, FramingErrorIsAnsweredThenTheStreamCloses) {
    Server server;
    auto address = server.layer.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(address);
    server.runtime.start();
    RawSocket peer(SOCK_STREAM);
    ASSERT_TRUE(peer.connect(*address));
    std::string bad = request_text("vers-1", {}, "TCP");
    const std::string line = "OPTIONS sip:bob@127.0.0.1 SIP/2.0";
    ASSERT_EQ(bad.compare(0, line.size(), line), 0);
    bad.replace(0, line.size(), "OPTIONS sip:bob@127.0.0.1 SIP/7.0");
    ASSERT_TRUE(peer.send(bad));
    auto reply = sip::parse(peer.receive(), {.framing = sip::Framing::Stream});
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status_code(), 505);  // RFC 4475 §3.1.2.16
    EXPECT_EQ(peer.receive(), "");         // the stream cannot be resynchronised
}

TEST(StreamFraming, OneByteWritesAndPipelinedMessages) {
    Server server;
    auto address = server.layer.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(address);
    server.runtime.start();
    RawSocket peer(SOCK_STREAM);
    ASSERT_TRUE(peer.connect(*address));
    int one = 1;
    ::setsockopt(peer.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    for (char c : request_text("split-1", "hello", "TCP"))
        ASSERT_TRUE(peer.send(std::string_view(&c, 1)));
    ASSERT_TRUE(peer.send(request_text("pipe-1", {}, "TCP") + request_text("pipe-2", "b", "TCP") +
                          request_text("pipe-3", {}, "TCP")));
    ASSERT_TRUE(server.inbox.wait_messages(4));
    std::lock_guard lock(server.inbox.mutex);
    std::set<std::string> ids;
    for (auto& m : server.inbox.messages) {
        ids.insert(std::string(m.message.call_id().value()));
        EXPECT_EQ(m.protocol, Protocol::Tcp);
        EXPECT_EQ(m.message.top_via()->received.value_or(""), "127.0.0.1");
    }
    EXPECT_EQ(ids, (std::set<std::string>{"split-1", "pipe-1", "pipe-2", "pipe-3"}));
}

TEST(StreamFraming, CrlfPingGetsCrlfPong) {
    Server server;
    auto address = server.layer.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(address);
    server.runtime.start();
    RawSocket peer(SOCK_STREAM);
    ASSERT_TRUE(peer.connect(*address));
    ASSERT_TRUE(peer.send("\r\n\r\n"));
    EXPECT_EQ(peer.receive(), "\r\n");
    EXPECT_EQ(server.layer.stats().keep_alive_pings, 1u);
}

TEST(StreamLimits, ConnectionsPerSourceOverTheLimitAreRefused) {
    TransportOptions options;
    options.max_connections_per_source = 2;
    Server server(options);
    auto address = server.layer.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(address);
    server.runtime.start();
    RawSocket first(SOCK_STREAM), second(SOCK_STREAM), third(SOCK_STREAM);
    ASSERT_TRUE(first.connect(*address));
    ASSERT_TRUE(second.connect(*address));
    ASSERT_TRUE(eventually([&] { return server.layer.stats().connections_open == 2; }));
    ASSERT_TRUE(third.connect(*address));  // the kernel accepts; the layer closes it
    EXPECT_EQ(third.receive(), "");        // orderly close, not a timeout
    EXPECT_EQ(server.layer.stats().connections_refused, 1u);
    // The first two still work.
    ASSERT_TRUE(first.send("\r\n\r\n"));
    EXPECT_EQ(first.receive(), "\r\n");
}

TEST(StreamLimits, IdleConnectionIsClosed) {
    TransportOptions options;
    options.idle_timeout = std::chrono::milliseconds(200);
    Server server(options);
    auto address = server.layer.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(address);
    server.runtime.start();
    RawSocket peer(SOCK_STREAM);
    ASSERT_TRUE(peer.connect(*address));
    EXPECT_EQ(peer.receive(), "");  // closed by the layer within the 5 s receive bound
    EXPECT_TRUE(eventually([&] { return server.layer.stats().connections_open == 0; }));
}

TEST(StreamLimits, OverBufferLimitCloses) {
    TransportOptions options;
    options.max_buffered_per_connection = 1024;
    Server server(options);
    auto address = server.layer.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(address);
    server.runtime.start();
    RawSocket peer(SOCK_STREAM);
    ASSERT_TRUE(peer.connect(*address));
    std::string partial = request_text("huge", std::string(3000, 'x'), "TCP");
    partial.resize(2500);  // never completes
    ASSERT_TRUE(peer.send(partial));
    EXPECT_EQ(peer.receive(), "");
}

TEST(Failures, FailedConnectReachesTheFailureSink) {
    Server server;
    ASSERT_TRUE(server.layer.listen({Protocol::Tcp, loopback()}));
    server.runtime.start();
    server.layer.send_request(request("refused-1"), {Protocol::Tcp, loopback(unused_tcp_port())});
    ASSERT_TRUE(server.inbox.wait_failures(1));
    std::lock_guard lock(server.inbox.mutex);
    const TransportFailure& failure = server.inbox.failures[0];
    EXPECT_EQ(failure.call_id, "refused-1");
    EXPECT_EQ(failure.branch, "z9hG4bK-refused-1");
    EXPECT_TRUE(failure.error);
    EXPECT_EQ(server.inbox.wrong_shard, 0u);
    EXPECT_GE(server.layer.stats().send_failures, 1u);
}

// A UDP send that fails at once (no socket of the destination's family) still reports the
// Call-ID, branch and method: the failure key is built from the message only then.
TEST(Failures, FailedUdpSendReachesTheFailureSink) {
    Server server;
    ASSERT_TRUE(server.layer.listen({Protocol::Udp, loopback()}));
    server.runtime.start();
    auto v6 = Endpoint::from_string("[::1]:5060");
    ASSERT_TRUE(v6);
    server.layer.send_request(request("udp-refused-1"), {Protocol::Udp, *v6});
    ASSERT_TRUE(server.inbox.wait_failures(1));
    std::lock_guard lock(server.inbox.mutex);
    const TransportFailure& failure = server.inbox.failures[0];
    EXPECT_EQ(failure.call_id, "udp-refused-1");
    EXPECT_EQ(failure.branch, "z9hG4bK-udp-refused-1");
    EXPECT_EQ(failure.method, "OPTIONS");
    EXPECT_TRUE(failure.error);
    EXPECT_GE(server.layer.stats().send_failures, 1u);
}

TEST(Shutdown, CloseReleasesEverySocket) {
    Server server;
    auto udp = server.layer.listen({Protocol::Udp, loopback()});
    auto tcp = server.layer.listen({Protocol::Tcp, loopback()});
    ASSERT_TRUE(udp && tcp);
    server.runtime.start();
    RawSocket peer(SOCK_STREAM);
    ASSERT_TRUE(peer.connect(*tcp));
    ASSERT_TRUE(eventually([&] { return server.layer.stats().connections_open == 1; }));

    server.layer.stop_accepting();
    RawSocket late(SOCK_STREAM);
    EXPECT_FALSE(late.connect(*tcp));    // the acceptor is gone: refused
    ASSERT_TRUE(peer.send("\r\n\r\n"));  // open connections keep working
    EXPECT_EQ(peer.receive(), "\r\n");

    server.layer.close();
    EXPECT_EQ(peer.receive(), "");  // the connection was closed
    EXPECT_EQ(server.layer.stats().connections_open, 0u);
    // Every worker's UDP socket is gone: a socket without SO_REUSEPORT can bind the port.
    RawSocket rebind(SOCK_DGRAM);
    auto a = RawSocket::address(*udp);
    EXPECT_EQ(::bind(rebind.fd(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
}

}  // namespace
}  // namespace sessioncore::transport
