#pragma once
// A generated tone: one frequency or the sum of two (ringback is 440 Hz + 480 Hz in North
// America, 425 Hz in much of Europe), each at a level in dBFS, optionally switched on and off
// in a cadence (ringback: 2 s on, 4 s off). The oscillators run on through the off periods and
// across frames, so the waveform never jumps in phase.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include <boost/system/result.hpp>

#include <sessioncore/media/audio_source.hpp>

namespace sessioncore::media {

/// On/off switching of a tone; off == 0 means always on.
struct ToneCadence {
    std::chrono::milliseconds on{0};
    std::chrono::milliseconds off{0};
};

struct ToneSourceOptions {
    int sample_rate = 8000;
    double frequency_hz = 1000.0;
    /// A second frequency added to the first (dual tone), at the same level.
    std::optional<double> second_frequency_hz{};
    /// The peak of each sine relative to full scale (32767): 0 dBFS is a full-scale sine, whose
    /// RMS is 3.01 dB lower. Must be <= 0; two tones at more than -6.02 dBFS each may clip.
    double level_dbfs = -10.0;
    ToneCadence cadence{};
    /// Total length; none: the tone never finishes.
    std::optional<std::chrono::milliseconds> duration{};
};

class ToneSource final : public AudioSource {
public:
    /// Errors: audio_errc::unsupported_sample_rate, bad_frequency (not in (0, rate/2)),
    /// bad_level (above 0 dBFS or not finite), bad_cadence (an off time with no on time, or a
    /// negative time).
    [[nodiscard]] static boost::system::result<ToneSource> create(const ToneSourceOptions& options);

    [[nodiscard]] int sample_rate() const noexcept override { return sample_rate_; }
    std::size_t read(std::span<std::int16_t> frame) override;
    [[nodiscard]] bool finished() const noexcept override;

    /// Samples produced so far (the position in the cadence and the duration).
    [[nodiscard]] std::int64_t position() const noexcept { return position_; }

private:
    ToneSource() = default;
    [[nodiscard]] bool tone_on_at(std::int64_t sample) const noexcept;
    /// One tone as a rotating phasor: cos/sin at the frame's start, multiplied by the per-sample
    /// rotation for each sample, so a frame costs one sin/cos pair per tone, not one per sample.
    struct Phasor {
        double re = 1.0, im = 0.0;
    };
    void fill(std::span<std::int16_t> samples) noexcept;
    /// Whole-hertz tones with a short exact period play from a table of one period instead
    /// (built once by create()), the phasor is for the rest.
    void build_table(const ToneSourceOptions& options, std::size_t period);
    void fill_from_table(std::span<std::int16_t> samples) noexcept;

    int sample_rate_ = 0;
    double amplitude_ = 0.0;
    double phase_step_[2] = {0.0, 0.0};  // radians per sample
    double phase_[2] = {0.0, 0.0};       // at the next sample, in [0, 2π)
    Phasor rotation_[2] = {};            // (cos, sin) of phase_step_
    int tones_ = 1;
    std::int64_t on_samples_ = 0;
    std::int64_t off_samples_ = 0;
    std::optional<std::int64_t> total_samples_;
    std::int64_t position_ = 0;
    std::vector<std::int16_t> table_;  // one period, or empty (the phasor)
};

}  // namespace sessioncore::media
