// Quality figures from given counters: jitter in ms, loss over expected, the delay the
// E-model is given, and R and MOS moving the right way.
#include <gtest/gtest.h>

#include <sessioncore/media/channel_quality.hpp>

namespace sessioncore::media {
namespace {

using namespace std::chrono_literals;

ChannelQualityInput input(std::uint64_t received, std::int64_t lost) {
    ChannelQualityInput in;
    in.rtp.packets_received = received;
    in.rtp.cumulative_lost = lost;
    in.codec = codec_impairment::g711_with_plc;
    return in;
}

TEST(ChannelQuality, NothingReceivedIsNoLossAndTheModelsBest) {
    const auto q = compute_quality(ChannelQualityInput{});
    EXPECT_EQ(q.loss_percent, 0.0);
    EXPECT_EQ(q.jitter_ms, 0.0);
    EXPECT_FALSE(q.rtt_ms);
    EXPECT_DOUBLE_EQ(q.one_way_delay_ms, 20.0);  // one packet time
    // G.107 Table 3 defaults (93.2) less the little 20 ms of delay costs.
    EModelInput model;
    model.one_way_delay = std::chrono::duration<double, std::milli>(20.0);
    EXPECT_DOUBLE_EQ(q.r_factor, r_factor(model));
    EXPECT_GT(q.r_factor, 92.0);
    EXPECT_LE(q.r_factor, 93.2);
    EXPECT_GT(q.mos, 4.3);
}

TEST(ChannelQuality, LossIsLostOverExpected) {
    struct Case {
        const char* name;
        std::uint64_t received;
        std::int64_t lost;
        double percent;
    };
    constexpr Case cases[] = {
        {"none", 100, 0, 0.0},      {"ten_percent", 90, 10, 10.0}, {"half", 50, 50, 50.0},
        {"all_lost", 0, 20, 100.0}, {"duplicates", 105, -5, 0.0},  // §6.4.1: negative cumulative
                                                                   // loss
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_DOUBLE_EQ(compute_quality(input(c.received, c.lost)).loss_percent, c.percent);
    }
}

TEST(ChannelQuality, JitterIsInMillisecondsOfThePayloadClock) {
    auto in = input(100, 0);
    in.rtp.jitter = 80;
    EXPECT_DOUBLE_EQ(compute_quality(in).jitter_ms, 10.0);
    in.clock_rate = 48000;
    in.rtp.jitter = 480;
    EXPECT_DOUBLE_EQ(compute_quality(in).jitter_ms, 10.0);
    in.clock_rate = 0;  // not known: no figure rather than a division by zero
    EXPECT_DOUBLE_EQ(compute_quality(in).jitter_ms, 0.0);
}

TEST(ChannelQuality, DelayIsHalfTheRoundTripPlusPlayoutPlusPacketTime) {
    auto in = input(100, 0);
    in.rtp.rtt = 300ms;
    in.jitter_buffer.current_delay = 40ms;
    in.ptime = 30ms;
    const auto q = compute_quality(in);
    ASSERT_TRUE(q.rtt_ms);
    EXPECT_DOUBLE_EQ(*q.rtt_ms, 300.0);
    EXPECT_DOUBLE_EQ(q.one_way_delay_ms, 150.0 + 40.0 + 30.0);
    EModelInput model;
    model.one_way_delay = std::chrono::duration<double, std::milli>(220.0);
    model.codec = codec_impairment::g711_with_plc;
    EXPECT_DOUBLE_EQ(q.r_factor, r_factor(model));
    EXPECT_DOUBLE_EQ(q.mos, mos_from_r(q.r_factor));
    // A negative playout delay (a clock quirk) adds nothing.
    in.jitter_buffer.current_delay = -5ms;
    EXPECT_DOUBLE_EQ(compute_quality(in).one_way_delay_ms, 150.0 + 30.0);
}

TEST(ChannelQuality, MoreLossOrDelayRatesWorse) {
    const double clean = compute_quality(input(100, 0)).r_factor;
    const double lossy = compute_quality(input(95, 5)).r_factor;
    const double lossier = compute_quality(input(80, 20)).r_factor;
    EXPECT_LT(lossy, clean);
    EXPECT_LT(lossier, lossy);
    auto far = input(100, 0);
    far.rtp.rtt = 800ms;
    EXPECT_LT(compute_quality(far).r_factor, clean);
    // Without PLC the same loss costs more (G.113 Bpl 4.3 against 25.1).
    auto no_plc = input(95, 5);
    no_plc.codec = codec_impairment::g711_without_plc;
    EXPECT_LT(compute_quality(no_plc).r_factor, lossy);
}

TEST(ChannelQuality, ImpairmentPerCodec) {
    auto same = [](CodecImpairment a, CodecImpairment b) { return a.ie == b.ie && a.bpl == b.bpl; };
    EXPECT_TRUE(same(impairment_for(CodecKind::Pcmu), codec_impairment::g711_with_plc));
    EXPECT_TRUE(same(impairment_for(CodecKind::Pcma), codec_impairment::g711_with_plc));
    EXPECT_TRUE(same(impairment_for(CodecKind::G722), codec_impairment::g722));
    EXPECT_TRUE(same(impairment_for(CodecKind::Opus), codec_impairment::opus));
}

}  // namespace
}  // namespace sessioncore::media
