#include <algorithm>
#include <cmath>
#include <numbers>

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

}  // namespace

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
        // Rounded half away from zero by hand: std::nearbyint honours the rounding mode and
        // is a library call per sample, the most expensive step here.
        const double scaled = std::clamp(value * amplitude_, -32768.0, 32767.0);
        out = static_cast<std::int16_t>(scaled >= 0.0 ? scaled + 0.5 : scaled - 0.5);
    }
    const auto n = static_cast<double>(samples.size());
    for (int i = 0; i < tones_; ++i)
        phase_[i] = std::fmod(phase_[i] + n * phase_step_[i], two_pi);
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
