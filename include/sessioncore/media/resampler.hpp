#pragma once
// Sample-rate conversion of mono 16-bit PCM between the rates our codecs run at (8000, 16000,
// 48000 Hz), one fixed-length frame at a time, through speexdsp. The filter state is
// allocated once by make(); process() allocates nothing. Not thread-safe: one per stream.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include <sessioncore/media/error.hpp>

namespace sessioncore::media {

struct ResamplerOptions {
    std::uint32_t input_rate = 8000;
    std::uint32_t output_rate = 48000;
    std::chrono::milliseconds frame{20};
    int quality = 3;  ///< speexdsp 0-10; 3 is its "VoIP" setting, plenty for telephone audio
};

class Resampler {
public:
    /// Errors: unsupported_sample_rate, bad_option (quality outside 0-10, frame not 1-120 ms),
    /// codec_failure (speexdsp refused).
    [[nodiscard]] static Result<Resampler> make(const ResamplerOptions& options);

    Resampler(Resampler&&) noexcept;
    Resampler& operator=(Resampler&&) noexcept;
    ~Resampler();

    [[nodiscard]] std::size_t input_frame_samples() const noexcept { return input_samples_; }
    [[nodiscard]] std::size_t output_frame_samples() const noexcept { return output_samples_; }

    /// Converts one input frame into exactly output_frame_samples() samples (the filter's
    /// delay, a few samples, is carried from frame to frame). Errors: bad_frame_size when
    /// `in` is not input_frame_samples(), buffer_too_small, codec_failure.
    [[nodiscard]] Result<std::size_t> process(std::span<const std::int16_t> in,
                                              std::span<std::int16_t> out);

private:
    struct State;
    Resampler(std::unique_ptr<State> state, std::size_t in, std::size_t out) noexcept;

    std::unique_ptr<State> state_;  // null when the rates are equal: a copy
    std::size_t input_samples_;
    std::size_t output_samples_;
};

}  // namespace sessioncore::media
