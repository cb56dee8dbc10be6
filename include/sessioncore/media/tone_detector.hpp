#pragma once
// Tone detection with the Goertzel algorithm: the power of a frame stream at a few chosen
// frequencies, in blocks of N samples, compared with the block's total power. A block holds a
// tone at f when the share of its energy at f reaches a threshold and the block is not
// (near-)silent, so "the recording holds 1 kHz and not silence" is one question.
//
// For a block x[0..N) and the frequency f (ω = 2πf/rate, not rounded to a DFT bin), Goertzel's
// recurrence s[n] = x[n] + 2cos(ω)s[n-1] - s[n-2] gives |X(f)|² = s1² + s2² - 2cos(ω)s1s2. A
// sine of peak A at f has |X|² ≈ (AN/2)² and energy Σx² ≈ A²N/2, so the share
// 2|X|²/(N·Σx²) is 1 for a pure tone, 1/2 for each of two equal tones and about 2/N for white
// noise. The estimate's resolution is about rate/N (50 Hz for 160 samples at 8 kHz).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <boost/system/result.hpp>

#include <sessioncore/media/goertzel.hpp>

namespace sessioncore::media {

struct ToneDetectorOptions {
    int sample_rate = 8000;
    /// The frequencies to watch, each in (0, rate/2).
    std::vector<double> frequencies_hz{};
    /// Samples per analysed block; 0: 20 ms at the rate.
    std::size_t block_samples = 0;
    /// The share of a block's energy at a frequency for the tone to count as present.
    double min_energy_share = 0.25;
    /// A block quieter than this (RMS re full-scale square wave, see level_dbfs) holds no tone.
    double min_level_dbfs = -50.0;
};

/// What one block showed at one frequency.
struct ToneMeasurement {
    double frequency_hz = 0.0;
    double energy_share = 0.0;     ///< 2|X(f)|²/(N·Σx²), 0 for a silent block
    double tone_peak_dbfs = -200;  ///< the estimated sine peak at f, 2|X|/N, re 32767
    bool present = false;
};

class ToneDetector {
public:
    /// Errors: audio_errc::unsupported_sample_rate, no_frequencies, bad_frequency.
    [[nodiscard]] static boost::system::result<ToneDetector> create(ToneDetectorOptions options);

    /// Feeds samples (any count; blocks complete across calls). Allocates nothing.
    void process(std::span<const std::int16_t> samples) noexcept;

    /// Blocks completed so far.
    [[nodiscard]] std::size_t blocks() const noexcept { return blocks_; }
    /// Completed blocks in which frequencies_hz[index] was present.
    [[nodiscard]] std::size_t blocks_with_tone(std::size_t index) const noexcept;
    /// The last completed block, one entry per frequency in the order given (empty before the
    /// first block completes).
    [[nodiscard]] std::span<const ToneMeasurement> last_block() const noexcept;
    /// The RMS of the last completed block in dB re full scale (a full-scale square wave is
    /// 0 dBFS, a full-scale sine -3.01); -200 for digital silence.
    [[nodiscard]] double last_level_dbfs() const noexcept { return last_level_dbfs_; }
    [[nodiscard]] std::size_t block_samples() const noexcept { return block_samples_; }

private:
    ToneDetector() = default;
    void finish_block() noexcept;

    struct Filter {
        GoertzelFilter goertzel;
        std::size_t blocks_present = 0;
    };

    int sample_rate_ = 0;
    std::size_t block_samples_ = 0;
    double min_energy_share_ = 0.0;
    double min_level_dbfs_ = 0.0;
    std::vector<Filter> filters_;
    std::vector<ToneMeasurement> last_;
    std::size_t in_block_ = 0;
    double energy_ = 0.0;
    std::size_t blocks_ = 0;
    double last_level_dbfs_ = -200.0;
};

/// The RMS of `samples` in dB re full scale (32768: a full-scale square wave is 0 dBFS);
/// -200 for digital silence or no samples.
[[nodiscard]] double level_dbfs(std::span<const std::int16_t> samples) noexcept;

}  // namespace sessioncore::media
