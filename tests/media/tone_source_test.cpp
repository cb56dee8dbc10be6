#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/tone_detector.hpp>
#include <sessioncore/media/tone_source.hpp>

namespace sessioncore::media {
namespace {

using namespace std::chrono_literals;

std::vector<std::int16_t> read_frames(AudioSource& source, std::size_t frames, std::size_t n) {
    std::vector<std::int16_t> out;
    std::vector<std::int16_t> frame(n);
    for (std::size_t i = 0; i < frames; ++i) {
        source.read(frame);
        out.insert(out.end(), frame.begin(), frame.end());
    }
    return out;
}

TEST(ToneSource, FrequencyAndLevelAsDetected) {
    auto tone = ToneSource::create({.sample_rate = 8000, .frequency_hz = 1000, .level_dbfs = -12});
    ASSERT_TRUE(tone) << tone.error().message();
    auto samples = read_frames(*tone, 50, 160);
    auto detector = ToneDetector::create({.sample_rate = 8000, .frequencies_hz = {1000, 1400}});
    ASSERT_TRUE(detector);
    detector->process(samples);
    EXPECT_EQ(detector->blocks(), 50u);
    EXPECT_EQ(detector->blocks_with_tone(0), 50u);
    EXPECT_EQ(detector->blocks_with_tone(1), 0u);
    EXPECT_NEAR(detector->last_block()[0].tone_peak_dbfs, -12.0, 0.1);
    EXPECT_NEAR(level_dbfs(samples), -12.0 - 3.01, 0.05);  // a sine's RMS is its peak - 3.01 dB
    EXPECT_FALSE(tone->finished());
}

TEST(ToneSource, PhaseContinuesAcrossFrames) {
    // Read as odd-sized frames and as one block: the same waveform.
    ToneSourceOptions options{.sample_rate = 16000, .frequency_hz = 440, .level_dbfs = -6};
    auto a = ToneSource::create(options);
    auto b = ToneSource::create(options);
    ASSERT_TRUE(a && b);
    auto pieces = read_frames(*a, 37, 13);
    auto whole = read_frames(*b, 1, 37 * 13);
    EXPECT_EQ(pieces, whole);
    // And no step: neighbouring samples differ by at most the sine's slope, A·ω.
    double max_step = 32767 * std::pow(10, -6 / 20.0) * 2 * 3.14159265 * 440 / 16000 + 1;
    for (std::size_t i = 1; i < pieces.size(); ++i)
        ASSERT_LE(std::abs(pieces[i] - pieces[i - 1]), max_step) << i;
}

TEST(ToneSource, PeriodTableMatchesThePhasor) {
    // Whole hertz play from a table of one period, a hair off whole hertz from the phasor:
    // over a second, with a cadence, the two waveforms agree to the rounding of a sample.
    const ToneCadence cadence{.on = 300ms, .off = 200ms};
    auto table = ToneSource::create(
        {.frequency_hz = 440, .second_frequency_hz = 480, .level_dbfs = -9, .cadence = cadence});
    auto phasor = ToneSource::create({.frequency_hz = 440 + 1e-9,
                                      .second_frequency_hz = 480,
                                      .level_dbfs = -9,
                                      .cadence = cadence});
    ASSERT_TRUE(table && phasor);
    const auto a = read_frames(*table, 50, 161);
    const auto b = read_frames(*phasor, 50, 161);
    ASSERT_EQ(a.size(), b.size());
    int differing = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_LE(std::abs(a[i] - b[i]), 1) << i;
        differing += a[i] != b[i];
    }
    EXPECT_LT(differing, static_cast<int>(a.size()) / 10);
    EXPECT_EQ(table->position(), phasor->position());
}

TEST(ToneSource, DualToneHasBothFrequencies) {
    auto tone =
        ToneSource::create({.frequency_hz = 440, .second_frequency_hz = 480, .level_dbfs = -19});
    ASSERT_TRUE(tone);
    auto samples = read_frames(*tone, 20, 400);  // 50 ms blocks: 20 Hz resolution
    auto detector = ToneDetector::create(
        {.frequencies_hz = {440, 480, 1000}, .block_samples = 400, .min_energy_share = 0.3});
    ASSERT_TRUE(detector);
    detector->process(samples);
    EXPECT_EQ(detector->blocks_with_tone(0), 20u);
    EXPECT_EQ(detector->blocks_with_tone(1), 20u);
    EXPECT_EQ(detector->blocks_with_tone(2), 0u);
    EXPECT_NEAR(detector->last_block()[0].tone_peak_dbfs, -19.0, 0.5);
}

TEST(ToneSource, CadenceSwitchesAtExactSamples) {
    // 100 ms on, 50 ms off at 8 kHz: 800 samples of tone, 400 of silence, repeating.
    auto tone = ToneSource::create(
        {.frequency_hz = 1000, .level_dbfs = -10, .cadence = {.on = 100ms, .off = 50ms}});
    ASSERT_TRUE(tone);
    auto samples = read_frames(*tone, 30, 160);  // 4800 samples, four cycles
    for (std::size_t i = 0; i < samples.size(); ++i) {
        bool on = i % 1200 < 800;
        if (!on) {
            ASSERT_EQ(samples[i], 0) << i;
        }
    }
    // Each on period holds signal up to its last sample (1 kHz at 8 kHz: zero only every 4th).
    for (std::size_t cycle = 0; cycle < 4; ++cycle) {
        double energy = 0;
        for (std::size_t i = cycle * 1200 + 792; i < cycle * 1200 + 800; ++i)
            energy += samples[i] * samples[i];
        EXPECT_GT(energy, 0) << cycle;
    }
    EXPECT_EQ(tone->position(), 4800);
}

TEST(ToneSource, DurationEndsWithPadding) {
    auto tone = ToneSource::create({.frequency_hz = 500, .duration = 30ms});  // 240 samples
    ASSERT_TRUE(tone);
    std::vector<std::int16_t> frame(160);
    EXPECT_EQ(tone->read(frame), 160u);
    EXPECT_FALSE(tone->finished());
    EXPECT_EQ(tone->read(frame), 80u);
    EXPECT_TRUE(tone->finished());
    for (std::size_t i = 80; i < 160; ++i)
        ASSERT_EQ(frame[i], 0);
    EXPECT_EQ(tone->read(frame), 0u);
}

TEST(ToneSource, BadOptionsGiveTheirError) {
    struct Case {
        const char* name;
        ToneSourceOptions options;
        audio_errc expected;
    };
    const Case cases[] = {
        {"rate", {.sample_rate = 0}, audio_errc::unsupported_sample_rate},
        {"zero_hz", {.frequency_hz = 0}, audio_errc::bad_frequency},
        {"nyquist", {.sample_rate = 8000, .frequency_hz = 4000}, audio_errc::bad_frequency},
        {"second", {.second_frequency_hz = -5}, audio_errc::bad_frequency},
        {"loud", {.level_dbfs = 1}, audio_errc::bad_level},
        {"nan", {.level_dbfs = std::nan("")}, audio_errc::bad_level},
        {"no_on", {.cadence = {.on = 0ms, .off = 10ms}}, audio_errc::bad_cadence},
        {"negative", {.cadence = {.on = -5ms, .off = 10ms}}, audio_errc::bad_cadence}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto tone = ToneSource::create(c.options);
        ASSERT_FALSE(tone);
        EXPECT_EQ(tone.error(), c.expected);
    }
}

}  // namespace
}  // namespace sessioncore::media
