#pragma once
// The push side of local audio: something that takes frames of mono 16-bit PCM (a WAV file,
// the application). Frames are spans the caller owns; a sink copies what it keeps.

#include <cstdint>
#include <span>

#include <boost/system/error_code.hpp>

namespace sessioncore::media {

/// A consumer of mono int16 PCM at a fixed rate. Not thread-safe: one owner writes to it.
class AudioSink {
public:
    virtual ~AudioSink() = default;

    /// The rate the sink expects, in Hz; the caller resamples to it.
    [[nodiscard]] virtual int sample_rate() const noexcept = 0;

    /// Consumes one frame (any length, normally 20 ms). Errors: what the sink's medium reports
    /// (audio_errc::write_failed, audio_errc::closed).
    virtual boost::system::error_code write(std::span<const std::int16_t> frame) = 0;

protected:
    AudioSink() = default;
    AudioSink(const AudioSink&) = default;
    AudioSink& operator=(const AudioSink&) = default;
    AudioSink(AudioSink&&) = default;
    AudioSink& operator=(AudioSink&&) = default;
};

}  // namespace sessioncore::media
