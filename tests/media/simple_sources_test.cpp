#include <array>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/callback_sink.hpp>
#include <sessioncore/media/callback_source.hpp>
#include <sessioncore/media/silence_source.hpp>

namespace sessioncore::media {
namespace {

using namespace std::chrono_literals;

TEST(FrameSamples, TwentyMillisecondsAtEachRate) {
    EXPECT_EQ(frame_samples(8000), 160u);
    EXPECT_EQ(frame_samples(16000), 320u);
    EXPECT_EQ(frame_samples(48000), 960u);
    EXPECT_EQ(frame_samples(48000, 10ms), 480u);
    EXPECT_EQ(frame_samples(0), 0u);
}

TEST(SilenceSource, ZerosForItsDuration) {
    SilenceSource silence(8000, 25ms);  // 200 samples
    std::array<std::int16_t, 160> frame;
    frame.fill(99);
    EXPECT_EQ(silence.read(frame), 160u);
    for (auto s : frame)
        ASSERT_EQ(s, 0);
    EXPECT_FALSE(silence.finished());
    EXPECT_EQ(silence.read(frame), 40u);
    EXPECT_TRUE(silence.finished());
    SilenceSource endless(16000);
    EXPECT_EQ(endless.read(frame), 160u);
    EXPECT_FALSE(endless.finished());
    EXPECT_EQ(endless.sample_rate(), 16000);
}

TEST(CallbackSource, CallsPerFrameAndEndsOnAShortFill) {
    int calls = 0;
    CallbackSource source(8000, [&](std::span<std::int16_t> frame) -> std::size_t {
        ++calls;
        std::size_t n = calls < 3 ? frame.size() : 5;
        for (std::size_t i = 0; i < n; ++i)
            frame[i] = static_cast<std::int16_t>(calls * 100 + static_cast<int>(i));
        return n;
    });
    std::array<std::int16_t, 10> frame{};
    EXPECT_EQ(source.read(frame), 10u);
    EXPECT_EQ(frame[9], 109);
    EXPECT_EQ(source.read(frame), 10u);
    EXPECT_FALSE(source.finished());
    EXPECT_EQ(source.read(frame), 5u);
    EXPECT_TRUE(source.finished());
    EXPECT_EQ(frame, (std::array<std::int16_t, 10>{300, 301, 302, 303, 304, 0, 0, 0, 0, 0}));
    EXPECT_EQ(source.read(frame), 0u);
    EXPECT_EQ(calls, 3);  // not called after the end
}

TEST(CallbackSource, OverclaimingCallbackIsCappedAtTheFrame) {
    CallbackSource source(8000, [](std::span<std::int16_t> frame) {
        std::fill(frame.begin(), frame.end(), std::int16_t{7});
        return frame.size() + 100;
    });
    std::array<std::int16_t, 4> frame{};
    EXPECT_EQ(source.read(frame), 4u);
    EXPECT_FALSE(source.finished());
}

TEST(CallbackSink, SeesEachFrameAndPassesItsError) {
    std::vector<std::int16_t> seen;
    CallbackSink sink(8000, [&](std::span<const std::int16_t> frame) -> boost::system::error_code {
        seen.insert(seen.end(), frame.begin(), frame.end());
        if (seen.size() > 4)
            return audio_errc::write_failed;
        return {};
    });
    const std::array<std::int16_t, 3> frame{1, 2, 3};
    EXPECT_FALSE(sink.write(frame));
    EXPECT_EQ(sink.write(frame), audio_errc::write_failed);
    EXPECT_EQ(seen, (std::vector<std::int16_t>{1, 2, 3, 1, 2, 3}));
}

}  // namespace
}  // namespace sessioncore::media
