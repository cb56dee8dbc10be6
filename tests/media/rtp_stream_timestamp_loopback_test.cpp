// RtpStream's timestamp line over 127.0.0.1: send_with_timestamp() leaves it alone,
// skip_timestamp() moves it without sending, next_timestamp() says where it is; and
// set_remote() sends to a new address. (Ports 44100-44199, the AudioChannel tests' range.)
#include <array>
#include <chrono>
#include <functional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <sessioncore/media/rtp_io_error.hpp>
#include <sessioncore/media/rtp_stream.hpp>
#include <sessioncore/rtp/packet.hpp>

namespace sessioncore::media {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using namespace std::chrono_literals;

const asio::ip::address loopback = asio::ip::make_address("127.0.0.1");
constexpr rtp::PayloadType audio{0};
constexpr rtp::PayloadType event{101};

struct Seen {
    std::uint8_t type;
    std::uint16_t seq;
    std::uint32_t timestamp;
    bool marker;
};

class RtpStreamTimestamps : public ::testing::Test {
protected:
    RtpPortLease lease() {
        auto l = allocator.allocate(io.get_executor(), loopback);
        EXPECT_TRUE(l) << l.error().message();
        return std::move(*l);
    }
    bool run_until(const std::function<bool()>& done) {
        const auto end = std::chrono::steady_clock::now() + 2s;
        while (!done() && std::chrono::steady_clock::now() < end) {
            io.restart();
            io.run_for(2ms);
        }
        return done();
    }
    static void collect(RtpStream& s, std::vector<Seen>& into) {
        s.on_rtp([&into](const rtp::RtpPacket& p) {
            into.push_back({p.payload_type.value, p.sequence_number, p.timestamp, p.marker});
        });
    }

    asio::io_context io;
    RtpPortAllocator allocator{{44100, 44199}};
    const std::array<std::byte, 4> payload{};
};

TEST_F(RtpStreamTimestamps, EventsKeepTheirTimestampAndTheLineMovesOn) {
    auto la = lease();
    auto lb = lease();
    RtpStreamConfig ca, cb;
    ca.remote_rtp = udp::endpoint{loopback, lb.rtp_port()};
    RtpStream a{io.get_executor(), std::move(la), ca};
    RtpStream b{io.get_executor(), std::move(lb), cb};
    std::vector<Seen> at_b;
    collect(b, at_b);
    a.start();
    b.start();
    const std::uint32_t t0 = a.next_timestamp(160);  // the random start
    ASSERT_FALSE(a.send(payload, audio, 160, true));
    EXPECT_EQ(a.next_timestamp(160), t0 + 160);
    const std::uint32_t event_ts = a.next_timestamp(160);
    for (int i = 0; i < 3; ++i) {
        ASSERT_FALSE(a.send_with_timestamp(payload, event, event_ts, i == 0));
        EXPECT_EQ(a.next_timestamp(160), t0 + 160u * static_cast<unsigned>(i + 1));
        a.skip_timestamp(160);
    }
    ASSERT_FALSE(a.send(payload, audio, 160));
    ASSERT_TRUE(run_until([&] { return at_b.size() == 5; }));
    EXPECT_EQ(at_b[0].timestamp, t0);
    for (int i = 1; i <= 3; ++i) {
        EXPECT_EQ(at_b[static_cast<std::size_t>(i)].type, event.value);
        EXPECT_EQ(at_b[static_cast<std::size_t>(i)].timestamp, event_ts);
        EXPECT_EQ(at_b[static_cast<std::size_t>(i)].marker, i == 1);
    }
    EXPECT_EQ(at_b[4].timestamp, t0 + 4 * 160u);  // the three frames the events took
    for (std::size_t i = 1; i < at_b.size(); ++i)
        EXPECT_EQ(at_b[i].seq, static_cast<std::uint16_t>(at_b[i - 1].seq + 1));
    EXPECT_EQ(a.stats().packets_sent, 5u);
}

TEST_F(RtpStreamTimestamps, SkipBeforeTheFirstPacketStartsTheLine) {
    RtpStreamConfig c;
    c.remote_rtp = udp::endpoint{loopback, 9};  // discard: nothing listens
    RtpStream a{io.get_executor(), lease(), c};
    const std::uint32_t t0 = a.next_timestamp(160);
    EXPECT_EQ(a.next_timestamp(320), t0);  // no packet yet: the step does not count
    a.skip_timestamp(160);                 // the first frame passed unsent
    EXPECT_EQ(a.next_timestamp(160), t0 + 160);
    a.skip_timestamp(480);  // as a send() with that step: the skipped frame was at t0 + 480
    EXPECT_EQ(a.next_timestamp(160), t0 + 640);
}

TEST_F(RtpStreamTimestamps, SendWithTimestampErrorsAsSend) {
    RtpStream a{io.get_executor(), lease(), RtpStreamConfig{}};
    EXPECT_EQ(a.send_with_timestamp(payload, event, 1), rtp_io_errc::not_running);
    a.start();
    EXPECT_EQ(a.send_with_timestamp(payload, event, 1), rtp_io_errc::no_remote);
    std::array<std::byte, 1600> big{};
    a.set_remote(udp::endpoint{loopback, 9}, std::nullopt);
    EXPECT_EQ(a.send_with_timestamp(big, event, 1), rtp_io_errc::payload_too_large);
    EXPECT_EQ(a.stats().packets_sent, 0u);
}

TEST_F(RtpStreamTimestamps, SetRemoteSendsToTheNewAddress) {
    auto la = lease();
    auto lb = lease();
    auto lc = lease();
    RtpStreamConfig ca;
    ca.remote_rtp = udp::endpoint{loopback, lb.rtp_port()};
    RtpStream a{io.get_executor(), std::move(la), ca};
    RtpStream b{io.get_executor(), std::move(lb), RtpStreamConfig{}};
    RtpStream c{io.get_executor(), std::move(lc), RtpStreamConfig{}};
    std::vector<Seen> at_b, at_c;
    collect(b, at_b);
    collect(c, at_c);
    a.start();
    b.start();
    c.start();
    ASSERT_FALSE(a.send(payload, audio, 160));
    ASSERT_TRUE(run_until([&] { return at_b.size() == 1; }));
    a.set_remote(udp::endpoint{loopback, c.local_rtp_port()}, std::nullopt);
    EXPECT_EQ(a.remote_rtp(), (udp::endpoint{loopback, c.local_rtp_port()}));
    ASSERT_FALSE(a.send(payload, audio, 160));
    ASSERT_TRUE(run_until([&] { return at_c.size() == 1; }));
    EXPECT_EQ(at_b.size(), 1u);
}

}  // namespace
}  // namespace sessioncore::media
