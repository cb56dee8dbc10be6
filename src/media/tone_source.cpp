#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/tone_source.hpp>

#include "audio_limits.hpp"

namespace sessioncore::media {

namespace {

constexpr double two_pi = 2.0 * std::numbers::pi;

std::int64_t samples_in(std::chrono::milliseconds duration, int rate) noexcept {
    return static_cast<std::int64_t>(duration.count()) * rate / 1000;
}

bool valid_frequency(double hz, int rate) noexcept {
    return std::isfinite(hz) && hz > 0.0 && hz < rate / 2.0;
}

boost::system::error_code check(const ToneSourceOptions& o) noexcept {
    if (!detail::valid_sample_rate(o.sample_rate))
        return audio_errc::unsupported_sample_rate;
    if (!valid_frequency(o.frequency_hz, o.sample_rate))
        return audio_errc::bad_frequency;
    if (o.second_frequency_hz && !valid_frequency(*o.second_frequency_hz, o.sample_rate))
        return audio_errc::bad_frequency;
    if (!std::isfinite(o.level_dbfs) || o.level_dbfs > 0.0)
        return audio_errc::bad_level;
    if (o.cadence.on.count() < 0 || o.cadence.off.count() < 0 ||
        (o.cadence.off.count() > 0 && o.cadence.on.count() == 0))
        return audio_errc::bad_cadence;
    if (o.duration && o.duration->count() < 0)
        return audio_errc::bad_cadence;
    return {};
}

// Rounded half away from zero by hand: std::nearbyint honours the rounding mode and is a
// library call per sample.
std::int16_t to_sample(double value) noexcept {
    const double scaled = std::clamp(value, -32768.0, 32767.0);
    return static_cast<std::int16_t>(scaled >= 0.0 ? scaled + 0.5 : scaled - 0.5);
}

// The samples after which the tone repeats exactly: rate / gcd(rate, f1, f2) when the
// frequencies are whole hertz (1 kHz at 8 kHz: 8; 440 Hz: 200; 440 + 480 Hz: 200), or 0 when
// they are not or the period is longer than a table is worth.
std::size_t exact_period(const ToneSourceOptions& o) noexcept {
    constexpr std::size_t max_period = 8192;  // 16 KiB of samples
    const auto whole = [](double hz) { return hz == std::floor(hz); };
    if (!whole(o.frequency_hz) || (o.second_frequency_hz && !whole(*o.second_frequency_hz)))
        return 0;
    long divisor = std::gcd(static_cast<long>(o.sample_rate), static_cast<long>(o.frequency_hz));
    if (o.second_frequency_hz)
        divisor = std::gcd(divisor, static_cast<long>(*o.second_frequency_hz));
    const auto period = static_cast<std::size_t>(o.sample_rate / divisor);
    return period <= max_period ? period : 0;
}

}  // namespace

// One period of the tone, each sample from its exact phase ((f n mod rate) / rate of a turn,
// in integers, so nothing accumulates).
void ToneSource::build_table(const ToneSourceOptions& o, std::size_t period) {
    const long rate = o.sample_rate;
    long hz[2] = {static_cast<long>(o.frequency_hz), 0};
    if (o.second_frequency_hz)
        hz[1] = static_cast<long>(*o.second_frequency_hz);
    table_.resize(period);
    for (std::size_t n = 0; n < period; ++n) {
        double value = 0.0;
        for (int i = 0; i < tones_; ++i) {
            const long turn = (hz[i] * static_cast<long>(n)) % rate;
            value += std::sin(two_pi * static_cast<double>(turn) / static_cast<double>(rate));
        }
        table_[n] = to_sample(value * amplitude_);
    }
}

boost::system::result<ToneSource> ToneSource::create(const ToneSourceOptions& options) {
    if (auto ec = check(options))
        return ec;
    ToneSource tone;
    tone.sample_rate_ = options.sample_rate;
    tone.amplitude_ = 32767.0 * std::pow(10.0, options.level_dbfs / 20.0);
    tone.phase_step_[0] = two_pi * options.frequency_hz / options.sample_rate;
    if (options.second_frequency_hz) {
        tone.phase_step_[1] = two_pi * *options.second_frequency_hz / options.sample_rate;
        tone.tones_ = 2;
    }
    for (int i = 0; i < tone.tones_; ++i)
        tone.rotation_[i] = {std::cos(tone.phase_step_[i]), std::sin(tone.phase_step_[i])};
    if (options.cadence.off.count() > 0) {
        tone.on_samples_ = samples_in(options.cadence.on, options.sample_rate);
        tone.off_samples_ = samples_in(options.cadence.off, options.sample_rate);
    }
    if (options.duration)
        tone.total_samples_ = samples_in(*options.duration, options.sample_rate);
    if (const auto period = exact_period(options))
        tone.build_table(options, period);
    return tone;
}

bool ToneSource::finished() const noexcept {
    return total_samples_ && position_ >= *total_samples_;
}

bool ToneSource::tone_on_at(std::int64_t sample) const noexcept {
    if (off_samples_ == 0)
        return true;
    return sample % (on_samples_ + off_samples_) < on_samples_;
}

// The oscillators advance on every sample, heard or not, so each on period continues the
// same sine rather than restarting it, and consecutive frames join without a step. Each call
// starts its phasors afresh from the exact phase (kept modulo 2π), so the rounding of the
// rotations never accumulates beyond one frame.
void ToneSource::fill(std::span<std::int16_t> samples) noexcept {
    if (!table_.empty()) {
        fill_from_table(samples);
        return;
    }
    Phasor z[2];
    for (int i = 0; i < tones_; ++i)
        z[i] = {std::cos(phase_[i]), std::sin(phase_[i])};
    for (std::int16_t& out : samples) {
        const bool on = tone_on_at(position_);
        double value = 0.0;
        for (int i = 0; i < tones_; ++i) {
            if (on)
                value += z[i].im;
            const Phasor& r = rotation_[i];
            z[i] = {z[i].re * r.re - z[i].im * r.im, z[i].re * r.im + z[i].im * r.re};
        }
        ++position_;
        out = to_sample(value * amplitude_);
    }
    const auto n = static_cast<double>(samples.size());
    for (int i = 0; i < tones_; ++i)
        phase_[i] = std::fmod(phase_[i] + n * phase_step_[i], two_pi);
}

// Copies of the period from where the position falls in it, then the cadence's off samples
// cleared: no arithmetic per sample for a steady tone.
void ToneSource::fill_from_table(std::span<std::int16_t> samples) noexcept {
    const std::int64_t first = position_;
    const auto period = static_cast<std::int64_t>(table_.size());
    std::size_t done = 0;
    while (done < samples.size()) {
        const auto at = static_cast<std::size_t>(position_ % period);
        const std::size_t n = std::min(samples.size() - done, table_.size() - at);
        std::copy_n(table_.begin() + static_cast<std::ptrdiff_t>(at), n,
                    samples.begin() + static_cast<std::ptrdiff_t>(done));
        done += n;
        position_ += static_cast<std::int64_t>(n);
    }
    if (off_samples_ == 0)
        return;
    for (std::size_t k = 0; k < samples.size(); ++k)
        if (!tone_on_at(first + static_cast<std::int64_t>(k)))
            samples[k] = 0;
}

std::size_t ToneSource::read(std::span<std::int16_t> frame) {
    std::size_t count = frame.size();
    if (total_samples_)
        count = static_cast<std::size_t>(std::clamp<std::int64_t>(
            *total_samples_ - position_, 0, static_cast<std::int64_t>(frame.size())));
    fill(frame.first(count));
    std::fill(frame.begin() + static_cast<std::ptrdiff_t>(count), frame.end(), std::int16_t{0});
    return count;
}

}  // namespace sessioncore::media
