// The parts of the port allocator and of the RTP I/O errors that need no socket: how a
// configured range turns into port pairs, and the errors a bad range gives.
#include <set>
#include <string>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <sessioncore/media/rtp_io_error.hpp>
#include <sessioncore/media/rtp_port_allocator.hpp>

namespace sessioncore::media {
namespace {

TEST(RtpPortAllocator, CountsOnlyEvenPortsWithTheirSuccessorInRange) {
    EXPECT_EQ(RtpPortAllocator({30000, 30009}).capacity(), 5u);
    // 30001 is odd: the first pair is 30002/30003; 30004 lacks 30005.
    EXPECT_EQ(RtpPortAllocator({30001, 30004}).capacity(), 1u);
    EXPECT_EQ(RtpPortAllocator({30000, 30001}).capacity(), 1u);
}

TEST(RtpPortAllocator, EmptyOrReversedRangeIsABadRangeError) {
    boost::asio::io_context io;
    const auto local = boost::asio::ip::make_address("127.0.0.1");
    for (RtpPortRange range : {RtpPortRange{30000, 30000}, RtpPortRange{30010, 30000},
                               RtpPortRange{30001, 30002}, RtpPortRange{65535, 65535}}) {
        RtpPortAllocator allocator{range};
        EXPECT_EQ(allocator.capacity(), 0u);
        const auto lease = allocator.allocate(io.get_executor(), local);
        ASSERT_FALSE(lease);
        EXPECT_EQ(lease.error(), make_error_code(rtp_io_errc::bad_port_range));
        EXPECT_EQ(allocator.leased(), 0u);
    }
}

TEST(RtpIoError, EveryCodeHasItsOwnMessageInItsCategory) {
    const rtp_io_errc all[] = {rtp_io_errc::port_range_exhausted, rtp_io_errc::bad_port_range,
                               rtp_io_errc::not_running, rtp_io_errc::no_remote,
                               rtp_io_errc::payload_too_large};
    std::set<std::string> messages;
    for (auto e : all) {
        const auto ec = make_error_code(e);
        EXPECT_STREQ(ec.category().name(), "sessioncore.media.rtp_io");
        EXPECT_TRUE(messages.insert(ec.message()).second) << ec.message();
    }
    EXPECT_EQ(make_error_code(rtp_io_errc::port_range_exhausted).message(),
              "RTP port range exhausted");
}

}  // namespace
}  // namespace sessioncore::media
