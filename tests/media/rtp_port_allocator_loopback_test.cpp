// The port allocator binding real sockets on 127.0.0.1: pairs, rtcp-mux, ports other programs
// hold, exhaustion and reuse, several threads at once.
#include <cerrno>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <sessioncore/media/rtp_io_error.hpp>
#include <sessioncore/media/rtp_port_allocator.hpp>

namespace sessioncore::media {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;

const asio::ip::address loopback = asio::ip::make_address("127.0.0.1");

TEST(RtpPortAllocatorLoopback, BindsAnEvenRtpPortAndTheNextForRtcp) {
    asio::io_context io;
    RtpPortAllocator allocator{{42100, 42119}};
    auto lease = allocator.allocate(io.get_executor(), loopback);
    ASSERT_TRUE(lease) << lease.error().message();
    EXPECT_EQ(lease->rtp_port() % 2, 0);
    EXPECT_EQ(lease->rtcp_port(), lease->rtp_port() + 1);
    EXPECT_FALSE(lease->rtcp_mux());
    EXPECT_EQ(lease->rtp_socket().local_endpoint().port(), lease->rtp_port());
    EXPECT_EQ(lease->rtcp_socket().local_endpoint().port(), lease->rtcp_port());
    EXPECT_EQ(lease->rtp_socket().local_endpoint().address(), loopback);
    EXPECT_EQ(allocator.leased(), 1u);
}

TEST(RtpPortAllocatorLoopback, RtcpMuxBindsOnePort) {
    asio::io_context io;
    RtpPortAllocator allocator{{42120, 42139}};
    auto lease = allocator.allocate(io.get_executor(), loopback, true);
    ASSERT_TRUE(lease) << lease.error().message();
    EXPECT_TRUE(lease->rtcp_mux());
    EXPECT_EQ(lease->rtcp_port(), lease->rtp_port());
    EXPECT_EQ(&lease->rtcp_socket(), &lease->rtp_socket());
    // The odd port stays free for others.
    udp::socket other{io, udp::v4()};
    boost::system::error_code ec;
    other.bind({loopback, static_cast<std::uint16_t>(lease->rtp_port() + 1)}, ec);
    EXPECT_FALSE(ec) << ec.message();
}

TEST(RtpPortAllocatorLoopback, ExhaustionIsAnErrorAndAFreedPairIsReused) {
    asio::io_context io;
    RtpPortAllocator allocator{{42140, 42143}};
    auto first = allocator.allocate(io.get_executor(), loopback);
    auto second = allocator.allocate(io.get_executor(), loopback);
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->rtp_port(), second->rtp_port());
    const auto third = allocator.allocate(io.get_executor(), loopback);
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error(), make_error_code(rtp_io_errc::port_range_exhausted));

    const auto freed = first->rtp_port();
    first->release();
    EXPECT_EQ(allocator.leased(), 1u);
    auto again = allocator.allocate(io.get_executor(), loopback);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(again->rtp_port(), freed);
}

TEST(RtpPortAllocatorLoopback, DestroyingTheLeaseGivesThePortsBack) {
    asio::io_context io;
    RtpPortAllocator allocator{{42150, 42151}};
    std::uint16_t port = 0;
    {
        auto lease = allocator.allocate(io.get_executor(), loopback);
        ASSERT_TRUE(lease);
        port = lease->rtp_port();
        EXPECT_FALSE(allocator.allocate(io.get_executor(), loopback));
    }
    EXPECT_EQ(allocator.leased(), 0u);
    // The sockets are closed too: another program can bind the ports.
    udp::socket rtp{io, udp::v4()};
    udp::socket rtcp{io, udp::v4()};
    boost::system::error_code ec;
    rtp.bind({loopback, port}, ec);
    EXPECT_FALSE(ec) << ec.message();
    rtcp.bind({loopback, static_cast<std::uint16_t>(port + 1)}, ec);
    EXPECT_FALSE(ec) << ec.message();
}

TEST(RtpPortAllocatorLoopback, SkipsPortsAnotherProgramHolds) {
    asio::io_context io;
    // 42160 is taken outright, 42163 (the RTCP port of the second pair) as well.
    udp::socket squatter_rtp{io, udp::endpoint{loopback, 42160}};
    udp::socket squatter_rtcp{io, udp::endpoint{loopback, 42163}};
    RtpPortAllocator allocator{{42160, 42165}};
    auto lease = allocator.allocate(io.get_executor(), loopback);
    ASSERT_TRUE(lease) << lease.error().message();
    EXPECT_EQ(lease->rtp_port(), 42164);
    EXPECT_EQ(allocator.leased(), 1u);
    const auto none = allocator.allocate(io.get_executor(), loopback);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error(), make_error_code(rtp_io_errc::port_range_exhausted));
    EXPECT_EQ(allocator.leased(), 1u);  // the skipped pairs were not kept
}

TEST(RtpPortAllocatorLoopback, AnAddressThatIsNotLocalIsASocketError) {
    asio::io_context io;
    RtpPortAllocator allocator{{42170, 42179}};
    const auto lease =
        allocator.allocate(io.get_executor(), asio::ip::make_address("192.0.2.1"));  // TEST-NET-1
    ASSERT_FALSE(lease);
    EXPECT_EQ(lease.error().value(), EADDRNOTAVAIL);
    EXPECT_EQ(allocator.leased(), 0u);
}

TEST(RtpPortAllocatorLoopback, ALeaseMayOutliveItsAllocator) {
    asio::io_context io;
    std::optional<RtpPortLease> kept;
    {
        RtpPortAllocator allocator{{42180, 42183}};
        auto lease = allocator.allocate(io.get_executor(), loopback);
        ASSERT_TRUE(lease);
        kept.emplace(std::move(*lease));
    }
    EXPECT_TRUE(kept->rtp_socket().is_open());
    kept.reset();  // gives back to the pool the lease still shares
}

TEST(RtpPortAllocatorLoopback, ThreadsAllocateDistinctPairs) {
    constexpr int threads = 4;
    constexpr int per_thread = 5;
    asio::io_context io;
    RtpPortAllocator allocator{{42200, 42200 + 2 * threads * per_thread - 1}};
    std::vector<std::vector<RtpPortLease>> leases(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                auto lease = allocator.allocate(io.get_executor(), loopback);
                if (lease)
                    leases[t].push_back(std::move(*lease));
            }
        });
    }
    for (auto& w : workers)
        w.join();
    std::set<std::uint16_t> ports;
    for (const auto& list : leases)
        for (const auto& lease : list)
            ports.insert(lease.rtp_port());
    EXPECT_EQ(ports.size(), static_cast<std::size_t>(threads * per_thread));
    EXPECT_EQ(allocator.leased(), static_cast<std::size_t>(threads * per_thread));
    EXPECT_FALSE(allocator.allocate(io.get_executor(), loopback));
}

}  // namespace
}  // namespace sessioncore::media
