#include <cmath>
#include <numbers>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/audio_source.hpp>
#include <sessioncore/media/tone_detector.hpp>

#include "audio_limits.hpp"

namespace sessioncore::media {

namespace {

constexpr double silent_dbfs = -200.0;
constexpr double full_scale = 32768.0;  // level_dbfs(): a full-scale square wave is 0 dBFS
constexpr double sine_peak = 32767.0;   // matches ToneSource's 0 dBFS sine

double to_dbfs(double amplitude, double reference) noexcept {
    return amplitude > 0.0 ? 20.0 * std::log10(amplitude / reference) : silent_dbfs;
}

}  // namespace

double level_dbfs(std::span<const std::int16_t> samples) noexcept {
    if (samples.empty())
        return silent_dbfs;
    double energy = 0.0;
    for (std::int16_t s : samples)
        energy += static_cast<double>(s) * s;
    return to_dbfs(std::sqrt(energy / static_cast<double>(samples.size())), full_scale);
}

boost::system::result<ToneDetector> ToneDetector::create(ToneDetectorOptions options) {
    if (!detail::valid_sample_rate(options.sample_rate))
        return audio_errc::unsupported_sample_rate;
    if (options.frequencies_hz.empty())
        return audio_errc::no_frequencies;
    ToneDetector detector;
    detector.sample_rate_ = options.sample_rate;
    detector.block_samples_ =
        options.block_samples != 0 ? options.block_samples : frame_samples(options.sample_rate);
    detector.min_energy_share_ = options.min_energy_share;
    detector.min_level_dbfs_ = options.min_level_dbfs;
    for (double hz : options.frequencies_hz) {
        if (!std::isfinite(hz) || hz <= 0.0 || hz >= options.sample_rate / 2.0)
            return audio_errc::bad_frequency;
        detector.filters_.push_back({GoertzelFilter(hz, options.sample_rate)});
        detector.last_.push_back({.frequency_hz = hz});
    }
    return detector;
}

void ToneDetector::process(std::span<const std::int16_t> samples) noexcept {
    for (std::int16_t sample : samples) {
        double x = sample;
        energy_ += x * x;
        for (Filter& f : filters_)
            f.goertzel.push(x);
        if (++in_block_ == block_samples_)
            finish_block();
    }
}

void ToneDetector::finish_block() noexcept {
    auto n = static_cast<double>(block_samples_);
    last_level_dbfs_ = to_dbfs(std::sqrt(energy_ / n), full_scale);
    bool loud_enough = energy_ > 0.0 && last_level_dbfs_ >= min_level_dbfs_;
    for (std::size_t i = 0; i < filters_.size(); ++i) {
        Filter& f = filters_[i];
        const double power = f.goertzel.power();
        ToneMeasurement& m = last_[i];
        m.energy_share = energy_ > 0.0 ? 2.0 * power / (n * energy_) : 0.0;
        m.tone_peak_dbfs = to_dbfs(2.0 * std::sqrt(power) / n, sine_peak);
        m.present = loud_enough && m.energy_share >= min_energy_share_;
        if (m.present)
            ++f.blocks_present;
        f.goertzel.reset();
    }
    energy_ = 0.0;
    in_block_ = 0;
    ++blocks_;
}

std::size_t ToneDetector::blocks_with_tone(std::size_t index) const noexcept {
    return index < filters_.size() ? filters_[index].blocks_present : 0;
}

std::span<const ToneMeasurement> ToneDetector::last_block() const noexcept {
    if (blocks_ == 0)
        return {};
    return last_;
}

}  // namespace sessioncore::media
