// AudioChannel over UDP on 127.0.0.1 (ports 44000-44199): two channels on one io_context wired
// to each other, or one channel against a plain socket that reads or writes raw RTP. Tones go
// both ways through every codec and are checked by their dominant frequency; DTMF, mute,
// directions, a codec change mid-call, the RTP timeout, unknown payload types, loss and
// jitter figures, and teardown with the ports given back.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <gtest/gtest.h>

#include <sessioncore/media/audio_channel.hpp>
#include <sessioncore/media/callback_sink.hpp>
#include <sessioncore/media/callback_source.hpp>
#include <sessioncore/media/codec_factory.hpp>
#include <sessioncore/media/tone_source.hpp>
#include <sessioncore/rtp/packet.hpp>
#include <sessioncore/rtp/telephone_event.hpp>

#include "signal_analysis.hpp"

namespace sessioncore::media {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using namespace std::chrono_literals;

const asio::ip::address loopback = asio::ip::make_address("127.0.0.1");
constexpr std::uint8_t event_pt = 101;

struct CodecCase {
    const char* name;
    std::uint32_t clock_rate;
    std::uint32_t channels;
    std::uint8_t payload_type;
};
constexpr CodecCase pcmu{"PCMU", 8000, 1, 0};
constexpr CodecCase pcma{"PCMA", 8000, 1, 8};
constexpr CodecCase g722{"G722", 8000, 1, 9};
constexpr CodecCase opus{"opus", 48000, 2, 111};

// What one side heard and was told.
struct Side {
    std::unique_ptr<AudioChannel> channel;
    std::vector<std::int16_t> heard;
    int heard_rate = 8000;
    std::vector<ReceivedDigit> digits;
    int timeouts = 0;
    int qualities = 0;
    int finished = 0;
    std::optional<AudioChannelStats> last_quality;
};

double rms(std::span<const std::int16_t> x) {
    double sum = 0;
    for (auto s : x)
        sum += static_cast<double>(s) * s;
    return x.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(x.size()));
}

// The frequency with the most power in 5 Hz steps: a Goertzel filter over half a second is a
// couple of Hz wide, so a coarser grid would miss 440 Hz between its bins and let noise win.
double dominant(std::span<const std::int16_t> x, double rate) {
    double best = 0.0, best_power = -1.0;
    for (double hz = 100.0; hz < 0.45 * rate; hz += 5.0) {
        const double p = test::goertzel_power(x, hz, rate);
        if (p > best_power) {
            best_power = p;
            best = hz;
        }
    }
    return best;
}

// The last `seconds` of what a side heard.
std::span<const std::int16_t> tail(const Side& side, double seconds) {
    const auto n = static_cast<std::size_t>(seconds * side.heard_rate);
    std::span<const std::int16_t> all(side.heard);
    return all.size() <= n ? all : all.last(n);
}

std::unique_ptr<AudioSource> tone(int rate, double hz,
                                  std::optional<std::chrono::milliseconds> length = {}) {
    auto t = ToneSource::create(
        {.sample_rate = rate, .frequency_hz = hz, .level_dbfs = -10, .duration = length});
    EXPECT_TRUE(t);
    return std::make_unique<ToneSource>(std::move(*t));
}

// A raw RTP packet as a plain socket saw it.
struct Wire {
    bool marker;
    std::uint8_t type;
    std::uint16_t seq;
    std::uint32_t timestamp;
    std::vector<std::byte> payload;
};

class AudioChannelLoopback : public ::testing::Test {
protected:
    RtpPortLease lease() {
        auto l = allocator.allocate(io.get_executor(), loopback);
        EXPECT_TRUE(l) << l.error().message();
        return std::move(*l);
    }

    static AudioChannelConfig config_for(const CodecCase& c) {
        AudioChannelConfig config;
        config.encoding_name = c.name;
        config.clock_rate = c.clock_rate;
        config.channels = c.channels;
        config.payload_type = c.payload_type;
        config.telephone_event_payload_type = event_pt;
        config.rtcp_min_interval = 100ms;
        return config;
    }

    AudioChannelHandlers handlers_for(Side& side) {
        AudioChannelHandlers h;
        h.on_dtmf = [&side](const ReceivedDigit& d) { side.digits.push_back(d); };
        h.on_rtp_timeout = [&side] { ++side.timeouts; };
        h.on_quality = [&side](const AudioChannelStats& s) {
            ++side.qualities;
            side.last_quality = s;
        };
        h.on_source_finished = [&side] { ++side.finished; };
        return h;
    }

    void make_channel(Side& side, RtpPortLease l, AudioChannelConfig config, int sink_rate) {
        auto made = AudioChannel::create(io.get_executor(), std::move(l), std::move(config),
                                         handlers_for(side));
        ASSERT_TRUE(made) << made.error();
        side.channel = std::move(*made);
        side.heard_rate = sink_rate;
        side.channel->set_sink(
            std::make_unique<CallbackSink>(sink_rate, [&side](std::span<const std::int16_t> frame) {
                side.heard.insert(side.heard.end(), frame.begin(), frame.end());
                return boost::system::error_code{};
            }));
    }

    // Two channels sending to each other; `edit` adjusts each side's configuration.
    void make_pair(AudioChannelConfig ca, AudioChannelConfig cb, int rate_a = 8000,
                   int rate_b = 8000) {
        auto la = lease();
        auto lb = lease();
        ca.remote_rtp = udp::endpoint{loopback, lb.rtp_port()};
        cb.remote_rtp = udp::endpoint{loopback, la.rtp_port()};
        make_channel(a, std::move(la), std::move(ca), rate_a);
        make_channel(b, std::move(lb), std::move(cb), rate_b);
    }

    void run_for(Duration d) {
        const auto end = std::chrono::steady_clock::now() + d;
        while (std::chrono::steady_clock::now() < end) {
            io.restart();
            io.run_for(5ms);
        }
    }
    bool run_until(const std::function<bool()>& done, Duration limit = 3s) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (!done() && std::chrono::steady_clock::now() < end) {
            io.restart();
            io.run_for(5ms);
        }
        return done();
    }

    // A plain socket that collects every RTP packet sent to it.
    void capture(udp::socket& socket, std::vector<Wire>& into) {
        socket.async_receive_from(
            asio::buffer(raw_buffer), raw_from,
            [this, &socket, &into](const boost::system::error_code& ec, std::size_t n) {
                if (ec)
                    return;
                const auto p = rtp::parse_rtp(std::span<const std::byte>(raw_buffer.data(), n));
                if (p)
                    into.push_back({p->marker,
                                    p->payload_type.value,
                                    p->sequence_number,
                                    p->timestamp,
                                    {p->payload.begin(), p->payload.end()}});
                capture(socket, into);
            });
    }
    // Channel A (PCMU) sending to a plain socket that collects what it sends; returns A's
    // configuration for later update()s.
    AudioChannelConfig channel_sending_to(udp::socket& peer, std::vector<Wire>& wire) {
        capture(peer, wire);
        auto config = config_for(pcmu);
        config.remote_rtp = peer.local_endpoint();
        make_channel(a, lease(), config, 8000);
        return config;
    }
    static void send_raw(udp::socket& from, std::uint16_t to_port, std::uint8_t type,
                         std::uint16_t seq, std::uint32_t timestamp, std::uint32_t ssrc,
                         std::span<const std::byte> payload) {
        std::array<std::byte, 1500> buffer{};
        rtp::RtpPacketSpec spec;
        spec.payload_type = rtp::PayloadType{type};
        spec.sequence_number = seq;
        spec.timestamp = timestamp;
        spec.ssrc = rtp::Ssrc{ssrc};
        spec.payload = payload;
        const auto size = rtp::encode_to(spec, buffer);
        ASSERT_TRUE(size);
        from.send_to(asio::buffer(buffer.data(), *size), udp::endpoint{loopback, to_port});
    }

    asio::io_context io;
    RtpPortAllocator allocator{{44000, 44199}};
    Side a, b;
    std::array<std::byte, 2048> raw_buffer{};
    udp::endpoint raw_from;
};

// --- Audio both ways through every codec.

class AudioChannelCodecs : public AudioChannelLoopback,
                           public ::testing::WithParamInterface<CodecCase> {};

TEST_P(AudioChannelCodecs, TonesCrossBothWays) {
    const CodecCase c = GetParam();
    // A's source and B's sink at 16 kHz, the others at 8 kHz: every codec meets a resampler.
    make_pair(config_for(c), config_for(c), 8000, 16000);
    a.channel->set_source(tone(16000, 1000));
    b.channel->set_source(tone(8000, 440));
    a.channel->start();
    b.channel->start();
    run_for(1200ms);
    ASSERT_GT(a.heard.size(), 8000u);
    ASSERT_GT(b.heard.size(), 16000u);
    const auto at_b = tail(b, 0.5);
    const auto at_a = tail(a, 0.5);
    EXPECT_NEAR(dominant(at_b, 16000), 1000.0, 10.0);
    EXPECT_NEAR(dominant(at_a, 8000), 440.0, 10.0);
    EXPECT_GT(rms(at_b), 2000.0);  // -10 dBFS peak is about 7300 RMS; a codec loses little
    EXPECT_GT(rms(at_a), 2000.0);
    const auto sb = b.channel->stats();
    EXPECT_EQ(sb.codec, c.name);
    EXPECT_GT(sb.rtp.packets_received, 40u);
    EXPECT_GT(sb.jitter_buffer.played, 40u);
    EXPECT_EQ(sb.unknown_payload, 0u);
}

INSTANTIATE_TEST_SUITE_P(Codecs, AudioChannelCodecs, ::testing::Values(pcmu, pcma, g722, opus),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// --- RFC 4733.

TEST_F(AudioChannelLoopback, DtmfDigitsArriveInOrderWithTheirDuration) {
    make_pair(config_for(pcmu), config_for(pcmu));
    a.channel->set_source(tone(8000, 1000));
    a.channel->start();
    b.channel->start();
    run_for(100ms);
    ASSERT_TRUE(a.channel->send_dtmf("1234#*", {.duration = 100ms, .gap = 60ms}));
    ASSERT_TRUE(run_until([&] { return b.digits.size() == 6; }));
    std::string keys;
    for (const auto& d : b.digits) {
        keys += d.key;
        EXPECT_GE(d.duration, 80ms) << d.key;  // the duration sent, within one packet
        EXPECT_LE(d.duration, 120ms) << d.key;
    }
    EXPECT_EQ(keys, "1234#*");
    run_for(100ms);
    EXPECT_EQ(a.channel->stats().dtmf_sent, 6u);
    EXPECT_EQ(b.channel->stats().dtmf_received, 6u);
    // The tone goes on after the digits.
    EXPECT_NEAR(dominant(tail(b, 0.08), 8000), 1000.0, 10.0);
}

TEST_F(AudioChannelLoopback, DtmfGoesOutOnTheAudioTimestampLine) {
    udp::socket peer{io, udp::endpoint{loopback, 0}};
    std::vector<Wire> wire;
    auto config = channel_sending_to(peer, wire);
    a.channel->start();
    run_for(100ms);
    ASSERT_TRUE(a.channel->send_dtmf("5", {.duration = 100ms, .gap = 60ms}));
    ASSERT_TRUE(run_until([&] {
        return std::count_if(wire.begin(), wire.end(), [](const Wire& w) {
                   return w.type == event_pt;
               }) == 7;  // 100 ms: four updates, three end reports
    }));
    run_for(100ms);
    a.channel->stop();
    const auto first_event =
        std::find_if(wire.begin(), wire.end(), [](const Wire& w) { return w.type == event_pt; });
    ASSERT_NE(first_event, wire.begin());
    ASSERT_NE(first_event, wire.end());
    const auto before = *(first_event - 1);
    EXPECT_TRUE(first_event->marker);
    // The event starts where the next audio frame would have.
    EXPECT_EQ(first_event->timestamp, before.timestamp + 160u);
    for (auto it = first_event; it != first_event + 7; ++it) {
        ASSERT_EQ(it->type, event_pt);
        EXPECT_EQ(it->timestamp, first_event->timestamp);
        EXPECT_EQ(it != first_event, !it->marker);
        const auto ev = rtp::parse_telephone_event(it->payload);
        ASSERT_TRUE(ev);
        EXPECT_EQ(ev->event, 5);
    }
    // Audio resumes with the marker, at the time that elapsed: seven frames after the start.
    const auto resumed = first_event + 7;
    ASSERT_NE(resumed, wire.end());
    EXPECT_EQ(resumed->type, 0);
    EXPECT_TRUE(resumed->marker);
    EXPECT_EQ(resumed->timestamp, first_event->timestamp + 7u * 160u);
    for (std::size_t i = 1; i < wire.size(); ++i)
        EXPECT_EQ(wire[i].seq, static_cast<std::uint16_t>(wire[i - 1].seq + 1));
}

TEST_F(AudioChannelLoopback, DtmfErrors) {
    auto no_events = config_for(pcmu);
    no_events.telephone_event_payload_type.reset();
    auto recv_only = config_for(pcmu);
    recv_only.direction = MediaDirection::RecvOnly;
    make_pair(no_events, recv_only);
    EXPECT_EQ(a.channel->send_dtmf("1").error(), errc::no_telephone_event);
    EXPECT_EQ(b.channel->send_dtmf("1").error(), errc::not_sending);
    ASSERT_TRUE(b.channel->update(config_for(pcmu)));
    EXPECT_EQ(b.channel->send_dtmf("12x").error(), errc::bad_dtmf_digit);
    EXPECT_EQ(b.channel->send_dtmf("").error(), errc::bad_dtmf_digit);
    EXPECT_TRUE(b.channel->send_dtmf("12aB*#"));
}

// --- Mute and directions.

TEST_F(AudioChannelLoopback, MuteSendsSilenceAndKeepsRtpFlowing) {
    make_pair(config_for(pcmu), config_for(pcmu));
    a.channel->set_source(tone(8000, 1000));
    a.channel->start();
    b.channel->start();
    run_for(400ms);
    EXPECT_GT(rms(tail(b, 0.2)), 2000.0);
    a.channel->set_muted(true);
    EXPECT_TRUE(a.channel->muted());
    const auto received = b.channel->stats().rtp.packets_received;
    run_for(400ms);
    EXPECT_LT(rms(tail(b, 0.2)), 50.0);
    EXPECT_GT(b.channel->stats().rtp.packets_received, received + 10);
    a.channel->set_muted(false);
    run_for(300ms);
    EXPECT_NEAR(dominant(tail(b, 0.1), 8000), 1000.0, 10.0);
}

struct DirectionCase {
    const char* name;
    MediaDirection a, b;
    bool a_sends, b_sends;
};

TEST_F(AudioChannelLoopback, DirectionsAreHonoured) {
    constexpr DirectionCase cases[] = {
        {"sendrecv", MediaDirection::SendRecv, MediaDirection::SendRecv, true, true},
        {"sendonly", MediaDirection::SendOnly, MediaDirection::RecvOnly, true, false},
        {"recvonly", MediaDirection::RecvOnly, MediaDirection::SendOnly, false, true},
        {"inactive", MediaDirection::Inactive, MediaDirection::Inactive, false, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        a = Side{};
        b = Side{};
        auto ca = config_for(pcmu);
        auto cb = config_for(pcmu);
        ca.direction = c.a;
        cb.direction = c.b;
        make_pair(ca, cb);
        a.channel->set_source(tone(8000, 1000));
        b.channel->set_source(tone(8000, 440));
        a.channel->start();
        b.channel->start();
        run_for(400ms);
        const auto sa = a.channel->stats();
        const auto sb = b.channel->stats();
        EXPECT_EQ(sa.rtp.packets_sent > 0, c.a_sends);
        EXPECT_EQ(sb.rtp.packets_sent > 0, c.b_sends);
        // What arrives is heard only where the direction receives.
        EXPECT_EQ(sb.jitter_buffer.received > 0, c.a_sends && receives(c.b));
        EXPECT_EQ(sa.jitter_buffer.received > 0, c.b_sends && receives(c.a));
        a.channel.reset();
        b.channel.reset();
        EXPECT_EQ(allocator.leased(), 0u);
    }
}

TEST_F(AudioChannelLoopback, MarkerAndTimestampsAcrossMuteAndHold) {
    udp::socket peer{io, udp::endpoint{loopback, 0}};
    std::vector<Wire> wire;
    auto config = channel_sending_to(peer, wire);
    a.channel->set_source(tone(8000, 1000));
    a.channel->start();
    run_for(150ms);
    a.channel->set_muted(true);
    run_for(100ms);
    const auto before_unmute = wire.size();
    a.channel->set_muted(false);
    run_for(100ms);
    const auto before_hold = wire.size();
    auto held = config;
    held.direction = MediaDirection::Inactive;
    ASSERT_TRUE(a.channel->update(held));
    run_for(100ms);
    const auto during_hold = wire.size();
    ASSERT_TRUE(a.channel->update(config));
    run_for(100ms);
    a.channel->stop();
    ASSERT_GT(wire.size(), during_hold + 2);
    // Markers: the first packet, the first after unmuting, the first after the hold (and, on
    // a machine so loaded that the clock skipped ahead, the first after each skip).
    auto marker_in = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < std::min(to, wire.size()); ++i) {
            if (wire[i].marker)
                return true;
        }
        return false;
    };
    EXPECT_TRUE(wire[0].marker);
    EXPECT_TRUE(marker_in(before_unmute, before_hold + 1));
    EXPECT_TRUE(marker_in(during_hold - 1, wire.size()));  // one may be in flight at the hold
    // Timestamps move one frame per packet, except where the line skipped time unsent (the
    // hold, a late clock): there the marker starts the new talk spurt.
    int jumps = 0, markers_without_jump = 0;
    for (std::size_t i = 1; i < wire.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(wire[i].seq, static_cast<std::uint16_t>(wire[i - 1].seq + 1));
        const std::uint32_t step = wire[i].timestamp - wire[i - 1].timestamp;
        EXPECT_EQ(step % 160u, 0u);
        if (step > 160u) {
            ++jumps;
            EXPECT_TRUE(wire[i].marker);
        } else if (wire[i].marker) {
            ++markers_without_jump;
        }
    }
    EXPECT_GE(jumps, 1);                 // the hold
    EXPECT_LE(markers_without_jump, 1);  // unmuting's, unless a skip fell on the same packet
}

// --- A re-offer.

TEST_F(AudioChannelLoopback, CodecChangeMidCallKeepsAudio) {
    make_pair(config_for(pcmu), config_for(pcmu));
    a.channel->set_source(tone(8000, 1000));
    a.channel->start();
    b.channel->start();
    run_for(400ms);
    const auto port = a.channel->local_rtp_port();
    auto to_g722 = [](AudioChannelConfig c) {
        c.encoding_name = "G722";
        c.payload_type = 9;
        return c;
    };
    ASSERT_TRUE(a.channel->update(to_g722(a.channel->config())));
    ASSERT_TRUE(b.channel->update(to_g722(b.channel->config())));
    const auto heard_before = b.heard.size();
    run_for(600ms);
    EXPECT_EQ(a.channel->local_rtp_port(), port);
    EXPECT_EQ(b.channel->stats().codec, "G722");
    EXPECT_GT(b.channel->stats().jitter_buffer.played, 15u);  // the new buffer plays
    ASSERT_GT(b.heard.size(), heard_before + 4000);
    EXPECT_NEAR(dominant(tail(b, 0.3), 8000), 1000.0, 10.0);
    EXPECT_GT(rms(tail(b, 0.3)), 2000.0);
    // A codec the factory refuses changes nothing.
    auto bad = b.channel->config();
    bad.encoding_name = "GSM";
    EXPECT_EQ(b.channel->update(bad).error(), errc::unknown_codec);
    EXPECT_EQ(b.channel->config().encoding_name, "G722");
}

// --- Timeouts, quality, sources.

TEST_F(AudioChannelLoopback, RtpTimeoutFiresOnceWhenThePeerStopsAndRearms) {
    auto cb = config_for(pcmu);
    cb.rtp_timeout = 300ms;
    make_pair(config_for(pcmu), cb);
    a.channel->start();
    b.channel->start();
    run_for(500ms);
    EXPECT_EQ(b.timeouts, 0);  // the peer sends
    auto quiet = a.channel->config();
    quiet.direction = MediaDirection::RecvOnly;
    ASSERT_TRUE(a.channel->update(quiet));
    ASSERT_TRUE(run_until([&] { return b.timeouts == 1; }, 2s));
    run_for(500ms);
    EXPECT_EQ(b.timeouts, 1);  // once
    quiet.direction = MediaDirection::SendRecv;
    ASSERT_TRUE(a.channel->update(quiet));
    run_for(300ms);
    EXPECT_EQ(b.timeouts, 1);
    // The peer stops again (not by stop(): B would go on sending to a freed port, which a
    // test running in parallel may have bound by then).
    quiet.direction = MediaDirection::Inactive;
    ASSERT_TRUE(a.channel->update(quiet));
    ASSERT_TRUE(run_until([&] { return b.timeouts == 2; }, 2s));  // re-armed by the packets
}

TEST_F(AudioChannelLoopback, QualityIsReportedPeriodicallyAndIsSane) {
    auto cb = config_for(pcmu);
    cb.quality_interval = 100ms;
    make_pair(config_for(pcmu), cb);
    a.channel->set_source(tone(8000, 1000));
    a.channel->start();
    b.channel->start();
    run_for(1000ms);
    EXPECT_GE(b.qualities, 7);
    EXPECT_LE(b.qualities, 11);
    ASSERT_TRUE(b.last_quality);
    const auto s = b.channel->stats();
    EXPECT_EQ(s.loss_percent, 0.0);  // nothing is lost on 127.0.0.1
    EXPECT_GE(s.jitter_ms, 0.0);
    EXPECT_LT(s.jitter_ms, 10.0);
    EXPECT_GT(s.r_factor, 85.0);
    EXPECT_LE(s.r_factor, 93.3);
    EXPECT_GT(s.mos, 4.1);
    EXPECT_EQ(a.qualities, 0);  // no interval: on demand only
}

TEST_F(AudioChannelLoopback, SourceFinishedIsReportedOnce) {
    make_pair(config_for(pcmu), config_for(pcmu));
    a.channel->set_source(tone(8000, 1000, 200ms));
    a.channel->start();
    b.channel->start();
    ASSERT_TRUE(run_until([&] { return a.finished == 1; }, 1s));
    run_for(200ms);
    EXPECT_EQ(a.finished, 1);
    EXPECT_LT(rms(tail(b, 0.1)), 50.0);  // silence after the tone
}

// --- The ptime clock, shared by the channels of one executor and period.

TEST_F(AudioChannelLoopback, ChannelsLeaveTheSharedClockFromInsideItsTick) {
    // `first` finishes its tone and, from that tick, destroys one channel ticked before it
    // and one after it, then stops itself; the pair a-b on the same clock goes on.
    make_pair(config_for(pcmu), config_for(pcmu));
    udp::socket peer{io, udp::endpoint{loopback, 0}};
    auto config = config_for(pcmu);
    config.remote_rtp = peer.local_endpoint();
    std::unique_ptr<AudioChannel> before, first, after;
    AudioChannelHandlers handlers;
    int finished = 0;
    handlers.on_source_finished = [&] {
        ++finished;
        before.reset();
        after.reset();
        first->stop();
    };
    auto make = [&](AudioChannelHandlers h) {
        auto made = AudioChannel::create(io.get_executor(), lease(), config, std::move(h));
        EXPECT_TRUE(made);
        return made ? std::move(*made) : nullptr;
    };
    before = make({});
    first = make(handlers);
    after = make({});
    ASSERT_TRUE(before && first && after);
    first->set_source(tone(8000, 1000, 100ms));
    before->start();
    a.channel->start();
    first->start();
    b.channel->start();
    after->start();
    ASSERT_TRUE(run_until([&] { return finished == 1; }, 1s));
    EXPECT_FALSE(before);
    EXPECT_FALSE(after);
    const auto sent_by_first = first->stats().rtp.packets_sent;
    const auto received = b.channel->stats().rtp.packets_received;
    ASSERT_TRUE(
        run_until([&] { return b.channel->stats().rtp.packets_received >= received + 10; }));
    EXPECT_EQ(first->stats().rtp.packets_sent, sent_by_first);
    EXPECT_EQ(finished, 1);
}

TEST_F(AudioChannelLoopback, PtimeChangeMovesToTheClockOfTheNewPeriod) {
    // From 20 ms to 40 ms frames mid-call: 320-octet PCMU payloads, 25 a second, not 50.
    udp::socket peer{io, udp::endpoint{loopback, 0}};
    std::vector<Wire> wire;
    auto config = channel_sending_to(peer, wire);
    a.channel->start();
    ASSERT_TRUE(run_until([&] { return wire.size() >= 5; }));
    config.ptime = 40ms;
    ASSERT_TRUE(a.channel->update(config));
    run_for(100ms);  // the packets of the old period drain
    const std::size_t from = wire.size();
    run_for(1s);
    const std::size_t count = wire.size() - from;
    EXPECT_GE(count, 5u);
    EXPECT_LE(count, 35u);  // 50 if it still ticked every 20 ms
    for (std::size_t i = from; i < wire.size(); ++i) {
        EXPECT_EQ(wire[i].payload.size(), 320u) << i;
        if (i > from) {
            EXPECT_EQ(wire[i].timestamp - wire[i - 1].timestamp, 320u) << i;
        }
    }
}

// --- Packets from a plain socket.

TEST_F(AudioChannelLoopback, UnknownPayloadTypesAreCountedAndDropped) {
    udp::socket peer{io, udp::endpoint{loopback, 0}};
    auto config = config_for(pcmu);
    config.remote_rtp = peer.local_endpoint();
    make_channel(b, lease(), config, 8000);
    b.channel->start();
    const std::array<std::byte, 160> payload{};
    for (std::uint16_t i = 0; i < 3; ++i)
        send_raw(peer, b.channel->local_rtp_port(), 98, i, 160u * i, 7, payload);
    send_raw(peer, b.channel->local_rtp_port(), 0, 3, 480, 7, payload);
    ASSERT_TRUE(run_until([&] { return b.channel->stats().rtp.packets_received == 4; }));
    const auto s = b.channel->stats();
    EXPECT_EQ(s.unknown_payload, 3u);
    EXPECT_EQ(s.jitter_buffer.received, 1u);
}

TEST_F(AudioChannelLoopback, LossIsCountedOverExpected) {
    udp::socket peer{io, udp::endpoint{loopback, 0}};
    auto config = config_for(pcmu);
    config.remote_rtp = peer.local_endpoint();
    make_channel(b, lease(), config, 8000);
    b.channel->start();
    const std::array<std::byte, 160> payload{};
    int sent = 0;
    for (std::uint16_t i = 0; i < 50; ++i) {
        if (i % 10 == 5)
            continue;  // 5 of 50 lost
        send_raw(peer, b.channel->local_rtp_port(), 0, i, 160u * i, 7, payload);
        ++sent;
    }
    ASSERT_TRUE(run_until([&] {
        return b.channel->stats().rtp.packets_received == static_cast<std::uint64_t>(sent);
    }));
    const auto s = b.channel->stats();
    EXPECT_NEAR(s.loss_percent, 10.0, 0.01);
    EXPECT_LT(s.r_factor, 93.2 - 5.0);  // loss impairs
}

TEST_F(AudioChannelLoopback, NewRemoteSsrcResyncsPlayout) {
    udp::socket peer{io, udp::endpoint{loopback, 0}};
    auto config = config_for(pcmu);
    config.remote_rtp = peer.local_endpoint();
    make_channel(b, lease(), config, 8000);
    b.channel->start();
    std::array<std::byte, 160> payload{};
    payload.fill(std::byte{0x80});  // a loud µ-law level, so played audio is not silence
    // Paced 20 ms packets from one source, then from another with unrelated bases.
    auto send_paced = [&](std::uint32_t ssrc, std::uint16_t seq0, std::uint32_t ts0, int n) {
        for (int i = 0; i < n; ++i) {
            send_raw(peer, b.channel->local_rtp_port(), 0, static_cast<std::uint16_t>(seq0 + i),
                     ts0 + 160u * static_cast<std::uint32_t>(i), ssrc, payload);
            run_for(20ms);
        }
    };
    send_paced(1, 100, 1000, 15);
    send_paced(2, 40000, 3'000'000'000u, 15);
    run_for(100ms);
    const auto s = b.channel->stats();
    EXPECT_EQ(s.rtp.ssrc_changes, 1u);
    EXPECT_EQ(s.jitter_buffer.resyncs, 1u);
    EXPECT_GE(s.jitter_buffer.played, 24u);  // both sources' packets are played
    EXPECT_GT(rms(tail(b, 0.1)), 1000.0);
}

// --- Opus in-band FEC (RFC 6716 §2.1.7) across a lossy path.

// Forwards A's RTP (payload type `type` only, so RTCP and stray packets stay out) from a
// plain socket to B's port, dropping every `drop_every`-th packet once `spare` have passed.
struct LossyForwarder {
    explicit LossyForwarder(asio::io_context& io) : socket(io, udp::endpoint{loopback, 0}) {}

    udp::socket socket;
    std::uint16_t to_port = 0;
    std::uint8_t type = 0;
    int drop_every = 10;
    int spare = 25;
    int forwarded = 0;
    int dropped = 0;
    // Drops whose next packet carries FEC for them, as the decoder reads that packet.
    int protected_drops = 0;
    std::function<bool(std::span<const std::byte>)> carries_fec;
    bool after_drop = false;
    std::array<std::byte, 2048> buffer{};
    udp::endpoint from;

    void run() {
        socket.async_receive_from(
            asio::buffer(buffer), from, [this](const boost::system::error_code& ec, std::size_t n) {
                if (ec)
                    return;
                const bool rtp_of_type =
                    n > 12 && (std::to_integer<std::uint8_t>(buffer[1]) & 0x7f) == type;
                const int seen = forwarded + dropped;
                if (rtp_of_type && seen >= spare && seen % drop_every == 0) {
                    ++dropped;
                    after_drop = true;
                } else if (rtp_of_type) {
                    ++forwarded;
                    const auto p = rtp::parse_rtp(std::span<const std::byte>(buffer.data(), n));
                    if (after_drop && p && carries_fec(p->payload))
                        ++protected_drops;
                    after_drop = false;
                    boost::system::error_code ignored;
                    socket.send_to(asio::buffer(buffer.data(), n), udp::endpoint{loopback, to_port},
                                   0, ignored);
                }
                run();
            });
    }
};

TEST_F(AudioChannelLoopback, OpusInBandFecRebuildsFramesLostOnThePath) {
    // Twice over the same lossy path: the receiver asks for FEC (useinbandfec=1 in its fmtp,
    // which is what A's encoder follows), then does not. Only the first run rebuilds frames.
    struct Outcome {
        JitterBufferStats jitter_buffer;
        int dropped = 0;
        int protected_drops = 0;
    };
    auto run = [&](const char* fmtp, Outcome& result) {
        Side sender, receiver;
        LossyForwarder path{io};
        auto ls = lease();
        auto lr = lease();
        auto cs = config_for(opus);
        cs.fmtp = fmtp;
        cs.direction = MediaDirection::SendOnly;
        cs.remote_rtp = path.socket.local_endpoint();
        auto cr = config_for(opus);
        cr.direction = MediaDirection::RecvOnly;
        cr.remote_rtp = path.socket.local_endpoint();
        path.to_port = lr.rtp_port();
        auto reader = make_decoder({"opus", 48000, 2, fmtp});
        ASSERT_TRUE(reader);
        path.carries_fec = [&reader](std::span<const std::byte> payload) {
            return (*reader)->carries_fec(payload);
        };
        path.type = opus.payload_type;
        make_channel(sender, std::move(ls), cs, 16000);
        make_channel(receiver, std::move(lr), cr, 16000);
        std::size_t at = 0;
        sender.channel->set_source(
            std::make_unique<CallbackSource>(16000, [&at](std::span<std::int16_t> frame) {
                const auto w = test::warble(440.0, 16000.0, frame.size(), 10000.0, at);
                std::copy(w.begin(), w.end(), frame.begin());
                at += frame.size();
                return frame.size();
            }));
        path.run();
        sender.channel->start();
        receiver.channel->start();
        run_for(2500ms);
        auto stats = receiver.channel->stats();
        const auto heard = tail(receiver, 1.0);
        EXPECT_NEAR(dominant(heard, 16000), 440.0, 90.0) << fmtp;  // the warble's range
        EXPECT_GT(rms(heard), 1000.0) << fmtp;
        sender.channel->stop();
        receiver.channel->stop();
        path.socket.close();
        run_for(20ms);
        EXPECT_GE(path.dropped, 8) << fmtp;
        result = {stats.jitter_buffer, path.dropped, path.protected_drops};
    };
    Outcome with_fec, without_fec;
    run("useinbandfec=1", with_fec);
    run("", without_fec);
    RecordProperty("dropped", with_fec.dropped);
    RecordProperty("protected_drops", with_fec.protected_drops);
    RecordProperty("fec_rebuilt", static_cast<int>(with_fec.jitter_buffer.fec));
    // Each drop is missing at playout. The first one teaches the buffer to keep the next
    // packet at hand (fec_lookahead); after it, every drop whose next packet carries FEC (the
    // encoder spends it on active speech only) is rebuilt; the rest are concealed.
    EXPECT_GE(with_fec.protected_drops, with_fec.dropped / 2);
    EXPECT_GE(with_fec.jitter_buffer.fec + 1, static_cast<std::uint64_t>(with_fec.protected_drops));
    EXPECT_LE(with_fec.jitter_buffer.fec, static_cast<std::uint64_t>(with_fec.protected_drops));
    EXPECT_GE(with_fec.jitter_buffer.concealed, static_cast<std::uint64_t>(with_fec.dropped));
    EXPECT_EQ(without_fec.protected_drops, 0);
    EXPECT_EQ(without_fec.jitter_buffer.fec, 0u);
    EXPECT_GE(without_fec.jitter_buffer.concealed, static_cast<std::uint64_t>(without_fec.dropped));
}

// --- Teardown.

TEST_F(AudioChannelLoopback, StopGivesThePortsBackAndIsIdempotent) {
    make_pair(config_for(pcmu), config_for(pcmu));
    EXPECT_EQ(allocator.leased(), 2u);
    a.channel->start();
    b.channel->start();
    run_for(200ms);
    a.channel->stop();
    a.channel->stop();
    b.channel->stop();
    EXPECT_EQ(allocator.leased(), 0u);
    run_for(50ms);  // queued handlers run against stopped channels
    a.channel.reset();
    b.channel.reset();
    run_for(20ms);
}

TEST_F(AudioChannelLoopback, DestroyWithPacketsInFlight) {
    make_pair(config_for(opus), config_for(opus));
    a.channel->set_source(tone(8000, 1000));
    b.channel->set_source(tone(8000, 440));
    a.channel->start();
    b.channel->start();
    run_for(200ms);
    // Datagrams are queued both ways and receive handlers pending on both sockets. B goes at
    // once too: left running, it would send into A's freed port, which a test in another
    // process may have bound meanwhile.
    a.channel.reset();
    b.channel.reset();
    EXPECT_EQ(allocator.leased(), 0u);
    run_for(20ms);  // the aborted handlers run against the freed state
}

TEST_F(AudioChannelLoopback, CreateRefusesWhatTheFactoryRefuses) {
    auto config = config_for(pcmu);
    config.encoding_name = "speex";
    auto made = AudioChannel::create(io.get_executor(), lease(), config, {});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error(), errc::unknown_codec);
    config = config_for(opus);
    config.clock_rate = 8000;
    made = AudioChannel::create(io.get_executor(), lease(), config, {});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error(), errc::bad_clock_rate);
    config = config_for(pcmu);
    config.jitter_buffer.min_delay = 300ms;  // above max_delay
    made = AudioChannel::create(io.get_executor(), lease(), config, {});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error(), errc::bad_option);
    config = config_for(pcmu);
    config.ptime = 0ms;
    made = AudioChannel::create(io.get_executor(), lease(), config, {});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error(), errc::bad_ptime);
    config = config_for(pcmu);
    config.cname.clear();
    made = AudioChannel::create(io.get_executor(), lease(), config, {});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error(), errc::bad_option);
    EXPECT_EQ(allocator.leased(), 0u);  // the refused leases went back
}

}  // namespace
}  // namespace sessioncore::media
