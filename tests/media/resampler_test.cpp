#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/resampler.hpp>

#include "signal_analysis.hpp"

namespace sessioncore::media {
namespace {

TEST(Resampler, RatiosKeepFrequency) {
    const std::uint32_t rates[] = {8000, 16000, 48000};
    for (auto from : rates) {
        for (auto to : rates) {
            SCOPED_TRACE(std::to_string(from) + "->" + std::to_string(to));
            auto r = Resampler::make({.input_rate = from, .output_rate = to});
            ASSERT_TRUE(r) << r.error();
            EXPECT_EQ(r->input_frame_samples(), from / 50);
            ASSERT_EQ(r->output_frame_samples(), to / 50);
            std::vector<std::int16_t> out(r->output_frame_samples()), all;
            for (std::size_t f = 0; f < 25; ++f) {
                auto in = test::sine(700.0, from, from / 50, 10000.0, f * (from / 50));
                auto n = r->process(in, out);
                ASSERT_TRUE(n) << n.error();
                ASSERT_EQ(*n, out.size());
                all.insert(all.end(), out.begin(), out.end());
            }
            std::span<const std::int16_t> tail(all.data() + all.size() / 2, all.size() / 2);
            EXPECT_NEAR(test::dominant_frequency(tail, to), 700.0, 25.0);
            EXPECT_GT(test::sine_snr_db(tail, 700.0, to), 25.0);
        }
    }
}

TEST(Resampler, Errors) {
    auto bad_rate = Resampler::make({.input_rate = 44100});
    ASSERT_FALSE(bad_rate);
    EXPECT_EQ(bad_rate.error(), errc::unsupported_sample_rate);
    auto bad_quality = Resampler::make({.quality = 11});
    ASSERT_FALSE(bad_quality);
    EXPECT_EQ(bad_quality.error(), errc::bad_option);
    auto r = Resampler::make({.input_rate = 16000, .output_rate = 8000});
    ASSERT_TRUE(r);
    std::vector<std::int16_t> in(320), out(160);
    auto wrong = r->process(std::span(in).first(319), out);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error(), errc::bad_frame_size);
    auto small = r->process(in, std::span(out).first(159));
    ASSERT_FALSE(small);
    EXPECT_EQ(small.error(), errc::buffer_too_small);
}

}  // namespace
}  // namespace sessioncore::media
