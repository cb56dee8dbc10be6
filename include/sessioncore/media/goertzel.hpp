#pragma once
// The Goertzel algorithm: the power of a sample stream at one frequency f, without a full
// DFT. With ω = 2πf/rate (not rounded to a DFT bin) the recurrence s[n] = x[n] + 2cos(ω)s[n-1]
// - s[n-2] gives, after N samples, |X(f)|² = s1² + s2² - 2cos(ω)s1s2. A sine of peak A at f
// has |X|² ≈ (AN/2)². The tone detector and the test tools (wav_tone_check, the codec tests'
// dominant-frequency scans) share this one filter.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>

namespace sessioncore::media {

class GoertzelFilter {
public:
    GoertzelFilter(double frequency_hz, double sample_rate) noexcept
        : coefficient_(2.0 * std::cos(2.0 * std::numbers::pi * frequency_hz / sample_rate)) {}

    void push(double x) noexcept {
        const double s0 = x + coefficient_ * s1_ - s2_;
        s2_ = s1_;
        s1_ = s0;
    }
    /// |X(f)|² of the samples pushed since the last reset(); never negative (rounding can take
    /// a zero power slightly below 0).
    [[nodiscard]] double power() const noexcept {
        return std::max(0.0, s1_ * s1_ + s2_ * s2_ - coefficient_ * s1_ * s2_);
    }
    void reset() noexcept { s1_ = s2_ = 0.0; }

private:
    double coefficient_;  // 2cos(ω)
    double s1_ = 0.0;
    double s2_ = 0.0;
};

/// |X(f)|² of one block.
[[nodiscard]] inline double goertzel_power(std::span<const std::int16_t> block, double frequency_hz,
                                           double sample_rate) noexcept {
    GoertzelFilter filter(frequency_hz, sample_rate);
    for (std::int16_t x : block)
        filter.push(x);
    return filter.power();
}

}  // namespace sessioncore::media
