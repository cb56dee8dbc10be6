#pragma once
// The pull side of local audio: something that fills frames of mono 16-bit PCM (a WAV file, a
// tone, silence, the application). A frame is a caller-owned span of N samples, normally 20 ms
// at the source's rate (frame_samples()), so producing audio allocates nothing per frame.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

namespace sessioncore::media {

/// The packetisation interval every frame in this layer defaults to (RFC 3551 §4.5: 20 ms).
inline constexpr std::chrono::milliseconds default_frame_duration{20};

/// The number of samples in `duration` at `sample_rate` Hz (160 for 20 ms at 8000 Hz).
[[nodiscard]] constexpr std::size_t frame_samples(
    int sample_rate, std::chrono::milliseconds duration = default_frame_duration) noexcept {
    if (sample_rate <= 0 || duration.count() <= 0)
        return 0;
    return static_cast<std::size_t>(static_cast<long long>(sample_rate) * duration.count() / 1000);
}

/// A source of mono int16 PCM at a fixed rate. Not thread-safe: one owner (the session's shard)
/// reads it.
class AudioSource {
public:
    virtual ~AudioSource() = default;

    /// The rate of the samples read() gives, in Hz. A caller that needs another rate resamples.
    [[nodiscard]] virtual int sample_rate() const noexcept = 0;

    /// Fills all of `frame`: the next samples of the source, then silence once it has none left.
    /// Returns how many samples are the source's own (frame.size() until the end, less in the
    /// frame that reaches it, 0 after). Never fails: a read error ends the source.
    virtual std::size_t read(std::span<std::int16_t> frame) = 0;

    /// True once the source has given its last sample; read() then gives only silence.
    [[nodiscard]] virtual bool finished() const noexcept = 0;

protected:
    AudioSource() = default;
    AudioSource(const AudioSource&) = default;
    AudioSource& operator=(const AudioSource&) = default;
    AudioSource(AudioSource&&) = default;
    AudioSource& operator=(AudioSource&&) = default;
};

}  // namespace sessioncore::media
