#pragma once
// A WAV (or any other file libsndfile opens: AIFF, FLAC, raw-in-container...) played as mono
// int16 at the file's own rate. Stereo is mixed down to the mean of the two channels; files
// with more channels are refused. Resampling is the caller's: sample_rate() says what it gets.

#include <filesystem>
#include <memory>

#include <boost/system/result.hpp>

#include <sessioncore/media/audio_source.hpp>

namespace sessioncore::media {

/// What happens at the end of the file.
enum class Looping {
    Once,     ///< the source finishes; the last frame is padded with silence
    Forever,  ///< playback starts again at the first sample, in the same frame
};

struct WavFileSourceOptions {
    Looping looping = Looping::Once;
};

class WavFileSource final : public AudioSource {
public:
    /// Opens `path`. Errors: audio_errc::file_not_found, cannot_open, not_audio,
    /// unsupported_channels (not mono or stereo), unsupported_sample_rate. Each failure is
    /// also logged (logger "media", event media.wav_open_failed).
    [[nodiscard]] static boost::system::result<WavFileSource> open(
        const std::filesystem::path& path, WavFileSourceOptions options = {});

    WavFileSource(WavFileSource&&) noexcept;
    WavFileSource& operator=(WavFileSource&&) noexcept;
    ~WavFileSource() override;

    [[nodiscard]] int sample_rate() const noexcept override;
    std::size_t read(std::span<std::int16_t> frame) override;
    [[nodiscard]] bool finished() const noexcept override;

    /// The file's channel count before the mix-down (1 or 2).
    [[nodiscard]] int file_channels() const noexcept;
    /// The file's length in samples per channel (frames, in libsndfile's words).
    [[nodiscard]] std::int64_t file_samples() const noexcept;

private:
    struct Impl;
    explicit WavFileSource(std::unique_ptr<Impl> impl) noexcept;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sessioncore::media
