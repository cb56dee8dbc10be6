// RtpStream over UDP on 127.0.0.1: two streams exchanging packets, symmetric latching and
// strict-source drops against a raw socket posing as a stray sender, SSRC changes, rtcp-mux,
// RTCP reports with a round trip, BYE on stop, and teardown with packets in flight.
#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <gtest/gtest.h>

#include <sessioncore/media/rtp_io_error.hpp>
#include <sessioncore/media/rtp_stream.hpp>
#include <sessioncore/rtp/packet.hpp>

#include "udp_peer.hpp"

namespace sessioncore::media {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using namespace std::chrono_literals;

using test::loopback;
using test::run_until;
using test::settle;
using test::UdpPeer;
constexpr rtp::PayloadType pcmu{0};

struct Received {
    rtp::Ssrc ssrc;
    std::uint16_t seq;
    std::uint32_t timestamp;
    bool marker;
    std::vector<std::byte> payload;
};

class RtpStreamLoopback : public ::testing::Test {
protected:
    RtpPortLease lease(bool mux = false) {
        auto l = allocator.allocate(io.get_executor(), loopback, mux);
        EXPECT_TRUE(l) << l.error().message();
        return std::move(*l);
    }
    static RtpStreamConfig fast_rtcp(RtpStreamConfig c = {}) {
        c.rtcp_min_interval = 40ms;
        c.session_bandwidth_bps = 10'000'000;  // the 5 % share then allows frequent reports
        return c;
    }
    static void collect(RtpStream& s, std::vector<Received>& into) {
        s.on_rtp([&into](const rtp::RtpPacket& p) {
            into.push_back({p.ssrc,
                            p.sequence_number,
                            p.timestamp,
                            p.marker,
                            {p.payload.begin(), p.payload.end()}});
        });
    }
    // A datagram from a plain socket, as a foreign or restarted peer would send it.
    static void send_raw(UdpPeer& from, std::uint16_t to_port, std::uint32_t ssrc,
                         std::uint16_t seq) {
        std::array<std::byte, 64> buffer{};
        const std::array<std::byte, 4> payload{std::byte{1}, std::byte{2}, std::byte{3},
                                               std::byte{4}};
        rtp::RtpPacketSpec spec;
        spec.payload_type = pcmu;
        spec.sequence_number = seq;
        spec.timestamp = seq * 160u;
        spec.ssrc = rtp::Ssrc{ssrc};
        spec.payload = payload;
        const auto size = rtp::encode_to(spec, buffer);
        ASSERT_TRUE(size);
        from.send(std::span<const std::byte>{buffer.data(), *size}, to_port);
    }

    asio::io_context io;
    RtpPortAllocator allocator{{41000, 41199}};
    const std::array<std::byte, 160> frame = [] {
        std::array<std::byte, 160> f{};
        for (std::size_t i = 0; i < f.size(); ++i)
            f[i] = std::byte(i);
        return f;
    }();
};

TEST_F(RtpStreamLoopback, TwoStreamsExchangePacketsBothWays) {
    auto la = lease();
    auto lb = lease();
    RtpStreamConfig ca, cb;
    ca.remote_rtp = udp::endpoint{loopback, lb.rtp_port()};
    cb.remote_rtp = udp::endpoint{loopback, la.rtp_port()};
    RtpStream a{io.get_executor(), std::move(la), ca};
    RtpStream b{io.get_executor(), std::move(lb), cb};
    std::vector<Received> at_a, at_b;
    collect(a, at_a);
    collect(b, at_b);
    a.start();
    b.start();
    for (int i = 0; i < 20; ++i) {
        ASSERT_FALSE(a.send(frame, pcmu, 160, i == 0));
        ASSERT_FALSE(b.send(frame, pcmu, 160));
    }
    ASSERT_TRUE(run_until(io, [&] { return at_a.size() == 20 && at_b.size() == 20; }));
    for (std::size_t i = 0; i < at_b.size(); ++i) {
        EXPECT_EQ(at_b[i].ssrc, a.ssrc());
        EXPECT_EQ(at_b[i].seq, static_cast<std::uint16_t>(at_b[0].seq + i));
        EXPECT_EQ(at_b[i].timestamp, at_b[0].timestamp + 160u * i);
        EXPECT_EQ(at_b[i].marker, i == 0);
        EXPECT_TRUE(
            std::equal(frame.begin(), frame.end(), at_b[i].payload.begin(), at_b[i].payload.end()));
    }
    EXPECT_EQ(at_a[0].ssrc, b.ssrc());
    EXPECT_NE(a.ssrc(), b.ssrc());
    const auto sa = a.stats();
    EXPECT_EQ(sa.packets_sent, 20u);
    EXPECT_EQ(sa.bytes_sent, 20u * frame.size());
    EXPECT_EQ(sa.packets_received, 20u);
    EXPECT_EQ(sa.bytes_received, 20u * frame.size());
    EXPECT_EQ(sa.cumulative_lost, 0);
    EXPECT_TRUE(sa.latched);
}

TEST_F(RtpStreamLoopback, LatchesToThePeerAndDropsOtherSources) {
    UdpPeer sdp_target{io};  // where the SDP said, wrongly
    auto la = lease();
    auto lb = lease();
    const auto b_port = lb.rtp_port();
    RtpStreamConfig ca, cb;
    ca.remote_rtp = udp::endpoint{loopback, b_port};
    cb.remote_rtp = sdp_target.endpoint();
    RtpStream a{io.get_executor(), std::move(la), ca};
    RtpStream b{io.get_executor(), std::move(lb), cb};
    std::vector<Received> at_a, at_b;
    collect(a, at_a);
    collect(b, at_b);
    a.start();
    b.start();

    // Before latching B sends where the SDP said.
    ASSERT_FALSE(b.send(frame, pcmu, 160));
    const auto at_sdp = sdp_target.receive(io, 1);
    ASSERT_EQ(at_sdp.size(), 1u);
    EXPECT_EQ(at_sdp[0].size(), 12u + frame.size());
    EXPECT_EQ(sdp_target.sources()[0].port(), b_port);

    ASSERT_FALSE(a.send(frame, pcmu, 160));
    ASSERT_TRUE(run_until(io, [&] { return at_b.size() == 1; }));
    EXPECT_EQ(b.remote_rtp()->port(), a.local_rtp_port());
    ASSERT_FALSE(b.send(frame, pcmu, 160));
    ASSERT_TRUE(run_until(io, [&] { return at_a.size() == 1; }));

    // A stray sender (another port) is dropped and counted; B keeps sending to A.
    UdpPeer stray{io};
    send_raw(stray, b_port, 0x1234, 7);
    ASSERT_TRUE(run_until(io, [&] { return b.stats().drops.strict_source == 1; }));
    EXPECT_EQ(at_b.size(), 1u);
    EXPECT_EQ(b.stats().ssrc_changes, 0u);
    EXPECT_EQ(b.remote_rtp()->port(), a.local_rtp_port());
}

TEST_F(RtpStreamLoopback, RelatchesToAMovedPeerWhenAllowed) {
    auto lb = lease();
    const auto b_port = lb.rtp_port();
    RtpStreamConfig cb;
    cb.allow_relatch = true;
    RtpStream b{io.get_executor(), std::move(lb), cb};
    std::vector<Received> at_b;
    collect(b, at_b);
    b.start();
    EXPECT_EQ(b.send(frame, pcmu, 160), make_error_code(rtp_io_errc::no_remote));

    UdpPeer first{io};
    UdpPeer moved{io};  // the peer after a NAT rebinding
    send_raw(first, b_port, 0x42, 1);
    ASSERT_TRUE(run_until(io, [&] { return at_b.size() == 1; }));
    EXPECT_EQ(b.remote_rtp(), first.endpoint());
    send_raw(moved, b_port, 0x42, 2);
    ASSERT_TRUE(run_until(io, [&] { return at_b.size() == 2; }));
    EXPECT_EQ(b.remote_rtp(), moved.endpoint());
    EXPECT_EQ(b.stats().relatches, 1u);
    EXPECT_EQ(b.stats().drops.strict_source, 0u);

    ASSERT_FALSE(b.send(frame, pcmu, 160));
    const auto at_moved = moved.receive(io, 1);
    ASSERT_EQ(at_moved.size(), 1u);
    EXPECT_EQ(at_moved[0].size(), 12u + frame.size());
}

TEST_F(RtpStreamLoopback, AnSsrcChangeIsCountedAndRestartsTheStatistics) {
    auto lb = lease();
    const auto b_port = lb.rtp_port();
    RtpStream b{io.get_executor(), std::move(lb), {}};
    std::vector<Received> at_b;
    collect(b, at_b);
    b.start();
    UdpPeer peer{io};
    for (std::uint16_t seq = 100; seq < 110; ++seq)
        if (seq != 105)
            send_raw(peer, b_port, 0xAAAA, seq);  // one lost
    ASSERT_TRUE(run_until(io, [&] { return at_b.size() == 9; }));
    EXPECT_EQ(b.stats().cumulative_lost, 1);
    for (std::uint16_t seq = 5000; seq < 5010; ++seq)
        send_raw(peer, b_port, 0xBBBB, seq);
    ASSERT_TRUE(run_until(io, [&] { return at_b.size() == 19; }));
    EXPECT_EQ(b.stats().ssrc_changes, 1u);
    EXPECT_EQ(b.stats().cumulative_lost, 0);
    EXPECT_EQ(at_b.back().ssrc, rtp::Ssrc{0xBBBB});
}

TEST_F(RtpStreamLoopback, MalformedDatagramsAreDroppedAndCounted) {
    auto lb = lease();
    const auto b_port = lb.rtp_port();
    const auto b_rtcp = lb.rtcp_port();
    RtpStream b{io.get_executor(), std::move(lb), {}};
    std::vector<Received> at_b;
    collect(b, at_b);
    b.start();
    UdpPeer peer{io};
    const std::array<std::byte, 12> version0{};  // V=0
    peer.send(version0, b_port);
    peer.send(version0, b_rtcp);
    ASSERT_TRUE(run_until(io, [&] {
        return b.stats().drops.malformed_rtp == 1 && b.stats().drops.malformed_rtcp == 1;
    }));
    EXPECT_TRUE(at_b.empty());
    EXPECT_FALSE(b.stats().latched);  // garbage does not latch
}

TEST_F(RtpStreamLoopback, RtcpReportsGiveTheRoundTripAndByeEndsTheSession) {
    auto la = lease();
    auto lb = lease();
    auto ca = fast_rtcp();
    ca.remote_rtp = udp::endpoint{loopback, lb.rtp_port()};
    auto cb = fast_rtcp();  // B only listens: it learns A's RTCP address from A's RTP
    RtpStream a{io.get_executor(), std::move(la), ca};
    auto b = std::make_optional<RtpStream>(io.get_executor(), std::move(lb), cb);
    a.start();
    b->start();
    // A sends a packet every 5 ms while the reports go; B answers A's SRs with RRs.
    asio::steady_timer pacer{io};
    std::function<void()> tick = [&] {
        (void)a.send(frame, pcmu, 160);
        pacer.expires_after(5ms);
        pacer.async_wait([&](const boost::system::error_code& ec) {
            if (!ec)
                tick();
        });
    };
    tick();
    ASSERT_TRUE(run_until(io, [&] { return a.stats().rtt.has_value(); }));
    EXPECT_GE(b->stats().rtcp_received, 1u);  // A's SR
    EXPECT_GE(a.stats().rtcp_received, 1u);   // B's RR
    EXPECT_GE(*a.stats().rtt, Duration::zero());
    EXPECT_LT(*a.stats().rtt, 1s);
    EXPECT_FALSE(a.stats().bye_received);

    const auto leased = allocator.leased();
    b->stop();
    EXPECT_EQ(allocator.leased(), leased - 1);  // stop gave the ports back
    EXPECT_EQ(b->send(frame, pcmu, 160), make_error_code(rtp_io_errc::not_running));
    ASSERT_TRUE(run_until(io, [&] { return a.stats().bye_received; }));
    pacer.cancel();
    b.reset();
}

TEST_F(RtpStreamLoopback, RtcpMuxCarriesBothOnOnePort) {
    auto la = lease(true);
    auto lb = lease(true);
    EXPECT_EQ(la.rtcp_port(), la.rtp_port());
    auto ca = fast_rtcp();
    auto cb = fast_rtcp();
    ca.remote_rtp = udp::endpoint{loopback, lb.rtp_port()};
    cb.remote_rtp = udp::endpoint{loopback, la.rtp_port()};
    RtpStream a{io.get_executor(), std::move(la), ca};
    RtpStream b{io.get_executor(), std::move(lb), cb};
    std::vector<Received> at_a, at_b;
    collect(a, at_a);
    collect(b, at_b);
    a.start();
    b.start();
    asio::steady_timer pacer{io};
    std::function<void()> tick = [&] {
        (void)a.send(frame, pcmu, 160);
        (void)b.send(frame, pcmu, 160);
        pacer.expires_after(5ms);
        pacer.async_wait([&](const boost::system::error_code& ec) {
            if (!ec)
                tick();
        });
    };
    tick();
    ASSERT_TRUE(run_until(io, [&] {
        return a.stats().rtcp_received >= 2 && b.stats().rtcp_received >= 2 &&
               a.stats().rtt.has_value() && b.stats().rtt.has_value();
    }));
    pacer.cancel();
    // Every RTCP compound was told apart from RTP: none reached the RTP callback or failed
    // to parse as RTP.
    EXPECT_EQ(a.stats().drops.malformed_rtp, 0u);
    EXPECT_EQ(b.stats().drops.malformed_rtp, 0u);
    EXPECT_EQ(a.stats().packets_received, at_a.size());
    for (const auto& r : at_a)
        EXPECT_EQ(r.ssrc, b.ssrc());
}

TEST_F(RtpStreamLoopback, PayloadLargerThanTheSendBufferIsAnError) {
    auto la = lease();
    RtpStreamConfig ca;
    ca.remote_rtp = udp::endpoint{loopback, 9};
    RtpStream a{io.get_executor(), std::move(la), ca};
    std::vector<std::byte> big(1500);
    EXPECT_EQ(a.send(big, pcmu, 160), make_error_code(rtp_io_errc::not_running));
    a.start();
    EXPECT_EQ(a.send(big, pcmu, 160), make_error_code(rtp_io_errc::payload_too_large));
    EXPECT_EQ(a.stats().packets_sent, 0u);
}

TEST_F(RtpStreamLoopback, DestroyedWithPacketsInFlight) {
    auto la = lease();
    auto lb = lease();
    const auto b_port = lb.rtp_port();
    RtpStreamConfig ca;
    ca.remote_rtp = udp::endpoint{loopback, b_port};
    RtpStream a{io.get_executor(), std::move(la), ca};
    auto b = std::make_unique<RtpStream>(io.get_executor(), std::move(lb), RtpStreamConfig{});
    int seen = 0;
    b->on_rtp([&](const rtp::RtpPacket&) {
        if (++seen == 3)
            b.reset();  // from inside its own callback
    });
    a.start();
    b->start();
    for (int i = 0; i < 50; ++i)
        ASSERT_FALSE(a.send(frame, pcmu, 160));
    ASSERT_TRUE(run_until(io, [&] { return b == nullptr; }));
    settle(io);
    EXPECT_EQ(seen, 3);
    // And one destroyed before the context ever ran its reads.
    auto lc = lease();
    {
        RtpStream c{io.get_executor(), std::move(lc), {}};
        c.start();
    }
    settle(io);
    EXPECT_EQ(allocator.leased(), 1u);  // only A's
}

}  // namespace
}  // namespace sessioncore::media
