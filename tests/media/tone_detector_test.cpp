#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/tone_detector.hpp>

namespace sessioncore::media {
namespace {

// Samples computed here, independently of ToneSource: peak amplitudes, frequencies in Hz.
std::vector<std::int16_t> sines(int rate, std::size_t n,
                                std::vector<std::pair<double, double>> parts) {
    std::vector<std::int16_t> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        double v = 0;
        for (auto [hz, amplitude] : parts)
            v += amplitude * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate);
        out[i] = static_cast<std::int16_t>(std::lround(v));
    }
    return out;
}

TEST(ToneDetector, PureToneHasAllTheEnergy) {
    auto d = ToneDetector::create({.sample_rate = 8000, .frequencies_hz = {1000, 1200, 350}});
    ASSERT_TRUE(d);
    d->process(sines(8000, 1600, {{1000, 10000}}));
    ASSERT_EQ(d->blocks(), 10u);
    auto block = d->last_block();
    ASSERT_EQ(block.size(), 3u);
    EXPECT_NEAR(block[0].energy_share, 1.0, 0.01);
    EXPECT_NEAR(block[0].tone_peak_dbfs, 20 * std::log10(10000 / 32767.0), 0.05);
    EXPECT_TRUE(block[0].present);
    EXPECT_LT(block[1].energy_share, 0.01);
    EXPECT_FALSE(block[1].present);
    EXPECT_FALSE(block[2].present);
    EXPECT_EQ(d->blocks_with_tone(0), 10u);
    EXPECT_NEAR(d->last_level_dbfs(), 20 * std::log10(10000 / std::sqrt(2.0) / 32768), 0.05);
}

TEST(ToneDetector, TwoEqualTonesShareTheEnergy) {
    auto d = ToneDetector::create({.sample_rate = 8000, .frequencies_hz = {697, 1209, 941}});
    ASSERT_TRUE(d);  // DTMF "1": 697 + 1209 Hz
    d->process(sines(8000, 1600, {{697, 6000}, {1209, 6000}}));
    auto block = d->last_block();
    EXPECT_NEAR(block[0].energy_share, 0.5, 0.05);
    EXPECT_NEAR(block[1].energy_share, 0.5, 0.05);
    EXPECT_TRUE(block[0].present);
    EXPECT_TRUE(block[1].present);
    EXPECT_FALSE(block[2].present);
}

TEST(ToneDetector, WhiteNoiseHoldsNoTone) {
    std::mt19937 rng(42);
    std::normal_distribution<double> noise(0.0, 3000.0);
    std::vector<std::int16_t> samples(8000);
    for (auto& s : samples)
        s = static_cast<std::int16_t>(std::lround(noise(rng)));
    auto d = ToneDetector::create({.sample_rate = 8000, .frequencies_hz = {1000, 440}});
    ASSERT_TRUE(d);
    d->process(samples);
    EXPECT_EQ(d->blocks(), 50u);
    EXPECT_EQ(d->blocks_with_tone(0), 0u);
    EXPECT_EQ(d->blocks_with_tone(1), 0u);
    EXPECT_GT(d->last_level_dbfs(), -30.0);  // loud, yet no tone
}

TEST(ToneDetector, SilenceAndQuietHumHoldNoTone) {
    auto d = ToneDetector::create({.sample_rate = 8000, .frequencies_hz = {1000}});
    ASSERT_TRUE(d);
    std::vector<std::int16_t> zeros(800, 0);
    d->process(zeros);
    EXPECT_EQ(d->blocks_with_tone(0), 0u);
    EXPECT_EQ(d->last_block()[0].energy_share, 0.0);
    EXPECT_EQ(d->last_level_dbfs(), -200.0);
    d->process(sines(8000, 800, {{1000, 20}}));  // about -67 dBFS: under the -50 floor
    EXPECT_EQ(d->blocks(), 10u);
    EXPECT_EQ(d->blocks_with_tone(0), 0u);
}

TEST(ToneDetector, BlocksCompleteAcrossCalls) {
    auto d = ToneDetector::create({.sample_rate = 8000, .frequencies_hz = {1000}});
    ASSERT_TRUE(d);
    auto samples = sines(8000, 320, {{1000, 8000}});
    EXPECT_TRUE(d->last_block().empty());
    d->process(std::span(samples).first(100));
    EXPECT_EQ(d->blocks(), 0u);
    d->process(std::span(samples).subspan(100));
    EXPECT_EQ(d->blocks(), 2u);
    EXPECT_EQ(d->blocks_with_tone(0), 2u);
}

TEST(ToneDetector, BadOptionsGiveTheirError) {
    struct Case {
        const char* name;
        ToneDetectorOptions options;
        audio_errc expected;
    };
    const Case cases[] = {
        {"rate", {.sample_rate = 10, .frequencies_hz = {1}}, audio_errc::unsupported_sample_rate},
        {"none", {.sample_rate = 8000}, audio_errc::no_frequencies},
        {"nyquist", {.sample_rate = 8000, .frequencies_hz = {4000}}, audio_errc::bad_frequency},
        {"negative", {.sample_rate = 8000, .frequencies_hz = {-1}}, audio_errc::bad_frequency}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto d = ToneDetector::create(c.options);
        ASSERT_FALSE(d);
        EXPECT_EQ(d.error(), c.expected);
    }
}

TEST(LevelDbfs, KnownLevels) {
    std::vector<std::int16_t> square(100);
    for (std::size_t i = 0; i < square.size(); ++i)
        square[i] = i % 2 == 0 ? 16384 : -16384;
    EXPECT_NEAR(level_dbfs(square), -6.02, 0.01);
    EXPECT_EQ(level_dbfs({}), -200.0);
}

}  // namespace
}  // namespace sessioncore::media
