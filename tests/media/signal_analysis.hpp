#pragma once
// Test helpers: a sine generator, and the dominant frequency of a block found by scanning
// Goertzel bins (media/goertzel.hpp).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

#include <sessioncore/media/goertzel.hpp>

namespace sessioncore::media::test {

inline std::vector<std::int16_t> sine(double hz, double rate, std::size_t n, double amplitude,
                                      std::size_t offset = 0) {
    std::vector<std::int16_t> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<std::int16_t>(
            std::lround(amplitude * std::sin(2.0 * std::numbers::pi * hz *
                                             static_cast<double>(i + offset) / rate)));
    return out;
}

/// A voice-like test signal: a tone around `hz` whose pitch wanders ±80 Hz at 2 Hz and whose
/// level swells at 3 Hz. Opus's encoder judges a steady sine inactive after about 0.7 s and
/// stops sending FEC for it; this keeps it talking.
inline std::vector<std::int16_t> warble(double hz, double rate, std::size_t n, double amplitude,
                                        std::size_t offset = 0) {
    std::vector<std::int16_t> out(n);
    constexpr double two_pi = 2.0 * std::numbers::pi;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i + offset) / rate;
        const double level = 0.6 + 0.4 * std::sin(two_pi * 3.0 * t);
        // The phase is the integral of the pitch hz + 80 sin(2π·2t).
        const double phase = two_pi * hz * t - 80.0 / 2.0 * std::cos(two_pi * 2.0 * t);
        out[i] = static_cast<std::int16_t>(std::lround(amplitude * level * std::sin(phase)));
    }
    return out;
}

using media::goertzel_power;

/// The frequency with the most power among 25 Hz steps from 100 Hz to 0.45 × rate.
inline double dominant_frequency(std::span<const std::int16_t> x, double rate) {
    double best = 0.0, best_power = -1.0;
    for (double hz = 100.0; hz < 0.45 * rate; hz += 25.0) {
        double p = goertzel_power(x, hz, rate);
        if (p > best_power) {
            best_power = p;
            best = hz;
        }
    }
    return best;
}

/// SNR in dB of `y` against the best-fitting sine of `hz` (amplitude and phase fitted by
/// least squares), so codec delay and gain do not count as noise.
inline double sine_snr_db(std::span<const std::int16_t> y, double hz, double rate) {
    double sc = 0, ss = 0, cc = 0, yc = 0, ys = 0, yy = 0, cs = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        double w = 2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate;
        double s = std::sin(w), c = std::cos(w), v = y[i];
        ss += s * s;
        cc += c * c;
        cs += s * c;
        ys += v * s;
        yc += v * c;
        yy += v * v;
    }
    double det = ss * cc - cs * cs;
    double a = (ys * cc - yc * cs) / det, b = (yc * ss - ys * cs) / det;
    double signal = 0, noise = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        double w = 2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate;
        double fit = a * std::sin(w) + b * std::cos(w);
        signal += fit * fit;
        noise += (y[i] - fit) * (y[i] - fit);
    }
    (void)sc;
    return 10.0 * std::log10(signal / std::max(noise, 1e-9));
}

}  // namespace sessioncore::media::test
