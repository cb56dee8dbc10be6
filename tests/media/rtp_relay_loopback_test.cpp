// RtpRelay over UDP on 127.0.0.1, with plain sockets as the two phones: packets both ways
// with their payload intact, latching (SDP address first, then the source), strict-source and
// malformed drops, an SSRC switch on one side seen as one stream on the other, RTCP on its
// own port and over rtcp-mux, stop() giving the ports back, and teardown with packets queued.
#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <sessioncore/media/rtp_relay.hpp>
#include <sessioncore/rtp/packet.hpp>
#include <sessioncore/rtp/rtcp_builder.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>

#include "udp_peer.hpp"

namespace sessioncore::media {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using namespace std::chrono_literals;

using test::loopback;
using test::run_until;
using test::settle;
using Phone = test::UdpPeer;

std::vector<std::byte> rtp_packet(std::uint32_t ssrc, std::uint16_t seq, std::uint32_t ts,
                                  std::byte fill) {
    std::array<std::byte, 160> payload{};
    payload.fill(fill);
    payload[0] = static_cast<std::byte>(seq & 0xFF);
    rtp::RtpPacketSpec spec;
    spec.payload_type = rtp::PayloadType{0};
    spec.sequence_number = seq;
    spec.timestamp = ts;
    spec.ssrc = rtp::Ssrc{ssrc};
    spec.payload = payload;
    std::vector<std::byte> out(256);
    const auto size = rtp::encode_to(spec, out);
    EXPECT_TRUE(size);
    out.resize(size ? *size : 0);
    return out;
}

std::vector<std::byte> receiver_report(std::uint32_t ssrc) {
    rtp::RtcpReportSpec spec;
    spec.ssrc = rtp::Ssrc{ssrc};
    spec.cname = "phone";
    std::vector<std::byte> out(256);
    const auto size = rtp::encode_to(spec, out);
    EXPECT_TRUE(size);
    out.resize(size ? *size : 0);
    return out;
}

class RtpRelayLoopback : public ::testing::Test {
protected:
    RtpPortLease lease(bool mux = false) {
        auto l = allocator.allocate(io.get_executor(), loopback, mux);
        EXPECT_TRUE(l) << l.error().message();
        return std::move(*l);
    }
    std::unique_ptr<RtpRelay> relay(RtpRelayConfig config = {}, bool mux_b = false) {
        auto r = std::make_unique<RtpRelay>(io.get_executor(), lease(), lease(mux_b), config);
        r->start();
        return r;
    }

    asio::io_context io;
    RtpPortAllocator allocator{{43000, 43199}};
    Phone a{io};
    Phone b{io};
};

TEST_F(RtpRelayLoopback, ForwardsBothWaysWithPayloadIntact) {
    RtpRelayConfig config;
    config.b.remote_rtp = b.endpoint();  // B's SDP; A is learnt from its first packet
    auto r = relay(config);
    std::vector<std::vector<std::byte>> sent;
    for (std::uint16_t i = 0; i < 5; ++i) {
        sent.push_back(
            rtp_packet(0xA, static_cast<std::uint16_t>(10 + i), 160u * i, std::byte{0x5A}));
        a.send(sent.back(), r->a_rtp_port());
    }
    const auto at_b = b.receive(io, 5);
    EXPECT_EQ(at_b, sent);  // one source: forwarded byte for byte
    const auto back = rtp_packet(0xB, 1, 0, std::byte{0x33});
    b.send(back, r->b_rtp_port());
    const auto at_a = a.receive(io, 1);
    ASSERT_EQ(at_a.size(), 1u);
    EXPECT_EQ(at_a[0], back);
    const auto s = r->stats();
    EXPECT_EQ(s.from_a.rtp_forwarded, 5u);
    EXPECT_EQ(s.from_a.rtp_bytes_forwarded, 5u * sent[0].size());
    EXPECT_EQ(s.from_b.rtp_forwarded, 1u);
    EXPECT_TRUE(s.a_latched);
    EXPECT_TRUE(s.b_latched);
}

TEST_F(RtpRelayLoopback, WithoutAnAddressWaitsForTheLegToLatch) {
    auto r = relay();
    a.send(rtp_packet(0xA, 1, 0, std::byte{1}), r->a_rtp_port());
    ASSERT_TRUE(run_until(io, [&] { return r->stats().from_a.dropped_no_destination == 1; }));
    EXPECT_FALSE(r->stats().b_latched);
    b.send(rtp_packet(0xB, 1, 0, std::byte{2}), r->b_rtp_port());
    ASSERT_EQ(a.receive(io, 1).size(), 1u);  // A latched with its first packet
    const auto second = rtp_packet(0xA, 2, 160, std::byte{3});
    a.send(second, r->a_rtp_port());
    const auto at_b = b.receive(io, 1);
    ASSERT_EQ(at_b.size(), 1u);
    EXPECT_EQ(at_b[0], second);
}

TEST_F(RtpRelayLoopback, OtherSourcesAfterLatchingAreDroppedAndCounted) {
    RtpRelayConfig config;
    config.b.remote_rtp = b.endpoint();
    auto r = relay(config);
    a.send(rtp_packet(0xA, 1, 0, std::byte{1}), r->a_rtp_port());
    ASSERT_EQ(b.receive(io, 1).size(), 1u);
    Phone stray{io};
    stray.send(rtp_packet(0xBAD, 1, 0, std::byte{9}), r->a_rtp_port());
    stray.send(rtp_packet(0xBAD, 2, 160, std::byte{9}), r->a_rtp_port());
    ASSERT_TRUE(run_until(io, [&] { return r->stats().from_a.dropped_strict_source == 2; }));
    settle(io);
    EXPECT_TRUE(b.receive(io, 0).empty());
    EXPECT_EQ(r->stats().from_a.rtp_forwarded, 1u);
}

TEST_F(RtpRelayLoopback, MalformedDatagramsAreDroppedAndCounted) {
    RtpRelayConfig config;
    config.b.remote_rtp = b.endpoint();
    auto r = relay(config);
    const std::array<std::byte, 5> junk{std::byte{0x11}, std::byte{2}, std::byte{3}, std::byte{4},
                                        std::byte{5}};
    a.send(junk, r->a_rtp_port());
    a.send(junk, r->a_rtcp_port());
    ASSERT_TRUE(run_until(io, [&] { return r->stats().from_a.dropped_malformed == 2; }));
    settle(io);
    EXPECT_TRUE(b.receive(io, 0).empty());
    EXPECT_FALSE(r->stats().a_latched);  // junk does not latch
}

TEST_F(RtpRelayLoopback, SsrcSwitchIsOneContinuousStreamOnTheOtherSide) {
    RtpRelayConfig config;
    config.b.remote_rtp = b.endpoint();
    auto r = relay(config);
    for (std::uint16_t i = 0; i < 3; ++i)
        a.send(rtp_packet(0x1111, static_cast<std::uint16_t>(65534 + i), 0xFFFFFF00u + 160u * i,
                          std::byte{1}),
               r->a_rtp_port());
    ASSERT_EQ(b.receive(io, 3).size(), 3u);  // in order before the switch
    // The far phone moved to another media server: new SSRC, sequence and timestamp base.
    for (std::uint16_t i = 0; i < 3; ++i)
        a.send(rtp_packet(0x2222, static_cast<std::uint16_t>(7000 + i), 5'000'000u + 160u * i,
                          std::byte{2}),
               r->a_rtp_port());
    const auto at_b = b.receive(io, 3);
    ASSERT_EQ(at_b.size(), 3u);
    for (std::size_t i = 0; i < at_b.size(); ++i) {
        const auto p = rtp::parse_rtp(at_b[i]);
        ASSERT_TRUE(p);
        EXPECT_EQ(p->ssrc, rtp::Ssrc{0x1111});
        EXPECT_EQ(p->sequence_number, static_cast<std::uint16_t>(1 + i));  // 65535 then 0, 1...
        EXPECT_EQ(p->timestamp, 0xFFFFFF00u + 160u * (3 + static_cast<std::uint32_t>(i)));
        ASSERT_EQ(p->payload.size(), 160u);
        EXPECT_EQ(p->payload[0], static_cast<std::byte>((7000 + i) & 0xFF));
        EXPECT_EQ(p->payload[1], std::byte{2});
    }
    EXPECT_EQ(r->stats().from_a.ssrc_switches, 1u);
    EXPECT_EQ(r->stats().from_b.ssrc_switches, 0u);
}

TEST_F(RtpRelayLoopback, RtcpIsForwardedOnItsPortAndOverRtcpMux) {
    Phone a_rtcp{io};
    RtpRelayConfig config;
    config.a.remote_rtp = a.endpoint();
    config.a.remote_rtcp = a_rtcp.endpoint();
    config.b.remote_rtp = b.endpoint();  // B's leg is muxed: RTCP goes to the same address
    auto r = relay(config, true);
    EXPECT_EQ(r->b_rtcp_port(), r->b_rtp_port());
    EXPECT_EQ(r->a_rtcp_port(), r->a_rtp_port() + 1);
    const auto report_a = receiver_report(0xA);
    a_rtcp.send(report_a, r->a_rtcp_port());
    const auto at_b = b.receive(io, 1);
    ASSERT_EQ(at_b.size(), 1u);
    EXPECT_EQ(at_b[0], report_a);  // no RTP yet from A: nothing to map
    ASSERT_TRUE(rtp::parse_rtcp(at_b[0]));
    // Muxed from B: told from RTP by the packet type, sent out of A's RTCP socket.
    const auto report_b = receiver_report(0xB);
    b.send(report_b, r->b_rtp_port());
    const auto at_a = a_rtcp.receive(io, 1);
    ASSERT_EQ(at_a.size(), 1u);
    EXPECT_EQ(at_a[0], report_b);
    settle(io);
    EXPECT_TRUE(a.receive(io, 0).empty());  // not on A's RTP address
    const auto s = r->stats();
    EXPECT_EQ(s.from_a.rtcp_forwarded, 1u);
    EXPECT_EQ(s.from_b.rtcp_forwarded, 1u);
    EXPECT_EQ(s.from_a.rtp_forwarded + s.from_b.rtp_forwarded, 0u);
}

TEST_F(RtpRelayLoopback, RtcpSenderFollowsTheSsrcSwitch) {
    Phone a_rtcp{io};
    RtpRelayConfig config;
    config.b.remote_rtp = b.endpoint();
    auto r = relay(config, true);
    a.send(rtp_packet(0x1111, 1, 0, std::byte{1}), r->a_rtp_port());
    a.send(rtp_packet(0x2222, 50, 0, std::byte{1}), r->a_rtp_port());
    ASSERT_EQ(b.receive(io, 2).size(), 2u);
    a_rtcp.send(receiver_report(0x2222), r->a_rtcp_port());
    const auto at_b = b.receive(io, 1);
    ASSERT_EQ(at_b.size(), 1u);
    const auto compound = rtp::parse_rtcp(at_b[0]);
    ASSERT_TRUE(compound);
    const auto* rr = std::get_if<rtp::ReceiverReport>(&(*compound)[0]);
    ASSERT_NE(rr, nullptr);
    EXPECT_EQ(rr->ssrc, rtp::Ssrc{0x1111});  // the SSRC B has seen all along
}

// A lone generic NACK (RFC 4585 §6.2.1), the reduced-size RTCP of RFC 5506: no SR/RR first.
std::vector<std::byte> lone_nack(std::uint32_t sender, std::uint32_t media, std::uint16_t pid) {
    std::vector<std::byte> out{std::byte{0x81}, std::byte{205}, std::byte{0}, std::byte{3}};
    for (std::uint32_t word : {sender, media, std::uint32_t{pid} << 16})
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::byte>((word >> shift) & 0xFFu));
    return out;
}

TEST_F(RtpRelayLoopback, ReducedSizeRtcpIsForwardedWithTheMapping) {
    Phone a_rtcp{io};
    RtpRelayConfig config;
    config.b.remote_rtp = b.endpoint();
    auto r = relay(config, true);
    a_rtcp.send(receiver_report(0x1111), r->a_rtcp_port());  // latches A's RTCP
    ASSERT_EQ(b.receive(io, 1).size(), 1u);
    a.send(rtp_packet(0x1111, 1, 0, std::byte{1}), r->a_rtp_port());
    a.send(rtp_packet(0x2222, 50, 0, std::byte{1}), r->a_rtp_port());  // goes out as seq 2
    ASSERT_EQ(b.receive(io, 2).size(), 2u);
    // B asks again for the packet it saw as 0x1111 seq 2: that is 0x2222's seq 50.
    b.send(lone_nack(0xB, 0x1111, 2), r->b_rtp_port());
    const auto at_a = a_rtcp.receive(io, 1);
    ASSERT_EQ(at_a.size(), 1u);
    EXPECT_EQ(at_a[0], lone_nack(0xB, 0x2222, 50));
    EXPECT_EQ(r->stats().from_b.rtcp_forwarded, 1u);
    EXPECT_EQ(r->stats().from_b.dropped_malformed, 0u);
    // A broken one is still dropped.
    auto broken = lone_nack(0xB, 0x1111, 2);
    broken[3] = std::byte{9};  // length past the datagram
    b.send(broken, r->b_rtp_port());
    ASSERT_TRUE(run_until(io, [&] { return r->stats().from_b.dropped_malformed == 1; }));
    settle(io);
    EXPECT_TRUE(a_rtcp.receive(io, 0).empty());
}

TEST_F(RtpRelayLoopback, StopGivesThePortsBackAndForwardsNothingMore) {
    RtpRelayConfig config;
    config.b.remote_rtp = b.endpoint();
    auto r = relay(config);
    EXPECT_EQ(allocator.leased(), 2u);
    const auto port = r->a_rtp_port();
    a.send(rtp_packet(0xA, 1, 0, std::byte{1}), port);
    ASSERT_EQ(b.receive(io, 1).size(), 1u);
    r->stop();
    r->stop();  // idempotent
    EXPECT_EQ(allocator.leased(), 0u);
    a.send(rtp_packet(0xA, 2, 160, std::byte{1}), port);
    settle(io);
    EXPECT_TRUE(b.receive(io, 0).empty());
    EXPECT_EQ(r->stats().from_a.rtp_forwarded, 1u);
    // The ports can be leased again.
    auto again = allocator.allocate(io.get_executor(), loopback);
    EXPECT_TRUE(again);
}

TEST_F(RtpRelayLoopback, DestroyedWithPacketsInFlight) {
    RtpRelayConfig config;
    config.b.remote_rtp = b.endpoint();
    auto r = relay(config);
    for (std::uint16_t i = 0; i < 20; ++i) {
        a.send(rtp_packet(0xA, i, 160u * i, std::byte{1}), r->a_rtp_port());
        b.send(rtp_packet(0xB, i, 160u * i, std::byte{2}), r->b_rtp_port());
    }
    io.restart();
    io.poll_one();  // some handlers may run, others stay queued
    r.reset();
    EXPECT_EQ(allocator.leased(), 0u);
    settle(io);  // the queued handlers run against the closed relay
}

}  // namespace
}  // namespace sessioncore::media
