// Every codec through the factory: a sine through encode and decode keeps its frequency and a
// sensible SNR; bad frames and payloads get their exact errc; concealment and FEC behave.
#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/codec_factory.hpp>
#include <sessioncore/media/opus_params.hpp>

#include "signal_analysis.hpp"

namespace sessioncore::media {
namespace {

struct RoundTripCase {
    const char* name;
    CodecSpec spec;
    std::uint32_t sample_rate;
    std::uint32_t frame_rtp_units;
    double tone_hz;
    double min_snr_db;
};

// SNR floors: G.711 gives about 38 dB on a loud sine; G.722 at 64 kbit/s and Opus at their
// defaults well above 20 dB; the floors leave margin but fail on a broken codec path.
const RoundTripCase round_trip_cases[] = {
    {"pcmu", {"PCMU", 8000, 1, ""}, 8000, 160, 1000.0, 30.0},
    {"pcma", {"pcma", 8000, 1, ""}, 8000, 160, 1000.0, 30.0},
    {"g722", {"G722", 8000, 1, ""}, 16000, 160, 1000.0, 20.0},
    {"g722_high_band", {"G722", 8000, 1, ""}, 16000, 160, 5000.0, 10.0},
    {"opus",
     {"opus", 48000, 2, "useinbandfec=1; maxaveragebitrate=32000"},
     48000,
     960,
     1000.0,
     15.0},
};

TEST(CodecRoundTrip, SineKeepsFrequencyAndSnr) {
    for (const auto& c : round_trip_cases) {
        SCOPED_TRACE(c.name);
        auto enc = make_encoder(c.spec);
        auto dec = make_decoder(c.spec);
        ASSERT_TRUE(enc) << enc.error();
        ASSERT_TRUE(dec) << dec.error();
        const auto& info = (*enc)->info();
        EXPECT_EQ(info.sample_rate, c.sample_rate);
        EXPECT_EQ(info.frame_rtp_units(), c.frame_rtp_units);
        std::size_t n = info.frame_samples();
        std::vector<std::int16_t> decoded;
        std::vector<std::byte> payload((*enc)->max_payload_size());
        std::vector<std::int16_t> pcm(n);
        for (std::size_t f = 0; f < 50; ++f) {  // one second
            auto in = test::sine(c.tone_hz, c.sample_rate, n, 12000.0, f * n);
            auto bytes = (*enc)->encode(in, payload);
            ASSERT_TRUE(bytes) << bytes.error();
            auto samples = (*dec)->decode(std::span(payload).first(*bytes), pcm);
            ASSERT_TRUE(samples) << samples.error();
            ASSERT_EQ(*samples, n);
            decoded.insert(decoded.end(), pcm.begin(), pcm.end());
        }
        // The last half second: past any codec start-up and delay.
        std::span<const std::int16_t> tail(decoded.data() + decoded.size() / 2, decoded.size() / 2);
        EXPECT_NEAR(test::dominant_frequency(tail, c.sample_rate), c.tone_hz, 25.0);
        EXPECT_GT(test::sine_snr_db(tail, c.tone_hz, c.sample_rate), c.min_snr_db);
    }
}

TEST(CodecFactory, Errors) {
    struct Case {
        const char* name;
        CodecSpec spec;
        EncoderOptions options;
        errc expected;
    };
    const Case cases[] = {
        {"unknown", {"GSM", 8000, 1, ""}, {}, errc::unknown_codec},
        {"pcmu_16k", {"PCMU", 16000, 1, ""}, {}, errc::bad_clock_rate},
        {"g722_16k_clock", {"G722", 16000, 1, ""}, {}, errc::bad_clock_rate},
        {"opus_8k", {"opus", 8000, 2, ""}, {}, errc::bad_clock_rate},
        {"pcma_stereo", {"PCMA", 8000, 2, ""}, {}, errc::bad_channels},
        {"opus_three", {"opus", 48000, 3, ""}, {}, errc::bad_channels},
        {"opus_fec_2", {"opus", 48000, 2, "useinbandfec=2"}, {}, errc::bad_fmtp},
        {"opus_rate_text", {"opus", 48000, 2, "maxaveragebitrate=fast"}, {}, errc::bad_fmtp},
        {"opus_rate_low", {"opus", 48000, 2, "maxaveragebitrate=5999"}, {}, errc::bad_fmtp},
        {"opus_no_equals", {"opus", 48000, 2, "usedtx"}, {}, errc::bad_fmtp},
        {"opus_ptime_30",
         {"opus", 48000, 2, ""},
         {.ptime = std::chrono::milliseconds(30)},
         errc::bad_ptime},
        {"pcmu_ptime_5",
         {"PCMU", 8000, 1, ""},
         {.ptime = std::chrono::milliseconds(5)},
         errc::bad_ptime},
        {"opus_complexity", {"opus", 48000, 2, ""}, {.opus_complexity = 11}, errc::bad_option},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto enc = make_encoder(c.spec, c.options);
        ASSERT_FALSE(enc);
        EXPECT_EQ(enc.error(), c.expected);
    }
    auto dec = make_decoder({"opus", 48000, 2, "stereo=yes"});
    ASSERT_FALSE(dec);
    EXPECT_EQ(dec.error(), errc::bad_fmtp);
    EXPECT_EQ(make_error_code(errc::bad_fmtp).category().name(), std::string("sessioncore.media"));
}

TEST(OpusParams, ParsesRfc7587Parameters) {
    auto p = parse_opus_fmtp(" useinbandfec=1;usedtx=1 ; maxaveragebitrate=24000;minptime=10;");
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->use_inband_fec);
    EXPECT_TRUE(p->use_dtx);
    EXPECT_FALSE(p->stereo);
    ASSERT_TRUE(p->max_average_bitrate);
    EXPECT_EQ(*p->max_average_bitrate, 24000u);
}

TEST(CodecBadInput, WrongFrameShortBufferEmptyPayload) {
    const CodecSpec specs[] = {
        {"PCMU", 8000, 1, ""}, {"G722", 8000, 1, ""}, {"opus", 48000, 2, ""}};
    for (const auto& spec : specs) {
        SCOPED_TRACE(std::string(spec.encoding_name));
        auto enc = make_encoder(spec);
        auto dec = make_decoder(spec);
        ASSERT_TRUE(enc && dec);
        std::size_t n = (*enc)->info().frame_samples();
        std::vector<std::int16_t> pcm(n + 1);
        std::vector<std::byte> payload(4000);
        auto wrong = (*enc)->encode(std::span(pcm).first(n - 1), payload);
        ASSERT_FALSE(wrong);
        EXPECT_EQ(wrong.error(), errc::bad_frame_size);
        auto tiny = (*enc)->encode(std::span(pcm).first(n), std::span(payload).first(0));
        ASSERT_FALSE(tiny);
        EXPECT_EQ(tiny.error(), errc::buffer_too_small);
        auto empty = (*dec)->decode({}, pcm);
        ASSERT_FALSE(empty);
        EXPECT_EQ(empty.error(), errc::empty_payload);
        auto bytes = (*enc)->encode(std::span(pcm).first(n), payload);
        ASSERT_TRUE(bytes);
        auto short_out =
            (*dec)->decode(std::span(payload).first(*bytes), std::span(pcm).first(n / 2));
        ASSERT_FALSE(short_out);
        EXPECT_EQ(short_out.error(), errc::buffer_too_small);
    }
}

TEST(CodecBadInput, MalformedOpusPacket) {
    auto dec = make_decoder({"opus", 48000, 2, ""});
    ASSERT_TRUE(dec);
    std::vector<std::int16_t> pcm(960);
    // TOC code 3 (arbitrary frame count) needs a frame-count octet after it (RFC 6716 §3.2.5).
    const std::array<std::byte, 1> code3{std::byte{0x03}};
    auto r = (*dec)->decode(code3, pcm);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::bad_payload);
    auto odd = (*dec)->conceal(std::span(pcm).first(100));  // not whole 2.5 ms
    ASSERT_FALSE(odd);
    EXPECT_EQ(odd.error(), errc::bad_frame_size);
}

TEST(CodecConcealment, G711RepeatsThenFadesToSilence) {
    auto enc = make_encoder({"PCMA", 8000, 1, ""});
    auto dec = make_decoder({"PCMA", 8000, 1, ""});
    ASSERT_TRUE(enc && dec);
    auto tone = test::sine(1000.0, 8000.0, 160, 10000.0);
    std::array<std::byte, 160> payload{};
    std::array<std::int16_t, 160> good{}, lost{};
    ASSERT_TRUE((*enc)->encode(tone, payload));
    ASSERT_TRUE((*dec)->decode(payload, good));
    ASSERT_TRUE((*dec)->conceal(lost));
    EXPECT_EQ(lost[0], good[0]);  // the repeat starts at full level
    EXPECT_NEAR(test::dominant_frequency(lost, 8000.0), 1000.0, 25.0);
    double first = test::goertzel_power(lost, 1000.0, 8000.0);
    ASSERT_TRUE((*dec)->conceal(lost));
    EXPECT_LT(test::goertzel_power(lost, 1000.0, 8000.0), first);  // fading
    ASSERT_TRUE((*dec)->conceal(lost));
    ASSERT_TRUE((*dec)->conceal(lost));  // past 60 ms
    for (auto s : lost)
        ASSERT_EQ(s, 0);
}

// `frames` 20 ms frames of a 440 Hz `signal` (test::sine or test::warble) encoded for `spec`
// by an encoder that expects 20 % loss (so it spends bits on FEC when asked for it), one
// packet each; stops at the first failure, which it reports.
template <class Signal>
std::vector<std::vector<std::byte>> encode_opus(const CodecSpec& spec, std::size_t frames,
                                                Signal signal) {
    std::vector<std::vector<std::byte>> packets;
    auto enc = make_encoder(spec, {.opus_expected_loss_percent = 20});
    EXPECT_TRUE(enc);
    std::vector<std::byte> buf(4000);
    for (std::size_t f = 0; enc && f < frames; ++f) {
        const auto in = signal(440.0, 48000.0, 960, 12000.0, f * 960);
        const auto n = (*enc)->encode(in, buf);
        EXPECT_TRUE(n);
        if (!n)
            break;
        packets.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
    }
    return packets;
}

TEST(CodecConcealment, OpusFecRecoversALostFrameBetterThanPlc) {
    const CodecSpec spec{"opus", 48000, 2, "useinbandfec=1"};
    const auto packets = encode_opus(spec, 30, test::sine);
    ASSERT_EQ(packets.size(), 30u);
    auto run = [&](bool fec) {
        auto dec = make_decoder(spec);
        std::vector<std::int16_t> pcm(960);
        for (std::size_t f = 0; f < 20; ++f)
            EXPECT_TRUE((*dec)->decode(packets[f], pcm));
        // Frame 20 is lost; 21 arrives.
        auto r = fec ? (*dec)->decode_fec(packets[21], pcm) : (*dec)->conceal(pcm);
        EXPECT_TRUE(r);
        EXPECT_EQ(r ? *r : 0, 960u);
        return test::sine_snr_db(pcm, 440.0, 48000.0);
    };
    EXPECT_TRUE(make_decoder(spec).value()->has_fec());
    double with_fec = run(true);
    EXPECT_GT(with_fec, 10.0);
    EXPECT_GE(with_fec, run(false));
}

// Which packets carry FEC is read from their first SILK header bits. The oracle: libopus's
// decode_fec output differs from its plain concealment exactly when the packet has LBRR data.
TEST(CodecConcealment, OpusCarriesFecOnlyWhenTheEncoderPutsItIn) {
    auto count_fec = [](const char* fmtp) {
        const CodecSpec spec{"opus", 48000, 2, fmtp};
        const auto packets = encode_opus(spec, 60, test::warble);
        EXPECT_EQ(packets.size(), 60u) << fmtp;
        int with = 0;
        for (std::size_t lost = 1; lost + 1 < packets.size(); ++lost) {
            auto fec = make_decoder(spec);
            auto plc = make_decoder(spec);
            std::vector<std::int16_t> a(960), b(960);
            for (std::size_t f = 0; f < lost; ++f) {
                EXPECT_TRUE((*fec)->decode(packets[f], a));
                EXPECT_TRUE((*plc)->decode(packets[f], b));
            }
            EXPECT_TRUE((*fec)->decode_fec(packets[lost + 1], a));
            EXPECT_TRUE((*plc)->conceal(b));
            const bool carries = (*fec)->carries_fec(packets[lost + 1]);
            EXPECT_EQ(carries, a != b) << fmtp << " packet " << lost + 1;
            with += carries ? 1 : 0;
        }
        return with;
    };
    // The encoder spends FEC on the frames it judges active speech: most, not all, of these.
    EXPECT_GE(count_fec("useinbandfec=1"), 29);  // of 58
    EXPECT_EQ(count_fec(""), 0);
    auto dec = make_decoder({"opus", 48000, 2, "useinbandfec=1"});
    ASSERT_TRUE(dec);
    EXPECT_FALSE((*dec)->carries_fec({}));
    // A CELT-only TOC (configuration 31) has no SILK layer, so no LBRR, whatever follows.
    const std::array<std::byte, 4> celt{std::byte{0xF8}, std::byte{0xFF}, std::byte{0xFF},
                                        std::byte{0xFF}};
    EXPECT_FALSE((*dec)->carries_fec(celt));
    // SILK-only 20 ms mono (configuration 1), code 0: VAD bit then the LBRR bit.
    const std::array<std::byte, 3> lbrr{std::byte{0x08}, std::byte{0x40}, std::byte{0x00}};
    const std::array<std::byte, 3> none{std::byte{0x08}, std::byte{0x80}, std::byte{0x00}};
    EXPECT_TRUE((*dec)->carries_fec(lbrr));
    EXPECT_FALSE((*dec)->carries_fec(none));
    // Stereo (TOC s bit): the side channel's LBRR bit comes after the mid channel's flags.
    const std::array<std::byte, 3> side{std::byte{0x0C}, std::byte{0x10}, std::byte{0x00}};
    EXPECT_TRUE((*dec)->carries_fec(side));
    // A code 3 packet that claims more frames than it holds is malformed.
    const std::array<std::byte, 2> bad{std::byte{0x0B}, std::byte{0x30}};
    EXPECT_FALSE((*dec)->carries_fec(bad));
}

}  // namespace
}  // namespace sessioncore::media
