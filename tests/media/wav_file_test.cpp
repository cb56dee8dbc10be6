#include <array>
#include <filesystem>
#include <fstream>
#include <vector>

#include <gtest/gtest.h>
#include <sndfile.h>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/wav_file_sink.hpp>
#include <sessioncore/media/wav_file_source.hpp>

namespace sessioncore::media {
namespace {

namespace fs = std::filesystem;

class WavFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("sc_wav_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

std::vector<std::int16_t> ramp(std::size_t n) {
    std::vector<std::int16_t> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = static_cast<std::int16_t>(static_cast<int>(i * 37 % 20000) - 10000);
    return v;
}

// Writes an arbitrary file with libsndfile directly (stereo, 3 channels, float...).
void write_with_sndfile(const fs::path& path, int channels, int format,
                        const std::vector<short>& interleaved, int rate = 8000) {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(f, nullptr) << sf_strerror(nullptr);
    // Shorts into a float file are stored as they are unless scaled to [-1, 1].
    sf_command(f, SFC_SET_SCALE_INT_FLOAT_WRITE, nullptr, SF_TRUE);
    sf_writef_short(f, interleaved.data(), static_cast<sf_count_t>(interleaved.size()) / channels);
    sf_close(f);
}

TEST_F(WavFileTest, WriteThenReadBackIsSampleExact) {
    auto samples = ramp(1000);
    auto path = dir_ / "ramp.wav";
    {
        auto sink = WavFileSink::create(path, 16000);
        ASSERT_TRUE(sink) << sink.error().message();
        EXPECT_EQ(sink->sample_rate(), 16000);
        for (std::size_t at = 0; at < samples.size(); at += 320) {
            auto n = std::min<std::size_t>(320, samples.size() - at);
            ASSERT_FALSE(sink->write(std::span(samples).subspan(at, n)));
        }
        EXPECT_EQ(sink->samples_written(), 1000);
    }  // destruction finalises the header
    auto source = WavFileSource::open(path);
    ASSERT_TRUE(source) << source.error().message();
    EXPECT_EQ(source->sample_rate(), 16000);
    EXPECT_EQ(source->file_channels(), 1);
    EXPECT_EQ(source->file_samples(), 1000);
    std::vector<std::int16_t> back;
    std::array<std::int16_t, 320> frame{};
    std::vector<std::size_t> counts;
    while (!source->finished()) {
        counts.push_back(source->read(frame));
        back.insert(back.end(), frame.begin(), frame.end());
    }
    EXPECT_EQ(counts, (std::vector<std::size_t>{320, 320, 320, 40}));
    ASSERT_EQ(back.size(), 1280u);
    EXPECT_TRUE(std::equal(samples.begin(), samples.end(), back.begin()));
    for (std::size_t i = 1000; i < back.size(); ++i)
        ASSERT_EQ(back[i], 0) << "padding at " << i;
    EXPECT_EQ(source->read(frame), 0u);
}

TEST_F(WavFileTest, ExplicitCloseFinalisesAndLaterWritesFail) {
    auto path = dir_ / "closed.wav";
    auto sink = WavFileSink::create(path, 8000);
    ASSERT_TRUE(sink);
    auto samples = ramp(160);
    ASSERT_FALSE(sink->write(samples));
    EXPECT_FALSE(sink->close());
    EXPECT_EQ(sink->write(samples), audio_errc::closed);
    EXPECT_EQ(sink->close(), audio_errc::closed);
    // The header holds the size while the sink object still lives.
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(info.frames, 160);
    EXPECT_EQ(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    sf_close(f);
}

TEST_F(WavFileTest, FileEndingOnAFrameBoundaryFinishesWithThatFrame) {
    auto path = dir_ / "exact.wav";
    {
        auto sink = WavFileSink::create(path, 8000);
        ASSERT_TRUE(sink);
        ASSERT_FALSE(sink->write(ramp(320)));
    }
    auto source = WavFileSource::open(path);
    ASSERT_TRUE(source);
    std::array<std::int16_t, 160> frame{};
    EXPECT_EQ(source->read(frame), 160u);
    EXPECT_FALSE(source->finished());
    EXPECT_EQ(source->read(frame), 160u);
    EXPECT_TRUE(source->finished());
}

TEST_F(WavFileTest, LoopingWrapsInsideAFrame) {
    auto path = dir_ / "loop.wav";
    auto samples = ramp(100);
    {
        auto sink = WavFileSink::create(path, 8000);
        ASSERT_TRUE(sink);
        ASSERT_FALSE(sink->write(samples));
    }
    auto source = WavFileSource::open(path, {.looping = Looping::Forever});
    ASSERT_TRUE(source);
    std::array<std::int16_t, 160> frame{};
    for (int round = 0; round < 5; ++round) {
        SCOPED_TRACE(round);
        ASSERT_EQ(source->read(frame), 160u);
        EXPECT_FALSE(source->finished());
        for (std::size_t i = 0; i < frame.size(); ++i)
            ASSERT_EQ(frame[i], samples[(round * 160 + i) % 100]) << i;
    }
}

TEST_F(WavFileTest, StereoIsMixedToMono) {
    auto path = dir_ / "stereo.wav";
    write_with_sndfile(path, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16, {1000, 3000, -2000, -4000});
    auto source = WavFileSource::open(path);
    ASSERT_TRUE(source) << source.error().message();
    EXPECT_EQ(source->file_channels(), 2);
    std::array<std::int16_t, 4> frame{};
    EXPECT_EQ(source->read(frame), 2u);
    EXPECT_EQ(frame, (std::array<std::int16_t, 4>{2000, -3000, 0, 0}));
    EXPECT_TRUE(source->finished());
}

TEST_F(WavFileTest, FloatAndAlawFilesAreConverted) {
    struct Case {
        const char* name;
        int format;
        int tolerance;  // A-law quantises; float round-trips exactly
    };
    const Case cases[] = {{"float", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1},
                          {"alaw", SF_FORMAT_WAV | SF_FORMAT_ALAW, 300}};
    std::vector<short> samples = {0, 8000, -8000, 16000, -16000};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto path = dir_ / (std::string(c.name) + ".wav");
        write_with_sndfile(path, 1, c.format, samples);
        auto source = WavFileSource::open(path);
        ASSERT_TRUE(source) << source.error().message();
        std::array<std::int16_t, 5> frame{};
        ASSERT_EQ(source->read(frame), 5u);
        for (std::size_t i = 0; i < samples.size(); ++i)
            EXPECT_NEAR(frame[i], samples[i], c.tolerance) << i;
    }
}

TEST_F(WavFileTest, BadFilesGiveTheirError) {
    std::ofstream(dir_ / "text.wav") << "this is not audio, just some text in a file\n";
    std::ofstream(dir_ / "empty.wav");
    write_with_sndfile(dir_ / "three.wav", 3, SF_FORMAT_WAV | SF_FORMAT_PCM_16, {1, 2, 3});
    fs::create_directories(dir_ / "folder.wav");
    struct Case {
        const char* name;
        fs::path path;
        audio_errc expected;
    };
    const Case cases[] = {{"missing", dir_ / "missing.wav", audio_errc::file_not_found},
                          {"text", dir_ / "text.wav", audio_errc::not_audio},
                          {"empty", dir_ / "empty.wav", audio_errc::not_audio},
                          {"three_channels", dir_ / "three.wav", audio_errc::unsupported_channels},
                          {"folder", dir_ / "folder.wav", audio_errc::cannot_open}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto source = WavFileSource::open(c.path);
        ASSERT_FALSE(source);
        EXPECT_EQ(source.error(), c.expected);
        EXPECT_EQ(source.error().category().name(), std::string("sessioncore.media.audio"));
    }
}

TEST_F(WavFileTest, UnwritablePathsAndBadRatesAreRefused) {
    fs::create_directories(dir_ / "a_folder");
    struct Case {
        const char* name;
        fs::path path;
        int rate;
        audio_errc expected;
    };
    const Case cases[] = {
        {"missing_folder", dir_ / "no" / "such" / "x.wav", 8000, audio_errc::cannot_create},
        {"a_folder", dir_ / "a_folder", 8000, audio_errc::cannot_create},
        {"rate_zero", dir_ / "r.wav", 0, audio_errc::unsupported_sample_rate},
        {"rate_huge", dir_ / "r.wav", 10'000'000, audio_errc::unsupported_sample_rate}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto sink = WavFileSink::create(c.path, c.rate);
        ASSERT_FALSE(sink);
        EXPECT_EQ(sink.error(), c.expected);
    }
}

}  // namespace
}  // namespace sessioncore::media
