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
// same sine rather than restarting it, and consecutive frames join without a step.
std::int16_t ToneSource::next_sample() noexcept {
    bool on = tone_on_at(position_);
    double value = 0.0;
    for (int i = 0; i < tones_; ++i) {
        if (on)
            value += std::sin(phase_[i]);
        phase_[i] += phase_step_[i];
        if (phase_[i] >= two_pi)
            phase_[i] -= two_pi;  // keeps sin()'s argument small, so precision does not drift
    }
    ++position_;
    double scaled = std::nearbyint(value * amplitude_);
    return static_cast<std::int16_t>(std::clamp(scaled, -32768.0, 32767.0));
}

std::size_t ToneSource::read(std::span<std::int16_t> frame) {
    std::size_t count = frame.size();
    if (total_samples_)
        count = static_cast<std::size_t>(std::clamp<std::int64_t>(
            *total_samples_ - position_, 0, static_cast<std::int64_t>(frame.size())));
    for (std::size_t i = 0; i < count; ++i)
        frame[i] = next_sample();
    std::fill(frame.begin() + static_cast<std::ptrdiff_t>(count), frame.end(), std::int16_t{0});
    return count;
}

}  // namespace sessioncore::media
