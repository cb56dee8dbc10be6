#pragma once
// Records mono int16 PCM into a 16-bit PCM WAV file at a given rate. The RIFF sizes in the
// header are written when the sink is closed (close() or destruction), so a file is only
// complete after that.

#include <filesystem>
#include <memory>

#include <boost/system/result.hpp>

#include <sessioncore/media/audio_sink.hpp>

namespace sessioncore::media {

class WavFileSink final : public AudioSink {
public:
    /// Creates (or truncates) `path`. Errors: audio_errc::unsupported_sample_rate, and
    /// cannot_create when the path cannot be written (logged as media.wav_create_failed).
    [[nodiscard]] static boost::system::result<WavFileSink> create(
        const std::filesystem::path& path, int sample_rate);

    WavFileSink(WavFileSink&&) noexcept;
    WavFileSink& operator=(WavFileSink&&) noexcept;
    /// Closes the file if close() was not called; an error then is only logged.
    ~WavFileSink() override;

    [[nodiscard]] int sample_rate() const noexcept override;
    /// Appends the frame. Errors: audio_errc::write_failed, closed.
    boost::system::error_code write(std::span<const std::int16_t> frame) override;

    /// Finalises the header and closes the file; later writes fail with audio_errc::closed.
    /// Errors: write_failed when the header could not be written; closed when already closed.
    boost::system::error_code close();

    /// Samples written so far.
    [[nodiscard]] std::int64_t samples_written() const noexcept;

private:
    struct Impl;
    explicit WavFileSink(std::unique_ptr<Impl> impl) noexcept;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sessioncore::media
