#pragma once
// Limits shared by the audio sources, sinks and the detector.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace sessioncore::media::detail {

// Below 1 kHz nothing is speech; above 384 kHz no audio interface goes. Either way a rate out
// there is a corrupt header or a caller's mistake.
inline constexpr int min_sample_rate = 1000;
inline constexpr int max_sample_rate = 384000;

[[nodiscard]] constexpr bool valid_sample_rate(int rate) noexcept {
    return rate >= min_sample_rate && rate <= max_sample_rate;
}

/// A sample in [-1, 1] (libsndfile's normalised float) to int16, rounded and clipped.
[[nodiscard]] inline std::int16_t to_int16(double value) noexcept {
    double scaled = std::nearbyint(value * 32768.0);
    return static_cast<std::int16_t>(std::clamp(scaled, -32768.0, 32767.0));
}

}  // namespace sessioncore::media::detail
